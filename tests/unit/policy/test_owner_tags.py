"""The owner's customer tags (from the shop or the orders CSV) and currency rates steer the policy."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

import pytest
from pydantic import ValidationError

from responder.models import Action, Intent
from responder.policy import PolicyConfig, decide
from tests.unit.policy.factory import customer, delivered, email, shipped

CFG = PolicyConfig(auto_send=tuple(Intent))
PLAIN = customer("100")
NO_AUTO = replace(PLAIN, owner_tags=frozenset({"no_auto"}))


@pytest.mark.parametrize("intent", [Intent.WHERE_IS_MY_ORDER, Intent.OTHER, Intent.DELIVERED_NOT_RECEIVED])
def test_no_auto_parks_every_reply_without_a_holding_note(intent: Intent) -> None:
    """no_auto: what would have gone out is parked, with the reason, and no automatic note."""
    the_order = delivered("30") if intent is Intent.DELIVERED_NOT_RECEIVED else shipped()
    assert decide(email(intent, the_order, PLAIN), CFG).action is Action.SEND
    got = decide(email(intent, the_order, NO_AUTO), CFG)
    assert got.action is Action.PARK and not got.holding_reply
    assert "the owner tagged this customer no_auto: every reply waits for a person" in got.reasons
    assert got.template == decide(email(intent, the_order, PLAIN), CFG).template


def test_no_auto_set_by_the_responder_is_not_the_owners_word() -> None:
    """Only the owner's tag counts: a responder tag named no_auto does not park."""
    mine = replace(PLAIN, tags=frozenset({"no_auto"}))
    assert decide(email(Intent.WHERE_IS_MY_ORDER, shipped(), mine), CFG).action is Action.SEND


def test_owner_vip_tag_raises_the_tier() -> None:
    """The owner's vip tag gets VIP treatment whatever the lifetime value."""
    data = email(Intent.DELIVERED_NOT_RECEIVED, delivered("80"), PLAIN)
    vip = email(Intent.DELIVERED_NOT_RECEIVED, delivered("80"), replace(PLAIN, owner_tags=frozenset({"vip"})))
    assert decide(data, PolicyConfig()).resolution == "investigate"
    assert decide(vip, PolicyConfig()).resolution == "reship"
    assert decide(vip, PolicyConfig()).priority < decide(data, PolicyConfig()).priority
    assert "VIP customer (your tag; lifetime value 100)" in decide(vip, PolicyConfig()).reasons


def test_owner_suspicious_tag_parks_concessions() -> None:
    """The owner's suspicious tag parks what auto_send would have sent."""
    flagged = replace(PLAIN, owner_tags=frozenset({"suspicious"}))
    got = decide(email(Intent.DELIVERED_NOT_RECEIVED, delivered("30"), flagged), CFG)
    assert got.action is Action.PARK
    assert any("suspicious" in r for r in got.reasons)


def test_a_rate_lets_a_foreign_order_meet_the_thresholds() -> None:
    """30 EUR: never compared without a rate; at EUR = 1.08 it is 32.40 USD, below 50: reship."""
    data = email(Intent.DELIVERED_NOT_RECEIVED, delivered("30", currency="EUR"), PLAIN)
    plain = decide(data, CFG)
    assert plain.resolution == "investigate" and plain.action is Action.PARK
    rated = decide(data, PolicyConfig(auto_send=tuple(Intent), rates={"EUR": Decimal("1.08")}))
    assert rated.resolution == "reship" and rated.action is Action.SEND
    high = decide(data, PolicyConfig(auto_send=tuple(Intent), rates={"EUR": Decimal("2")}))
    assert high.resolution == "investigate"  # 60 USD is not below 50


def test_rates_must_be_currency_codes_above_zero() -> None:
    """`eur` or a rate of 0 is refused with an example of the right form."""
    with pytest.raises(ValidationError, match=r"eur: .*EUR = 1\.08"):
        PolicyConfig.model_validate({"rates": {"eur": 1.08}})
    with pytest.raises(ValidationError, match="GBP"):
        PolicyConfig.model_validate({"rates": {"GBP": 0}})
