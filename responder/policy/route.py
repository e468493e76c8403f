"""Which row of the scenario table answers: the intent, corrected by the reading.

The classifier's intent is the primary label. The reading beside it (what happened, what is
asked, the conversation's earlier request) and the order's state correct it where the
intent alone would answer the wrong question: a refund demand on a parcel still in transit
is a late parcel; a payment-method problem is a payment issue; a reply that only gives the
order number continues the earlier request. Pure, like the engine.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime

from responder.models import Fulfilment, Intent, Order, PolicyInput, Problem, Request, Resolution
from responder.policy.memory import continues
from responder.policy.plan import Kind, Plan, is_shipped

REQUEST_OF: Mapping[Intent, frozenset[Request]] = {
    Intent.RETURN_REFUND: frozenset({Request.REFUND, Request.RETURN_OR_EXCHANGE}),
    Intent.CANCEL_ORDER: frozenset({Request.CANCEL}),
    Intent.ADDRESS_CHANGE: frozenset({Request.CHANGE_ADDRESS}),
}
"""Intents that are a request: the words must ask for it, else the reading decides."""

PROBLEM_INTENT: Mapping[Problem, Intent] = {
    Problem.NOT_ARRIVED_OR_LATE: Intent.LOST_OR_DELAYED,
    Problem.DELIVERED_NOT_RECEIVED: Intent.DELIVERED_NOT_RECEIVED,
    Problem.DAMAGED_OR_QUALITY: Intent.RETURN_REFUND,
    Problem.WRONG_ITEM_OR_PERSONALIZATION: Intent.WRONG_ITEM_OR_PERSONALIZATION,
    Problem.MISSING_ITEM: Intent.MISSING_ITEMS,
    Problem.PAYMENT: Intent.PAYMENT_ISSUE,
    Problem.ADDRESS: Intent.ADDRESS_CHANGE,
    Problem.SUBSCRIPTION: Intent.SUBSCRIPTION,
}
REQUEST_INTENT: Mapping[Request, Intent] = {
    Request.STATUS: Intent.WHERE_IS_MY_ORDER,
    Request.CANCEL: Intent.CANCEL_ORDER,
    Request.CHANGE_ADDRESS: Intent.ADDRESS_CHANGE,
    Request.REFUND: Intent.RETURN_REFUND,
    Request.RETURN_OR_EXCHANGE: Intent.RETURN_REFUND,
}
CANCELLABLE = frozenset({
    Intent.WHERE_IS_MY_ORDER, Intent.LOST_OR_DELAYED, Intent.RETURN_REFUND, Intent.OTHER,
})  # fmt: skip
"""Intents a plain "cancel it" overrides (it is the clearer request)."""
NEEDS_SHIPPED = frozenset({
    Intent.WRONG_ITEM_OR_PERSONALIZATION, Intent.MISSING_ITEMS, Intent.DELIVERED_NOT_RECEIVED,
})  # fmt: skip
"""Complaints about what arrived: an order that never left cannot be their subject."""


@dataclass(frozen=True)
class Reading:
    """What the policy reads for this email: its own reading, or the thread's earlier one."""

    intent: Intent
    problem: Problem
    requests: tuple[Request, ...]
    from_thread: bool = False


def reading(data: PolicyInput, intent: Intent) -> Reading:
    """This email's reading, or the thread's when this email continues its earlier request."""
    t, thread = data.triage, data.thread
    if thread is None or not continues(intent, t, thread):
        return Reading(intent, t.problem, t.requests)
    earlier = thread.earlier_intent or Intent.OTHER
    if earlier in (Intent.REVIEW_THREAT, Intent.ABUSIVE):
        earlier = Intent.OTHER  # an earlier threat is never the request: its problem and asks are
    return Reading(earlier, thread.earlier_problem, thread.earlier_requests, from_thread=True)


def route(data: PolicyInput, intent: Intent, plan: Plan) -> Intent:
    """The intent whose row answers this email, every correction with its reason."""
    read = reading(data, intent)
    if read.from_thread:
        plan.reasons.append(f"continues this conversation's earlier request ({describe(read)})")
    chosen = by_reading(read, plan)
    if data.order is not None:
        chosen = by_order_state(read, chosen, data.order, plan, data.now)
    if data.order is not None and not data.order_named:
        found = data.order.order_id
        plan.reasons.append(f"no order number given: {found} is the customer's one order that fits")
    if data.triage.has("addresses_system"):
        plan.reasons.append("text aimed at the system ignored: it is never a request")
    return chosen


def by_reading(read: Reading, plan: Plan) -> Intent:
    """Payment problems, requests the intent does not match, and `other` with a reading."""
    intent = read.intent
    if read.problem is Problem.PAYMENT and intent not in (Intent.PAYMENT_ISSUE, Intent.CHARGEBACK_DISPUTE):
        plan.reasons.append("the customer writes about how they paid: handled as a payment issue")
        return Intent.PAYMENT_ISSUE
    wanted = REQUEST_OF.get(intent)
    derived = derive(read, exclude=intent)
    contradicted = wanted is not None and bool(read.requests) and not wanted & set(read.requests)
    if contradicted and derived is not Intent.OTHER:
        asked = ", ".join(read.requests)
        plan.reasons.append(f"the words ask for {asked}, not {intent}: answered as {derived}")
        return derived
    if intent is Intent.OTHER and derived is not Intent.OTHER:
        plan.reasons.append(f"read as {describe(read)}: answered as {derived}")
        return derived
    return intent


def derive(read: Reading, exclude: Intent) -> Intent:
    """The intent the problem names, else the first request's, else `other`."""
    named = PROBLEM_INTENT.get(read.problem)
    if named is not None and named is not exclude:
        return named
    asked = (REQUEST_INTENT[r] for r in read.requests if r in REQUEST_INTENT)
    return next((i for i in asked if i is not exclude), Intent.OTHER)


def by_order_state(read: Reading, intent: Intent, order: Order, plan: Plan, now: datetime) -> Intent:
    """A cancel request before delivery wins over status questions; a refund before shipping
    is a cancellation, and in transit a late parcel."""
    delivered = order.fulfillment_status == Fulfilment.DELIVERED or order.delivered_at is not None
    if Request.CANCEL in read.requests and intent in CANCELLABLE and not delivered:
        where = "already shipped: a return on arrival" if is_shipped(order) else "not shipped yet"
        plan.reasons.append(f"the customer asks to cancel, {where}")
        return Intent.CANCEL_ORDER
    unshipped = order.fulfillment_status == Fulfilment.UNFULFILLED and not is_shipped(order)
    if intent is Intent.RETURN_REFUND and unshipped:
        plan.reasons.append("refund asked before the order shipped: handled as a cancellation")
        return Intent.CANCEL_ORDER
    if intent is Intent.DELIVERED_NOT_RECEIVED and in_transit(order):
        plan.reasons.append("the carrier has not marked it delivered: on its way, not a lost delivery")
        return on_its_way(order, now)
    if intent is Intent.RETURN_REFUND and in_transit(order):
        plan.reasons.append("refund or return asked while the parcel is still on its way: "
                            "answered with tracking (a trace when overdue), not the return flow")
        return on_its_way(order, now)
    return intent


def on_its_way(order: Order, now: datetime) -> Intent:
    """Within the expected delivery window: tracking; past it (or no date): a carrier trace."""
    due = order.expected_delivery
    return Intent.WHERE_IS_MY_ORDER if due is not None and due >= now else Intent.LOST_OR_DELAYED


def in_transit(order: Order) -> bool:
    """Shipped and not (yet) delivered."""
    done = order.fulfillment_status in (Fulfilment.DELIVERED, Fulfilment.CANCELLED, Fulfilment.RETURNED)
    return is_shipped(order) and order.delivered_at is None and not done


def cannot_be_subject(data: PolicyInput, intent: Intent, plan: Plan) -> bool:
    """A complaint about what arrived, tied to an order that never left: ask which order."""
    order = data.order
    damaged = intent is Intent.RETURN_REFUND and data.triage.problem is Problem.DAMAGED_OR_QUALITY
    if order is None or not (intent in NEEDS_SHIPPED or damaged) or is_shipped(order):
        return False
    plan.facts["unshipped_order_id"] = order.order_id
    why = f"order {order.order_id} has not shipped yet, so it cannot be what the {intent} complaint is about"
    plan.reply("ask_order_number", Resolution.NONE, Kind.CLARIFY, f"{why}: ask which order")
    return True


def describe(read: Reading) -> str:
    """e.g. `where_is_my_order, problem not_arrived_or_late, asks status`."""
    asks = f", asks {' and '.join(read.requests)}" if read.requests else ""
    return f"{read.intent}, problem {read.problem}{asks}"
