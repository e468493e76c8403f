"""The pipeline: one email in, exactly one Outcome out. Read it top to bottom.

    parse -> guards -> triage -> lookup -> policy -> draft -> polish -> route

No stage here sends, stores or sleeps: the caller persists the Outcome (and its outbox
rows) in one transaction, so `handle()` is the same for the daemon and for `replay`.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from responder.config import GuardsConfig
from responder.errors import MessageUnreadable, TemplateFailed
from responder.mail import guards
from responder.mail.parse import parse
from responder.models import (
    Action,
    Customer,
    Decision,
    Draft,
    GuardVerdict,
    Inbound,
    Order,
    Outcome,
    PolicyInput,
    Triage,
)
from responder.protocols import Drafter, History, OrderSource, Policy, Polisher, Triager

log = logging.getLogger(__name__)
OPEN_STATES = frozenset({"unfulfilled", "shipped", "partial"})


@dataclass(frozen=True)
class Stages:
    """The adapters behind each seam, wired once by the composition root."""

    triager: Triager
    orders: OrderSource
    policy: Policy
    drafter: Drafter
    polisher: Polisher
    history: History


@dataclass(frozen=True)
class Identity:
    """Who we are, for loop detection."""

    own_addresses: frozenset[str]
    own_domain: str
    hmac_key: bytes
    loop_token: str


def handle(raw: bytes, stages: Stages, me: Identity, caps: GuardsConfig, *,
           now: datetime, max_bytes: int) -> Outcome:
    """Run every stage on one raw email and return its one outcome."""
    try:
        inbound = parse(raw, max_bytes=max_bytes)
    except MessageUnreadable as exc:
        return Outcome(Action.SHUNT, (f"unreadable: {exc}",), error=str(exc))
    return handle_inbound(inbound, stages, me, caps, now=now)


def handle_inbound(inbound: Inbound, stages: Stages, me: Identity, caps: GuardsConfig, *,
                   now: datetime) -> Outcome:
    """Every stage after parsing: guards -> triage -> lookup -> policy -> draft -> route."""
    verdict = check_guards(inbound, stages.history, me, caps)
    if not verdict.allow and verdict.action is Action.SKIP:
        return Outcome(Action.SKIP, (f"{verdict.rule}: {verdict.reason}",), inbound, verdict)
    triage = stages.triager.classify(inbound)
    order, customer, owns = lookup(inbound, triage, stages.orders)
    data = policy_input(inbound, verdict, triage, order, customer, owns, stages.history, now)
    decision = stages.policy.decide(data)
    base = Outcome(decision.action, decision.reasons, inbound, verdict, triage, order, customer,
                   decision)
    if decision.action is Action.SKIP:
        return base
    return draft_and_route(base, data, stages)


def check_guards(inbound: Inbound, history: History, me: Identity,
                 caps: GuardsConfig) -> GuardVerdict:
    """Loop prevention and rate caps (RFC 3834), with what the store remembers."""
    ctx = guards.GuardContext(
        own_addresses=me.own_addresses, own_domain=me.own_domain, hmac_key=me.hmac_key,
        loop_token=me.loop_token, rates=history.rates(inbound), caps=caps,
    )
    return guards.check(inbound, ctx)


def lookup(inbound: Inbound, triage: Triage,
           orders: OrderSource) -> tuple[Order | None, Customer | None, bool]:
    """The order the email is about, the sender's profile, and whether the sender owns it."""
    sender = inbound.from_addr
    customer = orders.customer(sender) if sender else None
    # R78: a number that names no order is not replaced by the sender's own order, or a
    # customer could tell existing numbers (verify_sender) from made-up ones (own order).
    order = (_named_order(triage.order_ids, orders) if triage.order_ids
             else _only_open_order(orders.orders_for(sender)))
    if order is None:
        return None, customer, False
    return order, customer, owns(order, sender, orders)


def _named_order(order_ids: Sequence[str], orders: OrderSource) -> Order | None:
    for oid in order_ids:
        found = orders.find_order(oid)
        if found is not None:
            return found
    return None


def _only_open_order(placed: Sequence[Order]) -> Order | None:
    # Without an order number, assume the one order still on its way; with several, ask.
    open_orders = [o for o in placed if o.fulfillment_status in OPEN_STATES]
    if len(open_orders) == 1:
        return open_orders[0]
    return placed[0] if len(placed) == 1 else None


def owns(order: Order, sender: str, orders: OrderSource) -> bool:
    """True when `sender` placed the order or is an address the owner linked to its customer."""
    if order.email.lower() == sender:
        return True
    owner = orders.customer(order.email.lower())
    return owner is not None and sender in owner.linked_emails


def policy_input(inbound: Inbound, verdict: GuardVerdict, triage: Triage, order: Order | None,
                 customer: Customer | None, owns_order: bool, history: History,
                 now: datetime) -> PolicyInput:
    """Everything the policy may look at, gathered in one value."""
    thread = history.thread(inbound)
    return PolicyInput(
        triage=triage, sender=inbound.from_addr, order=order, customer=customer,
        sender_owns_order=owns_order, now=now, earlier_templates=thread.earlier_templates,
        holding_sent=thread.holding_sent,
        guard_park_reason="" if verdict.allow else f"{verdict.rule}: {verdict.reason}",
    )


def draft_and_route(base: Outcome, data: PolicyInput, stages: Stages) -> Outcome:
    """Render (and maybe polish) the reply; a template that fails parks the email."""
    decision, inbound = base.decision, base.inbound
    assert decision is not None and inbound is not None  # noqa: S101  (set by handle())
    try:
        draft = stages.drafter.draft(decision, data, inbound)
    except TemplateFailed as exc:
        return _replace(base, Action.PARK, f"template failed: {exc}", error=str(exc))
    draft = stages.polisher.polish(draft, inbound, decision)
    holding = _holding(decision, data, inbound, stages.drafter, base.verdict)
    return Outcome(base.action, base.reasons, inbound, base.verdict, base.triage, base.order,
                   base.customer, decision, draft, holding)


def _holding(decision: Decision, data: PolicyInput, inbound: Inbound, drafter: Drafter,
             verdict: GuardVerdict | None) -> Draft | None:
    # The acknowledgement is itself an automatic reply: only when the guards allow one.
    if decision.action is not Action.PARK or not decision.holding_reply or data.holding_sent:
        return None
    if verdict is None or not verdict.allow:
        return None
    try:
        return drafter.holding(data, inbound, decision)
    except TemplateFailed:
        log.warning("holding reply template failed; the draft is still parked")
        return None


def _replace(base: Outcome, action: Action, reason: str, *, error: str) -> Outcome:
    return Outcome(action, (*base.reasons, reason), base.inbound, base.verdict, base.triage,
                   base.order, base.customer, base.decision, None, None, error)
