"""decide(): docs/policy.md as code. Pure: the same input always gives the same Decision.

The order of the steps is the policy's order of precedence, read top to bottom:
sender check, missing order, the intent's row of the table, then the principles that apply
to every reply, then the second-contact rule, then whether it may go out by itself.
"""

from __future__ import annotations

from types import MappingProxyType

from responder.models import Action, Decision, Intent, PolicyInput, Resolution
from responder.policy.config import PolicyConfig
from responder.policy.intents import ORDER_RULES, resolve
from responder.policy.plan import (
    GOODS_OR_MONEY,
    Kind,
    Plan,
    first_name,
    is_disputed,
    is_first_time,
    is_no_auto,
    is_suspicious,
    is_vip,
    money,
    threatens_dispute,
)
from responder.policy.route import cannot_be_subject, route

BASE_PRIORITY: dict[Intent, int] = {
    Intent.CHARGEBACK_DISPUTE: 1,
    Intent.MISSING_ITEMS: 2,
    Intent.LOST_OR_DELAYED: 2,
    Intent.DELIVERED_NOT_RECEIVED: 2,
    Intent.WRONG_ITEM_OR_PERSONALIZATION: 2,
    Intent.PAYMENT_ISSUE: 2,
    # Cancellations and address changes only help before the parcel leaves.
    Intent.CANCEL_ORDER: 2,
    Intent.ADDRESS_CHANGE: 2,
    Intent.RETURN_REFUND: 3,
    Intent.ABUSIVE: 3,
    Intent.SUBSCRIPTION: 3,
    Intent.WHERE_IS_MY_ORDER: 4,
    Intent.OTHER: 4,
}
GRANTED_FACTS = ("refund_amount", "refund_days", "cancel_fee")
SHIPS_GOODS = frozenset({Resolution.RESHIP, Resolution.SECOND_PARCEL, Resolution.RESEND_MISSING,
                         Resolution.REPLACE, Resolution.REMAKE})


def decide(data: PolicyInput, cfg: PolicyConfig) -> Decision:
    """The decision for one email, every step appending the reason a store owner reads."""
    if data.triage.has("thanks_only"):
        # Answering "thanks, got it!" would send the same template again or wake the owner.
        return Decision(Action.SKIP, template="none",
                        reasons=("the customer only thanks us or confirms receipt: nothing to answer",))
    plan = Plan()
    intent = route(data, underlying_intent(data, plan), plan)
    owner_no_auto(data, plan)
    if not (sender_unverified(data, plan) or order_missing(data, intent, plan)
            or cannot_be_subject(data, intent, plan)):
        resolve(intent, data, cfg, plan)
        apply_principles(data, cfg, plan)
    no_repeat(data, plan)
    return finish(data, cfg, intent, plan)


def underlying_intent(data: PolicyInput, plan: Plan) -> Intent:
    """The problem to solve; a review threat or a threatened dispute is tagged, else ignored."""
    intent = data.triage.intent
    if intent is Intent.REVIEW_THREAT:
        intent = _beside(data, Intent.REVIEW_THREAT, Intent.ABUSIVE)
    if data.triage.intent is Intent.REVIEW_THREAT or data.triage.has("review_threat"):
        plan.tag("review_threat")
        plan.park(f"review threat: resolved as {intent} exactly as without it, nothing extra")
    if threatens_dispute(data):
        if intent is Intent.CHARGEBACK_DISPUTE:  # threatened, not open: the problem under it
            intent = _beside(data, Intent.CHARGEBACK_DISPUTE, Intent.REVIEW_THREAT, Intent.ABUSIVE)
        plan.tag("dispute_threat")
        plan.park(f"threatens a payment dispute (none open): resolved as {intent} exactly as "
                  "without it, nothing extra")
    return intent


def _beside(data: PolicyInput, *overlays: Intent) -> Intent:
    """The first secondary intent that is not a threat or insult: the problem under it."""
    return next((i for i in data.triage.secondary if i not in overlays), Intent.OTHER)


def owner_no_auto(data: PolicyInput, plan: Plan) -> None:
    """The owner's `no_auto` tag: drafted as usual, a person sends it; no automatic holding note."""
    if is_no_auto(data.customer):
        plan.no_reply = True
        plan.park("the owner tagged this customer no_auto: every reply waits for a person")


def sender_unverified(data: PolicyInput, plan: Plan) -> bool:
    """Ask a sender who does not own the order to verify, stating nothing about it."""
    if data.order is None or data.sender_owns_order:
        return False
    plan.disclose = False
    why = f"{data.sender} did not place order {data.order.order_id}: verify, disclose nothing"
    plan.reply("verify_sender", Resolution.NONE, Kind.CLARIFY, why)
    return True


def order_missing(data: PolicyInput, intent: Intent, plan: Plan) -> bool:
    """Ask for the order number when the problem needs an order and none was found."""
    if data.order is None and data.triage.order_ids:
        # R78: a number we do not have gets the very reply someone else's order gets
        # (sender_unverified), so a stranger cannot probe which order numbers exist.
        plan.disclose = False
        why = f"order {', '.join(data.triage.order_ids)} not found: same reply as for someone else's order"
        plan.reply("verify_sender", Resolution.NONE, Kind.CLARIFY, f"{why} (R78)")
        return True
    if data.order is not None or intent not in ORDER_RULES:
        return False
    why = "no order number and no recent order: ask for the order number"
    plan.reply("ask_order_number", Resolution.NONE, Kind.CLARIFY, why)
    return True


def apply_principles(data: PolicyInput, cfg: PolicyConfig, plan: Plan) -> None:
    """The principles that hold for every intent, in order of precedence."""
    note_customer(data, cfg, plan)
    block_disputed(data, plan)
    public_complaint(data, cfg, plan)
    abusive_words(data, plan)
    suspicious_customer(data, plan)
    first_time_buyer(data, cfg, plan)
    foreign_currency(data, cfg, plan)
    signature_flag(data, cfg, plan)
    model_reading(data, plan)


def note_customer(data: PolicyInput, cfg: PolicyConfig, plan: Plan) -> None:
    """Tell the approver who this is; tone is information, never a penalty."""
    customer = data.customer
    if is_vip(customer, cfg) and customer is not None:
        plan.urgency += 1
        owner = "your tag; " if "vip" in customer.owner_tags else ""
        plan.reasons.append(f"VIP customer ({owner}lifetime value {customer.lifetime_value})")
    if customer is not None and customer.complaints:
        plan.reasons.append(f"{customer.complaints} earlier complaints: see the history")
    if data.triage.has("anger"):
        plan.reasons.append("angry tone: same resolution as a calm message")


def block_disputed(data: PolicyInput, plan: Plan) -> None:
    """While a payment is disputed nothing is reshipped or refunded, whatever was asked."""
    if not is_disputed(data) or plan.template == "chargeback":
        return
    plan.tag("chargeback")
    plan.urgency += 2
    if plan.resolution in GOODS_OR_MONEY:
        why = f"payment disputed: {plan.resolution} blocked, handled through the dispute"
        plan.reply("chargeback", Resolution.NONE, Kind.PERSON, why)
        # Amounts the blocked concession would have granted must not reach the reply.
        for key in GRANTED_FACTS:
            plan.facts.pop(key, None)
    plan.park("payment disputed: a person handles every reply while the dispute is open")


def public_complaint(data: PolicyInput, cfg: PolicyConfig, plan: Plan) -> None:
    """Apologise and take it private; the goodwill credit is for the approver only."""
    if not data.triage.has("public_complaint"):
        return
    plan.tag("public_complaint")
    plan.urgency += 1
    credit = money(cfg.goodwill_credit, cfg.currency)
    plan.park(f"complained publicly: consider a goodwill store credit of {credit}")


def abusive_words(data: PolicyInput, plan: Plan) -> None:
    """Insults inside another request: same resolution, but a person sends it."""
    if data.triage.has("abusive") and "abusive" not in plan.tags:
        plan.tag("abusive")
        plan.park("abusive language: same resolution, a person sends it")


def suspicious_customer(data: PolicyInput, plan: Plan) -> None:
    """A suspicious customer never gets anything automatically."""
    if not is_suspicious(data.customer):
        return
    plan.park("customer is tagged suspicious: every reply is parked")
    if plan.resolution in SHIPS_GOODS:
        plan.reasons.append("photograph the parcel before shipping (evidence for a later claim)")


def first_time_buyer(data: PolicyInput, cfg: PolicyConfig, plan: Plan) -> None:
    """Concessions to first-time buyers wait for approval when the owner says so."""
    if cfg.park_first_time_buyers and plan.kind is Kind.CONCESSION and is_first_time(data.customer):
        plan.park("first-time buyer: concessions wait for approval")


def foreign_currency(data: PolicyInput, cfg: PolicyConfig, plan: Plan) -> None:
    """Thresholds are in the store's currency; another currency is compared only at a set rate.

    Only concessions depend on thresholds: a tracking answer is the same in any currency.
    """
    order = data.order
    if order is None or plan.kind is not Kind.CONCESSION:
        return
    if cfg.in_currency(order.total, order.currency) is None:
        plan.park(f"order in {order.currency}, thresholds in {cfg.currency}: not compared (no rate set)")


def signature_flag(data: PolicyInput, cfg: PolicyConfig, plan: Plan) -> None:
    """Flag valuable orders that went wrong: they should ship with signature confirmation."""
    order = data.order
    if order is not None and order.total > cfg.signature_above and plan.resolution is not Resolution.NONE:
        plan.reasons.append(f"order above {cfg.signature_above}: ship with signature confirmation")


def model_reading(data: PolicyInput, plan: Plan) -> None:
    """When the LLM read the email, a concession it leads to waits for a person (issue 14)."""
    if data.triage.reader == "llm" and plan.kind is Kind.CONCESSION:
        plan.park("the language model read this email: a person confirms the concession")


def no_repeat(data: PolicyInput, plan: Plan) -> None:
    """A customer writing again never gets the same template twice: a person takes over."""
    if plan.template not in data.earlier_templates:
        return
    plan.urgency += 1
    plan.tag("second_contact")
    plan.park(f"wrote again after our '{plan.template}' reply: escalated with the whole thread")
    plan.template = "second_contact"


def finish(data: PolicyInput, cfg: PolicyConfig, intent: Intent, plan: Plan) -> Decision:
    """Turn the plan into a Decision: action, holding reply, priority and approver."""
    action = choose_action(data, cfg, intent, plan)
    facts = dict(plan.facts) if plan.disclose else {}
    name = first_name(data) if plan.disclose else ""
    if name:
        facts["first_name"] = name
    if action is Action.PARK:
        facts["reply_within_hours"] = cfg.holding_reply_hours
    holding = action is Action.PARK and not (data.holding_sent or plan.no_reply or data.guard_park_reason)
    why = held_back(data) if action is Action.SEND else ""
    if why:  # the reply, exactly as it would have gone out, waits for a person this time
        action = Action.PARK
        plan.reasons.append(why)
    return Decision(
        action=action,
        resolution=plan.resolution,
        template=plan.template,
        facts=MappingProxyType(facts),
        reasons=tuple(plan.reasons),
        priority=max(1, min(5, BASE_PRIORITY.get(intent, 3) - plan.urgency)),
        tags=tuple(plan.tags),
        holding_reply=holding,
        approver_group=cfg.approver_for(intent),
    )


def choose_action(data: PolicyInput, cfg: PolicyConfig, intent: Intent, plan: Plan) -> Action:
    """SEND only when nothing asks for a person and the owner allows this kind of reply."""
    if data.guard_park_reason:
        plan.reasons.append(f"guard: {data.guard_park_reason}")
        return Action.PARK
    if plan.park_reasons:
        return Action.PARK
    allowed = {
        Kind.CLARIFY: cfg.auto_send_clarifying,
        Kind.INFO: intent in cfg.auto_send_info,
        Kind.CONCESSION: intent in cfg.auto_send,
        Kind.PERSON: False,
    }[plan.kind]
    if not allowed:
        plan.reasons.append(f"{plan.kind} reply for {intent}: waits for approval")
        return Action.PARK
    plan.reasons.append(f"{plan.kind} reply for {intent}: sent automatically")
    return Action.SEND


def held_back(data: PolicyInput) -> str:
    """Why a reply that would go out by itself waits for a person this time ("" if it may go)."""
    if data.resync:
        return "arrived before a UIDVALIDITY change: not answered automatically, a person should check it"
    if data.paused:
        return "automatic sending is paused (the owner sent PAUSE)"
    return ""


class TablePolicy:
    """The Policy seam over `decide()` with one store's PolicyConfig."""

    def __init__(self, cfg: PolicyConfig) -> None:
        """Keep the store's policy settings."""
        self.cfg = cfg

    def decide(self, data: PolicyInput) -> Decision:
        """The decision for one email, with its reasons."""
        return decide(data, self.cfg)
