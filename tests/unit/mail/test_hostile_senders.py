"""A slow auto-responder loop is capped per sender per day (R74); bad addresses are parked (R73)."""

from __future__ import annotations

import pytest

from responder.config import GuardsConfig
from responder.mail import guards
from responder.models import ALLOWED, Action, RateStats
from tests.unit.mail.factory import ctx, mail


def test_r74_sender_day_cap_parks_at_the_default_cap_and_not_below() -> None:
    """Four automatic replies in 24 h: answered; the fifth reached: parked with the reason."""
    assert guards.check(mail(), ctx(RateStats(sender_replies_24h=4))) == ALLOWED
    verdict = guards.check(mail(), ctx(RateStats(sender_replies_24h=5)))
    assert (verdict.action, verdict.rule) == (Action.PARK, "R74")
    assert "5 automatic replies" in verdict.reason and "sender_max_replies_per_24h" in verdict.reason


def test_r74_cap_comes_from_config() -> None:
    """The owner's guards.sender_max_replies_per_24h is the threshold."""
    caps = GuardsConfig(sender_max_replies_per_24h=2)
    assert guards.check(mail(), ctx(RateStats(sender_replies_24h=2), caps)).rule == "R74"
    assert guards.check(mail(), ctx(RateStats(sender_replies_24h=1), caps)) == ALLOWED


@pytest.mark.parametrize("subject", [
    "Re: [Ticket #12345] Your order", "RE: [Ticket #99812] your order", "(Case 998877) Your order",
    "Your order (Case 1)", "Ticket#12345: Your order", "[#ABC-123] Your order", "Your order",
    "Re: [Ticket #1] Re: Your order", "Case: 5512 Your order", "[تذكرة #4411] Your order",
])
def test_ticket_tags_do_not_make_a_subject_new(subject: str) -> None:
    """R74: a helpdesk's fresh ticket number leaves the normalised subject unchanged."""
    assert guards.normalise_subject(subject) == "your order"


def test_order_numbers_still_tell_subjects_apart() -> None:
    """Only ticket tags are dropped: two orders are two subjects."""
    assert guards.normalise_subject("Order (1001)") != guards.normalise_subject("Order (1002)")
    assert guards.normalise_subject("Where is order 1001?") != guards.normalise_subject(
        "Where is order 1002?")


@pytest.mark.parametrize("addr", ["@example.com", "x@y@example.com", "a b@example.com",
                                  "alice@localhost", "alice@exa mple.com"])
def test_r73_unusable_sender_address_is_parked(addr: str) -> None:
    """A From no mail server would accept as a recipient is parked, not answered."""
    verdict = guards.check(mail(from_addr=addr, from_addrs=(addr,)), ctx())
    assert (verdict.action, verdict.rule) == (Action.PARK, "R73")
