"""One small function per row of docs/policy.md's scenario table.

Each function picks the reply and the resolution for its intent and appends the reasons a
store owner reads in the approval request. Cross-cutting principles (threats, disputes,
suspicious customers, second contacts) live in `engine.py`, so each row stays readable.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import timedelta

from responder.models import Fulfilment, Intent, Order, Payment, PolicyInput, Problem, Resolution
from responder.policy.config import PolicyConfig
from responder.policy.personal import Fault, evidence, fault, typed
from responder.policy.plan import (
    Kind,
    Plan,
    is_shipped,
    is_vip,
    money,
    order_facts,
    total_below,
)

EVENT = 2
"""Deadline level of an event or need the customer names (a wedding, "need it by Friday");
a bare date or a demanded time limit ("refund me today") is level 1: urgency, no second parcel."""

OrderRule = Callable[[PolicyInput, Order, PolicyConfig, Plan], None]
FreeRule = Callable[[PolicyInput, PolicyConfig, Plan], None]


def where_is_my_order(data: PolicyInput, order: Order, cfg: PolicyConfig, plan: Plan) -> None:
    """Status before shipping, tracking after; a delivered parcel becomes a delivery claim."""
    if order.fulfillment_status == Fulfilment.DELIVERED or order.delivered_at is not None:
        plan.reasons.append("tracking says delivered: handled as delivered-not-received")
        delivered_not_received(data, order, cfg, plan)
    elif order.fulfillment_status in (Fulfilment.CANCELLED, Fulfilment.RETURNED):
        plan.facts["status"] = order.fulfillment_status
        plan.reply("order_status", Resolution.NONE, Kind.PERSON, f"order is {order.fulfillment_status}")
    elif is_shipped(order):
        plan.reply("wismo_shipped", Resolution.NONE, Kind.INFO, "shipped: tracking link, a few more days")
    else:
        plan.reply("wismo_not_shipped", Resolution.NONE, Kind.INFO, "not shipped yet: status")
        ship_by(data, order, cfg, plan)


def ship_by(data: PolicyInput, order: Order, cfg: PolicyConfig, plan: Plan) -> None:
    """State the expected ship date the store's handling time promises, unless already past."""
    if cfg.handling_days is None or order.created_at is None:
        plan.reasons.append("no handling time configured: no ship date stated")
        return
    due = order.created_at + timedelta(days=cfg.handling_days)
    if due < data.now:
        plan.urgency += 1
        plan.park(f"dispatch is overdue (was due {due.date().isoformat()})")
    else:
        plan.facts["ship_by_date"] = due.date().isoformat()


def lost_or_delayed(data: PolicyInput, order: Order, cfg: PolicyConfig, plan: Plan) -> None:
    """Open a trace; a named deadline earns a second parcel suggestion for the approver."""
    if order.delivered_at is not None or not is_shipped(order):
        where_is_my_order(data, order, cfg, plan)
    elif data.triage.has("deadline", EVENT):
        plan.urgency += 2
        plan.reply(
            "lost_second_parcel",
            Resolution.SECOND_PARCEL,
            Kind.CONCESSION,
            "customer named a deadline: suggest a second parcel with a prepaid return label",
        )
    else:
        plan.reply("lost_trace", Resolution.TRACE, Kind.INFO, "in transit too long: open a carrier trace")


def delivered_not_received(data: PolicyInput, order: Order, cfg: PolicyConfig, plan: Plan) -> None:
    """Reship cheap orders and VIPs; otherwise park with the delivery evidence."""
    if order.shipping_address:
        plan.facts["shipping_address"] = order.shipping_address
    if total_below(order, cfg.reship_below, cfg):
        why = f"total {money(order.total, order.currency)} below {cfg.reship_below}: reship"
        plan.reply("dnr_reship", Resolution.RESHIP, Kind.CONCESSION, why)
    elif is_vip(data.customer, cfg):
        plan.reply("dnr_reship", Resolution.RESHIP, Kind.CONCESSION, "VIP: the store absorbs it, reship")
    else:
        plan.reply("dnr_investigate", Resolution.INVESTIGATE, Kind.PERSON, delivery_evidence(order))


def delivery_evidence(order: Order) -> str:
    """What the carrier says, for the approver deciding a delivered-not-received claim."""
    when = order.delivered_at.isoformat() if order.delivered_at else "no delivery date"
    return (
        f"total {money(order.total, order.currency)} not below the reship limit: evidence "
        f"{order.carrier or 'no carrier'} {order.tracking_number or 'no tracking'}, "
        f"delivered {when} to {order.shipping_address or 'unknown address'}"
    )


def return_refund(data: PolicyInput, order: Order, cfg: PolicyConfig, plan: Plan) -> None:
    """Return or exchange with instructions; cheap items are refunded without a return."""
    plan.facts["refund_days"] = cfg.refund_days
    if total_below(order, cfg.keep_item_below, cfg):
        plan.facts["refund_amount"] = money(order.total, order.currency)
        why = f"total below {cfg.keep_item_below}: refund, customer keeps the item"
        plan.reply("return_keep_item", Resolution.REFUND_KEEP_ITEM, Kind.CONCESSION, why)
    else:
        why = "offer return or exchange with instructions; ask what they did not like"
        plan.reply("return_or_exchange", Resolution.RETURN_OR_EXCHANGE, Kind.CONCESSION, why)


def cancel_order(data: PolicyInput, order: Order, cfg: PolicyConfig, plan: Plan) -> None:
    """Before shipping ask why and cancel once approved; after, return on arrival."""
    plan.facts["refund_days"] = cfg.refund_days
    if not is_shipped(order):
        why = "not shipped: ask why, cancel once approved"
        plan.reply("cancel_not_shipped", Resolution.CANCEL, Kind.CONCESSION, why)
        return
    if cfg.cancel_fee > 0:
        plan.facts["cancel_fee"] = money(cfg.cancel_fee, cfg.currency)
    why = f"already shipped: return on arrival for a refund, fee {cfg.cancel_fee}"
    plan.reply("cancel_shipped", Resolution.RETURN_ON_ARRIVAL, Kind.INFO, why)


def missing_items(data: PolicyInput, order: Order, cfg: PolicyConfig, plan: Plan) -> None:
    """Always parked; a parcel that weighed complete tags the customer suspicious."""
    plan.urgency += 1
    if not weighed_complete(order, cfg):
        why = "weight evidence does not contradict the claim: send the missing items"
        plan.reply("missing_items", Resolution.RESEND_MISSING, Kind.PERSON, why)
        return
    plan.tag("suspicious")
    evidence = f"parcel weighed {order.weight_grams} g, expected {order.expected_weight_grams} g"
    if is_vip(data.customer, cfg):
        why = f"{evidence}: complete, but valuable customer: consider sending the part"
        plan.reply("missing_items", Resolution.RESEND_MISSING, Kind.PERSON, why)
    else:
        plan.reply("missing_items", Resolution.NONE, Kind.PERSON, f"{evidence}: the parcel was complete")


def weighed_complete(order: Order, cfg: PolicyConfig) -> bool:
    """True when the shipped weight says nothing was missing."""
    if order.weight_grams is None or order.expected_weight_grams is None:
        return False
    return order.weight_grams >= order.expected_weight_grams - cfg.weight_tolerance_grams


def wrong_item(data: PolicyInput, order: Order, cfg: PolicyConfig, plan: Plan) -> None:
    """Store's fault: free replacement; customer's own input error: at cost, free for VIP."""
    if typed(order):
        personalised(data, order, cfg, plan)
    elif not data.triage.has("customer_error"):
        why = "store's fault (the customer is assumed right): replace or remake free"
        plan.reply("wrong_item", Resolution.REPLACE, Kind.CONCESSION, why)
    elif cfg.remake_free_for_vip and is_vip(data.customer, cfg):
        why = "customer's own input error, but VIP: remake free"
        plan.reply("wrong_item", Resolution.REMAKE, Kind.CONCESSION, why)
    else:
        why = "customer's own input error: remake at cost, a person sets the price"
        plan.reply("remake_offer", Resolution.REMAKE_AT_COST, Kind.PERSON, why)


def personalised(data: PolicyInput, order: Order, cfg: PolicyConfig, plan: Plan) -> None:
    """Compare the complaint with what the customer typed before remaking anything."""
    found, why = fault(data, order), evidence(data, order)
    if found is Fault.STORE:
        plan.reply("wrong_item", Resolution.REMAKE, Kind.CONCESSION, f"store's mistake ({why}): remake free")
    elif found is Fault.UNKNOWN:
        plan.reply("remake_offer", Resolution.NONE, Kind.PERSON,
                   f"cannot tell whose mistake ({why}): check first")
    elif cfg.remake_free_for_vip and is_vip(data.customer, cfg):
        why = f"customer's own input ({why}), but VIP: remake free"
        plan.reply("wrong_item", Resolution.REMAKE, Kind.CONCESSION, why)
    else:
        why = f"customer's own input ({why}): remake at cost, a person sets the price"
        plan.reply("remake_offer", Resolution.REMAKE_AT_COST, Kind.PERSON, why)


def address_change(data: PolicyInput, order: Order, cfg: PolicyConfig, plan: Plan) -> None:
    """Update before shipping once approved; after, a carrier redirect paid by LTV."""
    if order.shipping_address:
        plan.facts["shipping_address"] = order.shipping_address
    if not is_shipped(order):
        why = "not shipped: update the address once approved"
        plan.reply("address_update", Resolution.ADDRESS_UPDATE, Kind.CONCESSION, why)
    elif is_vip(data.customer, cfg):
        why = "shipped, VIP: the store arranges the carrier redirect"
        plan.reply("address_redirect", Resolution.REDIRECT, Kind.CONCESSION, why)
    else:
        why = "shipped: explain how to ask the carrier for a redirect"
        plan.reply("address_shipped", Resolution.NONE, Kind.INFO, why)


def payment_issue(data: PolicyInput, order: Order, cfg: PolicyConfig, plan: Plan) -> None:
    """Stick to the payment policy; an unverified payment cancels rather than ships on trust."""
    plan.urgency += 1
    if order.payment_status in (Payment.PENDING, Payment.FAILED) and not is_shipped(order):
        why = f"payment {order.payment_status}: cancel rather than ship on trust"
        plan.reply("payment_unverified", Resolution.CANCEL_UNVERIFIED, Kind.PERSON, why)
    else:
        why = f"payment {order.payment_status}: accounting checks it and follows up"
        plan.reply("payment_issue", Resolution.NONE, Kind.PERSON, why)
    if data.triage.problem is Problem.PAYMENT and not is_shipped(order):
        plan.reasons.append("payment method not verified yet: do not ship until it clears")


def chargeback_dispute(data: PolicyInput, cfg: PolicyConfig, plan: Plan) -> None:
    """The dispute channel resolves it: no reship, no parallel refund; tag and escalate."""
    plan.urgency += 2
    plan.tag("chargeback")
    why = "payment dispute open: handled through the dispute, no reship or refund"
    plan.reply("chargeback", Resolution.NONE, Kind.PERSON, why)


def abusive(data: PolicyInput, cfg: PolicyConfig, plan: Plan) -> None:
    """A short calm reply or none, as configured; always escalated."""
    plan.tag("abusive")
    plan.reply("abusive", Resolution.NONE, Kind.PERSON, f"abusive: reply policy is '{cfg.abusive_reply}'")
    plan.no_reply = cfg.abusive_reply == "none"


def subscription(data: PolicyInput, cfg: PolicyConfig, plan: Plan) -> None:
    """Explain the terms; a VIP gets a concession."""
    if is_vip(data.customer, cfg):
        why = "VIP did not read the terms: the store absorbs it"
        plan.reply("subscription_concession", Resolution.SUBSCRIPTION_CONCESSION, Kind.CONCESSION, why)
    else:
        plan.reply("subscription_terms", Resolution.NONE, Kind.INFO, "explain the subscription terms")


def other(data: PolicyInput, cfg: PolicyConfig, plan: Plan) -> None:
    """Acknowledge and ask a precise clarifying question."""
    plan.reply("other_clarify", Resolution.NONE, Kind.INFO, "unclear request: ask what they need")


ORDER_RULES: Mapping[Intent, OrderRule] = {
    Intent.WHERE_IS_MY_ORDER: where_is_my_order,
    Intent.LOST_OR_DELAYED: lost_or_delayed,
    Intent.DELIVERED_NOT_RECEIVED: delivered_not_received,
    Intent.RETURN_REFUND: return_refund,
    Intent.CANCEL_ORDER: cancel_order,
    Intent.MISSING_ITEMS: missing_items,
    Intent.WRONG_ITEM_OR_PERSONALIZATION: wrong_item,
    Intent.ADDRESS_CHANGE: address_change,
    Intent.PAYMENT_ISSUE: payment_issue,
}
"""Rows that need the order: without one the customer is asked for the order number."""

FREE_RULES: Mapping[Intent, FreeRule] = {
    Intent.CHARGEBACK_DISPUTE: chargeback_dispute,
    Intent.ABUSIVE: abusive,
    Intent.SUBSCRIPTION: subscription,
    Intent.OTHER: other,
}
"""Rows that can be answered without an order."""


def resolve(intent: Intent, data: PolicyInput, cfg: PolicyConfig, plan: Plan) -> None:
    """Run the row of the scenario table for this intent."""
    order = data.order
    if intent in ORDER_RULES and order is not None:
        plan.facts.update(order_facts(order, cfg))
        ORDER_RULES[intent](data, order, cfg, plan)
    else:
        if order is not None and data.sender_owns_order:
            plan.facts["order_id"] = order.order_id
        FREE_RULES.get(intent, other)(data, cfg, plan)
