"""PAUSE and a UIDVALIDITY resync are decided by the policy, the same for the daemon and replay."""

from __future__ import annotations

from dataclasses import replace

from responder.models import Action, Intent
from responder.policy import PolicyConfig, decide
from tests.unit.policy.factory import email, order, shipped

CFG = PolicyConfig()
WISMO = email(Intent.WHERE_IS_MY_ORDER, shipped())
"""Answered automatically by default."""
PAUSE_REASON = "automatic sending is paused (the owner sent PAUSE)"


def test_pause_parks_the_reply_that_would_have_gone_out_unchanged() -> None:
    """Paused: the same draft (template, facts) waits for a person, with the reason, no holding note."""
    free, paused = decide(WISMO, CFG), decide(replace(WISMO, paused=True), CFG)
    assert free.action is Action.SEND
    assert paused.action is Action.PARK and not paused.holding_reply
    assert paused.reasons == (*free.reasons, PAUSE_REASON)
    assert (paused.template, dict(paused.facts)) == (free.template, dict(free.facts))


def test_resync_parks_with_its_own_reason() -> None:
    """An email from before a UIDVALIDITY change is not answered automatically: a person checks it."""
    decision = decide(replace(WISMO, resync=True, paused=True), CFG)
    assert decision.action is Action.PARK
    assert decision.reasons[-1].startswith("arrived before a UIDVALIDITY change")


def test_pause_leaves_a_parked_decision_as_it_was() -> None:
    """A draft that waits for approval anyway is decided exactly as without PAUSE."""
    refund = email(Intent.RETURN_REFUND, order())
    assert decide(refund, CFG).action is Action.PARK
    assert decide(replace(refund, paused=True), CFG) == decide(refund, CFG)
