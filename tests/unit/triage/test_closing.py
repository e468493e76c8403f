"""A reply that only thanks us needs no answer; anything more keeps it a real email."""

from __future__ import annotations

from dataclasses import replace

import pytest

from responder.models import Action, Inbound, Intent, Signal
from responder.policy import PolicyConfig, decide
from responder.triage import OfflineTriager
from responder.triage.reading import ReadingTriager
from tests.unit.policy.factory import email, shipped


def _thanks(triager: OfflineTriager, text: str) -> bool:
    inbound = Inbound(message_id="<t@c.example>", from_addr="c@c.example", text=text, new_text=text)
    return ReadingTriager(triager, 4000).classify(inbound).has("thanks_only")


@pytest.mark.parametrize("text", [
    "Thanks! Got it today, all good :)",
    "ok thanks",
    "Thank you so much for the quick reply!",
    "شكرا وصلني الطلب",
    "ممنون، رسید",
    "خیلی ممنون",
])
def test_only_thanks_is_recognised(triager: OfflineTriager, text: str) -> None:
    """Gratitude and receipt in three languages, with nothing else, is a thank-you note."""
    assert _thanks(triager, text)


@pytest.mark.parametrize("text", [
    "Thanks, but it still hasn't arrived",
    "not received, thanks",
    "Thanks, it arrived broken",
    "Thanks. Where is my order 1001?",
    "thanks, cancel it",
    "Thank you, please refund",
    "وصلني ناقص شكرا",
    "ممنون، نرسیده",
    "thanks for nothing",
])
def test_anything_more_keeps_it_a_real_email(triager: OfflineTriager, text: str) -> None:
    """One word of a problem, a negation, a question or a request keeps the email answered."""
    assert not _thanks(triager, text)


def test_a_thank_you_note_gets_no_reply() -> None:
    """The policy skips it with a reason instead of sending the same template again."""
    data = email(Intent.WHERE_IS_MY_ORDER, shipped())
    thanked = replace(data, triage=replace(data.triage, signals=(Signal("thanks_only"),)))
    got = decide(thanked, PolicyConfig())
    assert got.action is Action.SKIP and "only thanks us" in got.reasons[0]
    assert decide(data, PolicyConfig()).action is Action.SEND
