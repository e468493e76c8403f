"""Keyword pre-checks: a pattern is skipped only when it cannot match."""

from __future__ import annotations

import re

import pytest

from responder.triage.prefilter import may_match, required_keywords
from responder.triage.signals import load_lexicon
from responder.triage.text import fold


@pytest.mark.parametrize(
    ("pattern", "keywords"),
    [
        (r"(?<!\w)(?:furious|livid)(?!\w)", {"furious", "livid"}),
        (r"rip[- ]?off", {"rip"}),
        (r"(?:third|fourth) (?:time|email)", {"third", "fourth"}),
        (r"Refund\s+now", {"refund"}),
        (r"(?:و|ال)?(?:غاضب جدا)", {"غاضب جدا"}),
    ],
)
def test_required_keywords(pattern: str, keywords: set[str]) -> None:
    """Each alternative contributes its longest mandatory literal, case-folded."""
    assert required_keywords(pattern) == keywords


@pytest.mark.parametrize("pattern", [r"f+u+c+k", r"\w+ly", r"(?:ab|cd)", r"(?:idiot)?s", "[bad"])
def test_no_keywords_means_always_run(pattern: str) -> None:
    """Optional, repeated, too short or broken: no keyword is claimed, the regex always runs."""
    assert required_keywords(pattern) is None
    assert may_match(None, "anything")


def test_lexicon_patterns_never_skip_a_match() -> None:
    """For every shipped rule, text the regex matches also passes the keyword check."""
    samples = [
        "I am FURIOUS, a total rip-off!!",
        "أنتم أغبياء وغاضب جداً",
        "خیلی عصبانی هستم، افتضاح است",
        "I have opened a dispute with my bank",
        "Give me a refund or I'll leave a review on Yelp",
    ]
    hits = 0
    for rule in load_lexicon().rules:
        for folded in map(fold, samples):
            if rule.pattern.search(folded):
                hits += 1
                assert may_match(rule.keywords, folded.casefold()), (rule.signal, folded)
    assert hits >= len(samples)


def test_keywords_are_casefolded() -> None:
    """Upper-case pattern literals are compared with case-folded text."""
    keywords = required_keywords(r"PayPal dispute")
    assert may_match(keywords, "my paypal dispute is open")
    assert not may_match(keywords, "paid by card")
    assert re.search(r"PayPal dispute", "PAYPAL DISPUTE", re.I)
