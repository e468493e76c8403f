"""One case per row (and branch) of docs/policy.md's scenario table, drafted in en, ar and fa."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

import pytest

from responder.drafting.config import TemplatesConfig
from responder.drafting.templates import TemplateDrafter
from responder.models import Action, Intent, PolicyInput
from responder.policy import PolicyConfig, decide
from tests.unit.policy.factory import VIP, delivered, email, inbound, order, shipped

CFG = PolicyConfig()
LANGUAGES = ("en", "ar", "fa")


@dataclass(frozen=True)
class Row:
    """One branch of the table: the email, and the decision it must get."""

    name: str
    data: PolicyInput
    action: Action
    resolution: str
    template: str


ROWS = [
    Row("wismo not shipped", email(Intent.WHERE_IS_MY_ORDER, order()), Action.SEND, "none",
        "wismo_not_shipped"),
    Row("wismo shipped", email(Intent.WHERE_IS_MY_ORDER, shipped()), Action.SEND, "none",
        "wismo_shipped"),
    Row("wismo delivered becomes dnr", email(Intent.WHERE_IS_MY_ORDER, delivered("30")), Action.PARK,
        "reship", "dnr_reship"),
    Row("wismo cancelled order", email(Intent.WHERE_IS_MY_ORDER, order(fulfillment_status="cancelled")),
        Action.PARK, "none", "order_status"),
    Row("lost: trace", email(Intent.LOST_OR_DELAYED, shipped()), Action.SEND, "trace", "lost_trace"),
    Row("lost: deadline", email(Intent.LOST_OR_DELAYED, shipped(), signals=("deadline:2",)),
        Action.PARK, "second_parcel", "lost_second_parcel"),
    Row("dnr 49 reship", email(Intent.DELIVERED_NOT_RECEIVED, delivered("49")), Action.PARK, "reship",
        "dnr_reship"),
    Row("dnr 51 investigate", email(Intent.DELIVERED_NOT_RECEIVED, delivered("51")), Action.PARK,
        "investigate", "dnr_investigate"),
    Row("dnr 50 is not below 50", email(Intent.DELIVERED_NOT_RECEIVED, delivered("50")), Action.PARK,
        "investigate", "dnr_investigate"),
    Row("dnr 51 VIP reship", email(Intent.DELIVERED_NOT_RECEIVED, delivered("51"), VIP), Action.PARK,
        "reship", "dnr_reship"),
    Row("return 15 keep item", email(Intent.RETURN_REFUND, delivered("15")), Action.PARK,
        "refund_keep_item", "return_keep_item"),
    Row("return 80 return or exchange", email(Intent.RETURN_REFUND, delivered("80")), Action.PARK,
        "return_or_exchange", "return_or_exchange"),
    Row("cancel not shipped", email(Intent.CANCEL_ORDER, order()), Action.PARK, "cancel",
        "cancel_not_shipped"),
    Row("cancel shipped", email(Intent.CANCEL_ORDER, shipped()), Action.SEND, "return_on_arrival",
        "cancel_shipped"),
    Row("missing: weight short", email(Intent.MISSING_ITEMS, delivered(weight_grams=400,
        expected_weight_grams=700)), Action.PARK, "resend_missing", "missing_items"),
    Row("missing: weighed complete", email(Intent.MISSING_ITEMS, delivered(weight_grams=700,
        expected_weight_grams=700)), Action.PARK, "none", "missing_items"),
    Row("missing: complete but VIP", email(Intent.MISSING_ITEMS, delivered(weight_grams=700,
        expected_weight_grams=700), VIP), Action.PARK, "resend_missing", "missing_items"),
    Row("wrong item: store fault", email(Intent.WRONG_ITEM_OR_PERSONALIZATION, delivered()),
        Action.PARK, "replace", "wrong_item"),
    Row("wrong item: customer error", email(Intent.WRONG_ITEM_OR_PERSONALIZATION, delivered(),
        signals=("customer_error",)), Action.PARK, "remake_at_cost", "remake_offer"),
    Row("wrong item: customer error VIP", email(Intent.WRONG_ITEM_OR_PERSONALIZATION, delivered(), VIP,
        signals=("customer_error",)), Action.PARK, "remake", "wrong_item"),
    Row("address: not shipped", email(Intent.ADDRESS_CHANGE, order()), Action.PARK, "address_update",
        "address_update"),
    Row("address: shipped", email(Intent.ADDRESS_CHANGE, shipped()), Action.SEND, "none",
        "address_shipped"),
    Row("address: shipped VIP", email(Intent.ADDRESS_CHANGE, shipped(), VIP), Action.PARK, "redirect",
        "address_redirect"),
    Row("payment: paid", email(Intent.PAYMENT_ISSUE, order()), Action.PARK, "none", "payment_issue"),
    Row("payment: unverified", email(Intent.PAYMENT_ISSUE, order(payment_status="pending")),
        Action.PARK, "cancel_unverified", "payment_unverified"),
    Row("chargeback", email(Intent.CHARGEBACK_DISPUTE, delivered()), Action.PARK, "none", "chargeback"),
    Row("review threat", email(Intent.REVIEW_THREAT, shipped(), secondary=(Intent.WHERE_IS_MY_ORDER,)),
        Action.PARK, "none", "wismo_shipped"),
    Row("public complaint", email(Intent.DELIVERED_NOT_RECEIVED, delivered("30"),
        signals=("public_complaint",)), Action.PARK, "reship", "dnr_reship"),
    Row("abusive", email(Intent.ABUSIVE, None), Action.PARK, "none", "abusive"),
    Row("subscription", email(Intent.SUBSCRIPTION, None), Action.PARK, "none", "subscription_terms"),
    Row("subscription VIP", email(Intent.SUBSCRIPTION, None, VIP), Action.PARK,
        "subscription_concession", "subscription_concession"),
    Row("other", email(Intent.OTHER, None), Action.SEND, "none", "other_clarify"),
    Row("no order: ask for it", email(Intent.WHERE_IS_MY_ORDER, None), Action.SEND, "none",
        "ask_order_number"),
]  # fmt: skip


@pytest.mark.parametrize("row", ROWS, ids=[r.name for r in ROWS])
def test_scenario_row_decision(row: Row) -> None:
    """Each branch of the table ends in its action, resolution and template, with reasons."""
    got = decide(row.data, CFG)
    assert (got.action, got.resolution, got.template) == (row.action, row.resolution, row.template)
    assert got.reasons and all(isinstance(r, str) and r for r in got.reasons)
    assert got.holding_reply is (got.action is Action.PARK)


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("row", ROWS, ids=[r.name for r in ROWS])
def test_scenario_row_drafts_in_each_language(row: Row, lang: str) -> None:
    """The reply and, when parked, the holding reply render in the customer's language."""
    drafter = TemplateDrafter(TemplatesConfig(), "Tea & Cups")
    data = email(
        row.data.triage.intent, row.data.order, row.data.customer, language=lang,
        signals=tuple(s.name for s in row.data.triage.signals), secondary=row.data.triage.secondary,
    )  # fmt: skip
    got = decide(data, CFG)
    draft = drafter.draft(got, data, inbound())
    assert draft.language == lang and draft.template == got.template
    assert "Tea & Cups" in draft.text and "Tea &amp; Cups" in draft.html
    if "order_id" in got.facts:
        assert "1042" in draft.text
    if got.holding_reply:
        assert str(CFG.holding_reply_hours) in drafter.holding(data, inbound(), got).text


def test_shipped_reply_states_carrier_tracking_link_and_dates() -> None:
    """A shipped order's facts carry carrier, a built UPS link and the dates from the record."""
    facts = decide(email(Intent.WHERE_IS_MY_ORDER, shipped()), CFG).facts
    assert facts["carrier"] == "UPS"
    assert facts["tracking_url"] == "https://www.ups.com/track?tracknum=1Z999AA10123456784"
    assert (facts["shipped_date"], facts["expected_date"]) == ("2024-05-08", "2024-05-12")
    assert facts["items"] == ("2 x Blue mug",)


def test_not_shipped_states_ship_date_only_when_handling_time_is_set() -> None:
    """The expected ship date comes from the configured handling time, never invented."""
    data = email(Intent.WHERE_IS_MY_ORDER, order())
    assert "ship_by_date" not in decide(data, CFG).facts
    got = decide(data, PolicyConfig(handling_days=5))
    assert got.facts["ship_by_date"] == "2024-05-12"
    assert got.action is Action.SEND


def test_overdue_dispatch_is_parked_without_a_date() -> None:
    """An order past its handling time is not promised a date; a person looks at it."""
    got = decide(email(Intent.WHERE_IS_MY_ORDER, order()), PolicyConfig(handling_days=1))
    assert got.action is Action.PARK and "ship_by_date" not in got.facts
    assert any("overdue" in r for r in got.reasons)


def test_dnr_reship_goes_out_when_owner_turns_on_auto_send() -> None:
    """Below reship_below the reship is sent directly once the owner allows it; above, never."""
    cfg = PolicyConfig(auto_send=(Intent.DELIVERED_NOT_RECEIVED,))
    assert decide(email(Intent.DELIVERED_NOT_RECEIVED, delivered("49")), cfg).action is Action.SEND
    assert decide(email(Intent.DELIVERED_NOT_RECEIVED, delivered("51")), cfg).action is Action.PARK


def test_dnr_threshold_follows_config() -> None:
    """reship_below is read from config, not hard-wired."""
    data = email(Intent.DELIVERED_NOT_RECEIVED, delivered("70"))
    assert decide(data, CFG).resolution == "investigate"
    assert decide(data, PolicyConfig(reship_below=Decimal(100))).resolution == "reship"


def test_dnr_investigate_shows_delivery_evidence_to_approver() -> None:
    """The approver sees carrier, tracking and delivery date; the reply asks to check the address."""
    got = decide(email(Intent.DELIVERED_NOT_RECEIVED, delivered("51")), CFG)
    assert any("1Z999AA10123456784" in r and "2024-05-09" in r for r in got.reasons)
    assert got.facts["shipping_address"] == "5 Elm Road, Leeds"


def test_refund_without_return_states_amount_and_days() -> None:
    """Below keep_item_below the granted refund amount and processing time are facts."""
    got = decide(email(Intent.RETURN_REFUND, delivered("15")), CFG)
    assert (got.facts["refund_amount"], got.facts["refund_days"]) == ("15.00 USD", 5)


def test_cancel_after_shipping_mentions_configured_fee() -> None:
    """The processing fee appears only when the policy sets one."""
    data = email(Intent.CANCEL_ORDER, shipped())
    assert "cancel_fee" not in decide(data, CFG).facts
    assert decide(data, PolicyConfig(cancel_fee=Decimal(5))).facts["cancel_fee"] == "5.00 USD"


def test_missing_items_weighed_complete_tags_suspicious() -> None:
    """Evidence contradicting the claim tags the customer suspicious; a short parcel does not."""
    complete = delivered(weight_grams=690, expected_weight_grams=700)
    assert "suspicious" in decide(email(Intent.MISSING_ITEMS, complete), CFG).tags
    short = delivered(weight_grams=500, expected_weight_grams=700)
    assert "suspicious" not in decide(email(Intent.MISSING_ITEMS, short), CFG).tags


def test_missing_items_always_parked_even_with_auto_send() -> None:
    """Missing-item claims always wait for a person."""
    cfg = PolicyConfig(auto_send=tuple(Intent))
    got = decide(email(Intent.MISSING_ITEMS, delivered(weight_grams=1, expected_weight_grams=700)), cfg)
    assert got.action is Action.PARK


def test_remake_for_vip_costs_when_owner_says_so() -> None:
    """remake_free_for_vip=False makes a VIP's own mistake a paid remake."""
    data = email(Intent.WRONG_ITEM_OR_PERSONALIZATION, delivered(), VIP, signals=("customer_error",))
    assert decide(data, PolicyConfig(remake_free_for_vip=False)).resolution == "remake_at_cost"


def test_payment_problems_go_to_accounting() -> None:
    """Payment issues are routed to accounting, everything else to the owner."""
    assert decide(email(Intent.PAYMENT_ISSUE, order()), CFG).approver_group == "accounting"
    assert decide(email(Intent.RETURN_REFUND, delivered()), CFG).approver_group == "owner"
    cfg = PolicyConfig(approvers={Intent.RETURN_REFUND: "returns"}, default_approver="boss")
    assert decide(email(Intent.RETURN_REFUND, delivered()), cfg).approver_group == "returns"
    assert decide(email(Intent.OTHER), cfg).approver_group == "boss"


def test_abusive_reply_none_sends_nothing_at_all() -> None:
    """With abusive_reply="none" the email is escalated with no holding reply."""
    data = email(Intent.ABUSIVE)
    assert decide(data, CFG).holding_reply is True
    got = decide(data, PolicyConfig(abusive_reply="none"))
    assert got.action is Action.PARK and got.holding_reply is False
    assert "abusive" in got.tags


def test_chargeback_is_escalated_first() -> None:
    """A dispute gets the top priority and a chargeback tag, and no goods or money."""
    got = decide(email(Intent.CHARGEBACK_DISPUTE, delivered()), CFG)
    assert got.priority == 1 and "chargeback" in got.tags


def test_public_complaint_credit_is_for_the_approver_only() -> None:
    """The goodwill credit appears in the reasons, never in the facts the reply may state."""
    got = decide(email(Intent.WHERE_IS_MY_ORDER, shipped(), signals=("public_complaint",)), CFG)
    assert any("25.00 USD" in r for r in got.reasons)
    assert not any("25" in str(v) for k, v in got.facts.items() if k != "reply_within_hours")
    assert "public_complaint" in got.tags and got.action is Action.PARK


def test_other_is_informational_and_switchable() -> None:
    """'other' goes out by default and waits once the owner removes it from auto_send_info."""
    assert decide(email(Intent.OTHER), CFG).action is Action.SEND
    assert decide(email(Intent.OTHER), PolicyConfig(auto_send_info=())).action is Action.PARK


def test_a_demanded_time_limit_is_no_event_and_earns_no_second_parcel() -> None:
    """'Refund me today' (deadline level 1) opens a trace; only a named event suggests a second parcel."""
    got = decide(email(Intent.LOST_OR_DELAYED, shipped(), signals=("deadline",)), CFG)
    assert (got.template, got.resolution) == ("lost_trace", "trace")
