"""docs/policy.md's principles, which hold whatever the intent."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal

import pytest

from responder.drafting.config import TemplatesConfig
from responder.drafting.templates import TemplateDrafter
from responder.models import Action, Customer, Decision, Intent, PolicyInput
from responder.policy import PolicyConfig, TablePolicy, decide
from tests.unit.policy.factory import (
    SUSPICIOUS,
    VIP,
    customer,
    delivered,
    email,
    inbound,
    order,
    shipped,
)

CFG = PolicyConfig()


def same_outcome(got: Decision) -> tuple[str, str, Mapping[str, object]]:
    """What the customer is given: resolution, template and facts (minus the reply promise)."""
    facts = {k: v for k, v in got.facts.items() if k != "reply_within_hours"}
    return got.resolution, got.template, facts


THREAT_CASES = [
    (Intent.WHERE_IS_MY_ORDER, shipped()),
    (Intent.DELIVERED_NOT_RECEIVED, delivered("51")),
    (Intent.DELIVERED_NOT_RECEIVED, delivered("30")),
    (Intent.RETURN_REFUND, delivered("15")),
    (Intent.MISSING_ITEMS, delivered(weight_grams=700, expected_weight_grams=700)),
]


@pytest.mark.parametrize(("intent", "the_order"), THREAT_CASES)
def test_threat_buys_no_concession(intent: Intent, the_order: object) -> None:
    """The same email with and without a review threat gets the same resolution."""
    plain = decide(email(intent, the_order), CFG)  # type: ignore[arg-type]
    as_intent = email(Intent.REVIEW_THREAT, the_order, secondary=(intent,))  # type: ignore[arg-type]
    as_signal = email(intent, the_order, signals=("review_threat",))  # type: ignore[arg-type]
    for threatened in (decide(as_intent, CFG), decide(as_signal, CFG)):
        assert same_outcome(threatened) == same_outcome(plain)
        assert "review_threat" in threatened.tags and threatened.action is Action.PARK
        assert threatened.priority == plain.priority


def test_threat_without_underlying_problem_is_asked_to_clarify() -> None:
    """A bare threat with nothing else gets the clarifying reply, parked and tagged."""
    got = decide(email(Intent.REVIEW_THREAT), CFG)
    assert (got.template, got.resolution, got.action) == ("other_clarify", "none", Action.PARK)


def test_anger_changes_nothing_for_the_customer() -> None:
    """Tone is information for the approver, never a penalty or a bonus."""
    calm = decide(email(Intent.DELIVERED_NOT_RECEIVED, delivered("30")), CFG)
    angry = decide(email(Intent.DELIVERED_NOT_RECEIVED, delivered("30"), signals=("anger",)), CFG)
    assert same_outcome(angry) == same_outcome(calm) and angry.action is calm.action
    assert any("angry" in r for r in angry.reasons)


@pytest.mark.parametrize(
    ("intent", "the_order"),
    [
        (Intent.DELIVERED_NOT_RECEIVED, delivered("30", payment_status="disputed")),
        (Intent.RETURN_REFUND, delivered("15", payment_status="disputed")),
        (Intent.WRONG_ITEM_OR_PERSONALIZATION, delivered(payment_status="disputed")),
        (Intent.LOST_OR_DELAYED, shipped(payment_status="disputed")),
    ],
)
def test_disputed_payment_blocks_reship_and_refund(intent: Intent, the_order: object) -> None:
    """An order whose payment is disputed gets no goods and no money, whatever was asked."""
    cfg = PolicyConfig(auto_send=tuple(Intent))
    data = email(intent, the_order, signals=("deadline:2",))  # type: ignore[arg-type]
    got = decide(data, cfg)
    assert (got.resolution, got.template, got.action) == ("none", "chargeback", Action.PARK)
    assert "chargeback" in got.tags


def test_chargeback_signal_blocks_refund_on_a_paid_order() -> None:
    """A customer saying they opened a dispute blocks the refund the policy would grant."""
    got = decide(email(Intent.RETURN_REFUND, delivered("15"), signals=("chargeback:2",)), CFG)
    assert got.resolution == "none" and "refund_amount" not in got.facts


@pytest.mark.parametrize("intent", [Intent.WHERE_IS_MY_ORDER, Intent.CHARGEBACK_DISPUTE])
def test_a_threatened_dispute_is_a_threat_not_an_open_dispute(intent: Intent) -> None:
    """'...or I'll dispute the charge' gets the real answer, parked and tagged; no dispute reply."""
    data = email(intent, shipped(), signals=("chargeback",), secondary=(Intent.WHERE_IS_MY_ORDER,))
    got = decide(data, CFG)
    assert (got.template, got.action, got.resolution) == ("wismo_shipped", Action.PARK, "none")
    assert "dispute_threat" in got.tags and "chargeback" not in got.tags


def test_disputed_order_informational_reply_waits_for_a_person() -> None:
    """Tracking may be stated, but a person sends it while the dispute is open."""
    got = decide(email(Intent.WHERE_IS_MY_ORDER, shipped(payment_status="disputed")), CFG)
    assert (got.template, got.action) == ("wismo_shipped", Action.PARK)


SENDABLE = [
    (Intent.WHERE_IS_MY_ORDER, shipped()),
    (Intent.LOST_OR_DELAYED, shipped()),
    (Intent.CANCEL_ORDER, shipped()),
    (Intent.OTHER, None),
    (Intent.DELIVERED_NOT_RECEIVED, delivered("30")),
]


@pytest.mark.parametrize(("intent", "the_order"), SENDABLE)
def test_suspicious_customer_always_parked(intent: Intent, the_order: object) -> None:
    """Even with every auto-send switch on, a suspicious customer's reply waits."""
    cfg = PolicyConfig(auto_send=tuple(Intent))
    assert decide(email(intent, the_order), cfg).action is Action.SEND  # type: ignore[arg-type]
    got = decide(email(intent, the_order, SUSPICIOUS), cfg)  # type: ignore[arg-type]
    assert got.action is Action.PARK
    assert any("suspicious" in r for r in got.reasons)


def test_suspicious_reship_reminds_to_photograph_parcel() -> None:
    """Shipping goods to a suspicious customer reminds the owner to collect evidence."""
    got = decide(email(Intent.DELIVERED_NOT_RECEIVED, delivered("30"), SUSPICIOUS), CFG)
    assert any("photograph" in r for r in got.reasons)


def test_second_contact_gets_a_different_template_and_escalates() -> None:
    """'Still not here' after our answer never gets the same template: a person takes over."""
    first = decide(email(Intent.WHERE_IS_MY_ORDER, shipped()), CFG)
    again = email(Intent.WHERE_IS_MY_ORDER, shipped(), earlier_templates=(first.template,))
    got = decide(again, CFG)
    assert got.template == "second_contact" and got.template != first.template
    assert got.action is Action.PARK and got.priority < first.priority
    assert "second_contact" in got.tags and got.facts["order_id"] == "1042"


def test_second_clarifying_question_escalates_too() -> None:
    """Asking twice for the order number is not allowed either."""
    got = decide(email(Intent.OTHER, earlier_templates=("other_clarify",)), CFG)
    assert (got.template, got.action) == ("second_contact", Action.PARK)


def test_missing_order_asks_for_number_and_names_the_unknown_id() -> None:
    """No order found: a clarifying question goes out, the reasons name what was looked for.

    A number we do not have gets the reply someone else's order gets (R78, issue 15)."""
    got = decide(email(Intent.RETURN_REFUND, None, order_ids=("9999",)), CFG)
    assert (got.template, got.action) == ("verify_sender", Action.SEND)
    assert any("9999" in r for r in got.reasons) and "order_id" not in got.facts


def test_missing_order_question_can_be_switched_to_approval() -> None:
    """auto_send_clarifying=False parks clarifying questions too."""
    got = decide(email(Intent.WHERE_IS_MY_ORDER, None), PolicyConfig(auto_send_clarifying=False))
    assert got.action is Action.PARK


STRANGER = Customer(email="mallory@evil.example", name="Mallory Jones")


@pytest.mark.parametrize("lang", ["en", "ar", "fa"])
@pytest.mark.parametrize(
    "intent", [Intent.WHERE_IS_MY_ORDER, Intent.DELIVERED_NOT_RECEIVED, Intent.ADDRESS_CHANGE]
)
def test_sender_check_discloses_nothing(intent: Intent, lang: str) -> None:
    """A sender who did not place the order is asked to verify; the reply states no order fact."""
    data = email(intent, delivered("30"), STRANGER, sender_owns_order=False, language=lang)
    got = decide(data, CFG)
    assert (got.template, got.action, got.resolution) == ("verify_sender", Action.SEND, "none")
    assert dict(got.facts) == {}
    draft = TemplateDrafter(TemplatesConfig(), "Shop").draft(got, data, inbound())
    for secret in ("1042", "1Z999AA10123456784", "UPS", "Blue mug", "Elm Road", "Ann", "Mallory"):
        assert secret not in draft.text and secret not in draft.html


def test_guard_park_reason_parks_without_holding_reply() -> None:
    """A guard that forbids automatic sending parks the draft and sends no holding reply."""
    got = decide(email(Intent.OTHER, guard_park_reason="R12: sender rate limit"), CFG)
    assert got.action is Action.PARK and got.holding_reply is False
    assert any("R12: sender rate limit" in r for r in got.reasons)


def test_holding_reply_only_once_per_conversation() -> None:
    """A parked draft asks for a holding reply unless one already went out."""
    data = email(Intent.RETURN_REFUND, delivered("80"))
    assert decide(data, CFG).holding_reply is True
    later = email(Intent.RETURN_REFUND, delivered("80"), holding_sent=True)
    assert decide(later, CFG).holding_reply is False


def test_parked_decision_states_the_promised_answer_time() -> None:
    """The holding promise comes from holding_reply_hours; sent replies make no promise."""
    parked = decide(email(Intent.RETURN_REFUND, delivered("80")), PolicyConfig(holding_reply_hours=8))
    assert parked.facts["reply_within_hours"] == 8
    assert "reply_within_hours" not in decide(email(Intent.OTHER), CFG).facts


def test_vip_and_deadline_raise_priority() -> None:
    """Serious problems, VIPs and deadlines come first."""
    plain = decide(email(Intent.RETURN_REFUND, delivered("80")), CFG).priority
    vip = decide(email(Intent.RETURN_REFUND, delivered("80"), VIP), CFG).priority
    assert vip < plain
    trace = decide(email(Intent.LOST_OR_DELAYED, shipped()), CFG).priority
    deadline = decide(email(Intent.LOST_OR_DELAYED, shipped(), signals=("deadline:2",)), CFG).priority
    assert deadline < trace and 1 <= deadline <= 5


def test_loyal_order_count_grants_vip_treatment() -> None:
    """With loyal_order_count set, many small orders earn what a VIP gets."""
    loyal = customer("100", orders=12)
    data = email(Intent.DELIVERED_NOT_RECEIVED, delivered("80"), loyal)
    assert decide(data, CFG).resolution == "investigate"
    assert decide(data, PolicyConfig(loyal_order_count=10)).resolution == "reship"


def test_first_time_buyer_concessions_can_require_approval() -> None:
    """park_first_time_buyers parks a concession for a first order, not for a returning buyer."""
    cfg = PolicyConfig(auto_send=(Intent.DELIVERED_NOT_RECEIVED,), park_first_time_buyers=True)
    first = email(Intent.DELIVERED_NOT_RECEIVED, delivered("30"), customer(orders=1))
    assert decide(first, cfg).action is Action.PARK
    returning = email(Intent.DELIVERED_NOT_RECEIVED, delivered("30"), customer(orders=4))
    assert decide(returning, cfg).action is Action.SEND


def test_foreign_currency_is_never_compared_to_thresholds() -> None:
    """A 30 EUR order is not reshipped on a USD threshold; a person decides."""
    got = decide(email(Intent.DELIVERED_NOT_RECEIVED, delivered("30", currency="EUR")), CFG)
    assert got.resolution == "investigate" and got.action is Action.PARK
    assert any("EUR" in r for r in got.reasons)


def test_valuable_order_flags_signature_confirmation() -> None:
    """Orders above signature_above that go wrong remind the owner to ship with signature."""
    got = decide(email(Intent.DELIVERED_NOT_RECEIVED, delivered("300")), CFG)
    assert any("signature" in r for r in got.reasons)
    small = decide(email(Intent.DELIVERED_NOT_RECEIVED, delivered("30")), CFG)
    assert not any("signature" in r for r in small.reasons)


@pytest.mark.parametrize(
    ("carrier", "url"),
    [
        ("USPS", "https://tools.usps.com/go/TrackConfirmAction?tLabels=AB%2F1"),
        ("UPS Ground", "https://www.ups.com/track?tracknum=AB%2F1"),
        ("FedEx", "https://www.fedex.com/fedextrack/?trknbr=AB%2F1"),
        ("DHL Express", "https://www.dhl.com/global-en/home/tracking/tracking-express.html"
         "?submit=1&tracking-id=AB%2F1"),
    ],
)  # fmt: skip
def test_tracking_link_built_from_carrier_and_number(carrier: str, url: str) -> None:
    """Each known carrier's link is built with the number URL-quoted."""
    data = email(Intent.WHERE_IS_MY_ORDER, shipped(carrier=carrier, tracking_number="AB/1"))
    assert decide(data, CFG).facts["tracking_url"] == url


def test_tracking_link_kept_or_left_out() -> None:
    """The order's own link wins; an unknown carrier gets no invented link."""
    own = shipped(tracking_url="https://track.example/1")
    assert decide(email(Intent.WHERE_IS_MY_ORDER, own), CFG).facts["tracking_url"] == own.tracking_url
    odd = shipped(carrier="Pony Express Groups")
    assert "tracking_url" not in decide(email(Intent.WHERE_IS_MY_ORDER, odd), CFG).facts


def test_first_name_is_the_only_customer_fact() -> None:
    """The reply may greet by first name; nothing else about the customer is a fact."""
    facts = decide(email(Intent.WHERE_IS_MY_ORDER, shipped()), CFG).facts
    assert facts["first_name"] == "Ann"
    assert not any("Smith" in str(v) for v in facts.values())


def test_table_policy_is_the_pure_engine() -> None:
    """TablePolicy gives what decide() gives, and the same input always the same output."""
    data: PolicyInput = email(Intent.LOST_OR_DELAYED, shipped(), signals=("deadline:2",))
    assert TablePolicy(CFG).decide(data) == decide(data, CFG) == decide(data, CFG)


def test_policy_defaults_are_policy_md() -> None:
    """Defaults match docs/policy.md and unknown keys are rejected."""
    assert (CFG.vip_ltv, CFG.reship_below, CFG.signature_above, CFG.goodwill_credit) == (
        Decimal(500), Decimal(50), Decimal(250), Decimal(25),
    )  # fmt: skip
    assert CFG.auto_send == () and Intent.WHERE_IS_MY_ORDER in CFG.auto_send_info
    with pytest.raises(ValueError, match="vip_ltvv"):
        PolicyConfig.model_validate({"vip_ltvv": 1})
    assert PolicyConfig.model_validate({"auto_send": ["return_refund"]}).auto_send == (Intent.RETURN_REFUND,)


def test_order_for_other_sender_without_order_rule_states_nothing() -> None:
    """Order-free intents name the order only to its owner."""
    got = decide(email(Intent.CHARGEBACK_DISPUTE, order()), CFG)
    assert got.facts["order_id"] == "1042"
