"""Bidi overrides and zero-width characters in a customer's Subject are not echoed (R77)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from email import message_from_bytes, policy

import pytest

from responder.approval.request import ApprovalRequest, build_subject
from responder.mail.compose import Envelope, reply_bytes
from responder.models import Action, Decision, Draft, Inbound, Triage

HIDDEN = ["\u202e", "\u202d", "\u2066", "\u2067", "\u2068", "\u2069", "\u200b", "\u200d",
          "\u200e", "\u200f", "\ufeff", "\u2060", "\U000e0041"]
SUBJECT = "Refund for order #1001 " + "".join(HIDDEN) + "gnp.exe"
NOW = datetime(2026, 12, 4, 12, 0, tzinfo=UTC)


def reply_subject_of(subject: str) -> str:
    """The Subject of our reply to a customer email with `subject`, as a client decodes it."""
    parent = Inbound(message_id="<p@example.com>", from_addr="alice@example.com", subject=subject)
    raw = reply_bytes(parent, Draft("Hi", "", "en", "t"), Envelope("Shop", "s@shop.example", "tok"),
                      "<m@shop.example>", now=NOW)
    return str(message_from_bytes(raw, policy=policy.default)["Subject"])


def approval_subject_of(subject: str) -> str:
    """The Subject of the approval email for a draft answering `subject`."""
    req = ApprovalRequest(7, "t" * 32, NOW, "alice@example.com", subject, "Hi",
                          Decision(action=Action.PARK), Triage())
    return build_subject(req)


@pytest.mark.parametrize("build", [reply_subject_of, approval_subject_of])
def test_invisible_characters_are_stripped_from_echoed_subjects(
        build: Callable[[str], str]) -> None:
    """Neither the reply nor the approval request carries a bidi or zero-width character."""
    echoed = build(SUBJECT)
    assert not any(ch in echoed for ch in HIDDEN)
    assert "Refund for order #1001 gnp.exe" in echoed


def test_persian_zwnj_is_kept() -> None:
    """ZWNJ joins Persian words (می‌خواهم): it is part of the text, not a trick."""
    assert "می\u200cخواهم" in reply_subject_of("می\u200cخواهم سفارش")
