"""Real machine mail never gets an automatic reply; real human mail does (docs/reliability.md: T1).

Data: the vendored subset and the full corpus (tests/corpus_paths.py). Bounces come from sisimai's
set-of-emails (its expected_p5-sisimai.json says which file is which), Mail-DeliveryStatus-
BounceParser and bounce_email; ham from the SpamAssassin public corpus.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from email.utils import getaddresses
from pathlib import Path

import pytest

from responder.config import GuardsConfig, StoreConfig
from responder.errors import MessageUnreadable
from responder.mail import guards
from responder.mail.bounces import is_autoreply, parse_bounce
from responder.mail.parse import parse
from responder.models import GuardVerdict, Inbound, RateStats

from .conftest import Corpus, CorpusTally

pytestmark = pytest.mark.corpus

KEY = b"corpus-test-key"
CTX = guards.context_for(StoreConfig(), GuardsConfig(), KEY, RateStats())

# Files sisimai counts as bounces that we deliberately do not, each for a stated reason.
NOT_BOUNCES_ON_PURPOSE = {
    "lhost-sendmail-14.eml": "a person forwarding a bounce with 'Fwd:'; a person should read it",
    "lhost-fml-02.eml": "mailing-list manager notice ('you are not a member'), not a DSN",
    "lhost-fml-03.eml": "mailing-list manager loop alert, not a DSN",
    "arf-26.eml": "Apple Mail one-click 'unsubscribe' mail, no report structure at all",
}
# BounceParser's corpus also holds spam and auto-replies; these are what its tests call them.
BOUNCEPARSER_AUTOREPLIES = {"autoreply.msg", "aol-vacation.msg", "polish-autoreply.msg",
                            "warning-6.msg"}
BOUNCEPARSER_NOT_BOUNCES = {
    "spam-lots-of-bogus-addresses.msg": "spam, not a report",
    "spam-with-image.msg": "spam, not a report",
    "spam-bogus-email-in-report.msg": "spam, not a report",
    "spam-with-badly-parsed-email.msg": "spam, not a report",
    "bluebottle.msg": "challenge-response robot reply quoting the original",
    "virus-caused-multiple-weird-reports.msg": "a virus-laden message, not a report",
}
# R5: only bulk/list/junk/auto_reply precedence stops a reply; 2 ham mails say "first-class".
MACHINE_PRECEDENCE = ("bulk", "list", "junk", "auto_reply")
LIST_HEADERS = ("list-id", "list-help", "list-subscribe", "list-unsubscribe",
                "list-post", "list-owner", "list-archive")
# Why plain (non-list) ham may legitimately get no automatic reply.
# R9 here means the mailbox owner wrote to themselves (Sender is the receiving address).
# R3: the 2002 ham holds a few real bounces (From Mailer-Daemon), which must not be answered.
HAM_REASONS = {"R2", "R3", "R4", "R5", "R7", "R8", "R9", "R10", "R11", "R13", "R16"}


@dataclass(frozen=True)
class Seen:
    """One corpus file, parsed and judged."""

    name: str
    inbound: Inbound
    verdict: GuardVerdict
    bounce: bool
    autoreply: bool


def judge(path: Path, ctx: guards.GuardContext = CTX) -> Seen:
    """Parse one file and ask both the bounce parser and the guards about it."""
    raw = path.read_bytes()
    inbound = parse(raw)
    verdict = guards.check(inbound, ctx)
    return Seen(path.name, inbound, verdict, parse_bounce(raw) is not None,
                is_autoreply(inbound) is not None)


def sisimai_expected(sisimai: Path) -> dict[str, set[str]]:
    """bsd file name -> the reasons sisimai expects, for files present in this copy."""
    rows = json.loads((sisimai / "expected_p5-sisimai.json").read_text())
    return {Path(r["file"]).name: {e["reason"] for e in r["expected"]}
            for r in rows if r["exists_in_set_of_emails"]}


def files(folder: Path, *suffixes: str) -> Iterator[Path]:
    """Every mail file under `folder` with one of the suffixes, sorted."""
    return iter(sorted(p for p in folder.rglob("*") if p.is_file() and p.suffix in suffixes))


def test_sisimai_bounces_are_recognised_and_never_answered(
        corpus: Corpus, corpus_tally: CorpusTally) -> None:
    """Every listed sisimai bounce is a bounce (vacation: an auto-reply); no copy is answered."""
    sisimai = corpus.root / "bounces" / "sisimai"
    expected = sisimai_expected(sisimai)
    missed, answered, total, autoreplies = [], [], 0, 0
    for folder in ("bsd", "dos", "mac", "err", "tmp"):
        for path in files(sisimai / "maildir" / folder, ".eml"):
            seen = judge(path)
            corpus_tally.parsed += 1
            answered += [f"{folder}/{seen.name}"] * seen.verdict.allow
            reasons = expected.get(seen.name) if folder == "bsd" else None
            if reasons is None:
                continue
            total += 1
            vacation = reasons == {"vacation"}
            autoreplies += vacation and seen.autoreply
            corpus_tally.recognised(bounce=not vacation,
                                    ok=seen.autoreply if vacation else seen.bounce)
            if not (seen.autoreply if vacation else seen.bounce):
                missed.append(seen.name)
    print(f"\nsisimai: listed bounces recognised {total - len(missed)}/{total} "
          f"(auto-replies {autoreplies}); missed on purpose {sorted(missed)}")
    assert set(missed) <= set(NOT_BOUNCES_ON_PURPOSE)
    assert not answered, answered
    assert total >= corpus.at_least(vendored=150, full=500)
    assert autoreplies == 5


def test_sisimai_negatives_are_not_called_bounces(
        corpus: Corpus, corpus_tally: CorpusTally) -> None:
    """sisimai's maildir/not/ files are not bounces (they may be skipped for other reasons)."""
    seen = [judge(p) for p in files(corpus.root / "bounces/sisimai/maildir/not", ".eml")]
    false_positives = [s.name for s in seen if s.bounce or s.verdict.bounce]
    corpus_tally.parsed += len(seen)
    corpus_tally.false_positives += len(false_positives)
    print(f"\nsisimai negatives: {len(false_positives)} false positives of {len(seen)}")
    assert len(seen) == 3 and not false_positives


def test_bounceparser_corpus(corpus: Corpus, corpus_tally: CorpusTally) -> None:
    """BounceParser's bounces are bounces, its auto-replies auto-replies; none is answered."""
    recognised, missed, answered = 0, [], []
    paths = [*files(corpus.root / "bounces" / "bounceparser-perl", ".msg")]
    corpus_tally.parsed += len(paths)
    for path in paths:
        seen = judge(path)
        if path.name in BOUNCEPARSER_NOT_BOUNCES:
            continue
        answered += [seen.name] * seen.verdict.allow
        ok = seen.autoreply if path.name in BOUNCEPARSER_AUTOREPLIES else seen.bounce
        recognised += ok
        corpus_tally.recognised(bounce=path.name not in BOUNCEPARSER_AUTOREPLIES, ok=ok)
        missed += [seen.name] * (not ok)
    print(f"\nbounceparser: recognised {recognised}/{recognised + len(missed)}")
    assert not missed and not answered, (missed, answered)
    assert recognised > 100


def test_bounce_email_ruby_corpus(corpus: Corpus, corpus_tally: CorpusTally) -> None:
    """Every bounce_email sample is recognised as a bounce and never answered."""
    seen = [judge(p) for p in files(corpus.root / "bounces/bounce_email-ruby/bounces", ".txt")]
    corpus_tally.parsed += len(seen)
    for s in seen:
        corpus_tally.recognised(bounce=True, ok=s.bounce)
    print(f"\nbounce_email: recognised {sum(s.bounce for s in seen)}/{len(seen)}")
    assert len(seen) >= 38
    assert all(s.bounce and not s.verdict.allow for s in seen)


def ham_context(inbound: Inbound) -> guards.GuardContext:
    """A context in which the mailbox that received this ham message is our support address."""
    values = [*inbound.header("delivered-to"), *inbound.header("to"), *inbound.header("cc")]
    ours = frozenset(a.lower() for _, a in getaddresses(values) if a)
    return guards.GuardContext(ours - {inbound.from_addr}, "shop.example", KEY, CTX.loop_token,
                               RateStats(), GuardsConfig())


def is_list_mail(inbound: Inbound) -> bool:
    """List-* headers, or a Precedence that R5 names (other values are allowed and logged)."""
    precedence = " ".join(inbound.header("precedence")).lower()
    return any(inbound.header(h) for h in LIST_HEADERS) or any(
        p in precedence for p in MACHINE_PRECEDENCE
    )


def test_ham_lists_get_no_reply_and_humans_do(corpus: Corpus, corpus_tally: CorpusTally) -> None:
    """Ham with List-*/Precedence is never answered; other ham is answered or held for a reason."""
    lists, suppressed, outcomes, odd = 0, 0, Counter[str](), []
    for path in files(corpus.root / "ham" / "spamassassin", ".txt"):
        try:
            inbound = parse(path.read_bytes())
        except MessageUnreadable:
            outcomes["unreadable"] += 1
            continue
        verdict = guards.check(inbound, ham_context(inbound))
        if is_list_mail(inbound):
            lists += 1
            suppressed += not verdict.allow
            continue
        outcomes["allowed" if verdict.allow else verdict.rule] += 1
        if not (verdict.allow or verdict.rule in HAM_REASONS):
            odd.append((path.name, verdict.rule, verdict.reason))
    corpus_tally.false_positives += len(odd)
    print(f"\nham: list mail suppressed {suppressed}/{lists}; human {dict(outcomes)}")
    assert not odd, odd
    assert suppressed == lists > corpus.at_least(vendored=200, full=1000)
    assert outcomes["allowed"] > 0.7 * sum(outcomes.values())
