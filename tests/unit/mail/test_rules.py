"""Rate caps (R12), own mail (R9), reply destination (R16/T43), subjects and rule order."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import pytest

from responder.config import GuardsConfig
from responder.mail import guards, msgid
from responder.models import ALLOWED, Action, RateStats
from tests.unit.mail.factory import KEY, ctx, mail


@pytest.mark.parametrize(
    ("field", "cap"),
    [("sender_mails_3h", 10), ("sender_same_subject_3h", 2), ("thread_replies_24h", 3),
     ("global_replies_10min", 60)],
)
def test_r12_each_cap_parks_at_its_limit_and_not_below(field: str, cap: int) -> None:
    """R12: one below a cap is answered; reaching the cap parks (never drops) the email."""
    counts: dict[str, Any] = {field: cap - 1}
    assert guards.check(mail(), ctx(replace(RateStats(), **counts))) == ALLOWED
    counts[field] = cap
    verdict = guards.check(mail(), ctx(replace(RateStats(), **counts)))
    assert (verdict.action, verdict.rule) == (Action.PARK, "R12")


def test_r12_caps_come_from_config() -> None:
    """R12: the thresholds are the configured ones, not hard-coded defaults."""
    caps = GuardsConfig(sender_max_per_3h=3)
    verdict = guards.check(mail(), ctx(RateStats(sender_mails_3h=3), caps))
    assert verdict.action is Action.PARK and "alert" in verdict.reason


def test_undeliverable_sender_is_skipped() -> None:
    """An address that bounced our mail recently gets no reply at all (skip, not park)."""
    verdict = guards.check(mail(), ctx(RateStats(sender_undeliverable=True)))
    assert (verdict.action, verdict.rule, verdict.bounce) == (Action.SKIP, "R3", False)


@pytest.mark.parametrize(
    ("headers", "fields"),
    [({}, {"from_addr": "help@shop.example", "from_addrs": ("help@shop.example",)}),
     ({"sender": ("Shop <SUPPORT@shop.example>",)}, {}),
     ({}, {"message_id": msgid.make_message_id(KEY, "i:1", "approval", "shop.example")})],
)
def test_r9_own_mail_is_dropped(headers: dict[str, tuple[str, ...]], fields: dict[str, str]) -> None:
    """R9: mail from an alias, with our Sender, or with our own Message-ID is skipped."""
    verdict = guards.check(mail(headers, **fields), ctx())
    assert (verdict.action, verdict.rule) == (Action.SKIP, "R9")


@pytest.mark.parametrize(
    "headers",
    [{"message-id": ("<ar.aaaaaaaaaaaaaaaa.bbbbbbbbbb@shop.example>",)},
     {"x-loop": ("ar.someone-else@other.example",)}],
)
def test_r9_look_alikes_are_not_own_mail(headers: dict[str, tuple[str, ...]]) -> None:
    """A forged id in our shape (bad tag) or someone else's X-Loop does not stop a reply."""
    fields = {"message_id": headers["message-id"][0]} if "message-id" in headers else {}
    assert guards.check(mail(headers, **fields), ctx()) == ALLOWED


@pytest.mark.parametrize("reply_to", [("alice@cust.example",), ("alice.work@cust.example",)])
def test_t43_reply_to_on_the_same_domain_is_fine(reply_to: tuple[str, ...]) -> None:
    """T43: a Reply-To on From's domain does not block; the reply still goes to From."""
    assert guards.check(mail(reply_to=reply_to), ctx()) == ALLOWED


def test_t43_reply_to_on_another_domain_is_parked() -> None:
    """T43/H39: a Reply-To on another domain is a phishing signal and parks the email."""
    verdict = guards.check(mail(reply_to=("alice@evil.example",)), ctx())
    assert (verdict.action, verdict.rule) == (Action.PARK, "R16")


def test_email_without_from_address_is_parked() -> None:
    """R16: with no From address there is nobody to reply to; a person looks."""
    verdict = guards.check(mail(from_addr="", from_addrs=()), ctx())
    assert (verdict.action, verdict.rule) == (Action.PARK, "R16")


def test_skip_rules_win_over_park_rules() -> None:
    """Machine mail is skipped even when it also lacks a Return-Path (no person's time spent)."""
    email = mail({"auto-submitted": ("auto-generated",)}, return_path=None)
    verdict = guards.check(email, ctx())
    assert (verdict.action, verdict.rule) == (Action.SKIP, "R4")


def test_resent_to_counts_as_addressed_to_us() -> None:
    """R11: our address in Resent-To is enough (RFC 5230 section 4.5)."""
    email = mail({"to": ("list@else.example",), "resent-to": ("support@shop.example",)},
                 to=("list@else.example",))
    assert guards.check(email, ctx()) == ALLOWED


@pytest.mark.parametrize(
    ("subject", "normal"),
    [("RE: Re: Fwd: Order 12", "order 12"), ("AW: WG: Bestellung", "bestellung"),
     ("Re[2]:  Where   is\tit", "where is it"), ("رد: طلبي رقم 5", "طلبي رقم 5"),
     ("پاسخ: سفارش ۱۲", "سفارش ۱۲"), ("Order: 12", "order: 12"), ("Fw : Réponse", "réponse")],
)
def test_normalise_subject_strips_prefixes_and_folds_case(subject: str, normal: str) -> None:
    """Same-subject counting ignores reply/forward prefixes (en, de, ar, fa), case and spacing."""
    assert guards.normalise_subject(subject) == normal
