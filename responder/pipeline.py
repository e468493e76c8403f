"""The pipeline: one email in, exactly one Outcome out. Read it top to bottom.

    parse -> guards -> triage -> lookup -> policy -> draft -> polish -> route

Nothing here sends or stores: the caller persists the Outcome (and its outbox rows) in one
transaction, so `handle()` is the same for the daemon and for `replay`. It is not pure: the
stages read the world through their seams (History and OrderSource query the database or a
shop's API; an LLM triager or polisher calls the model and may wait between retries). Only
the policy is pure; everything it weighs, PAUSE and resync included, is in its PolicyInput.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import datetime

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
    ThreadFacts,
    Triage,
)
from responder.policy.fitting import fitting_order
from responder.protocols import Drafter, History, OrderSource, Policy, Polisher, Triager
from responder.sections import GuardsConfig

log = logging.getLogger(__name__)


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
                   now: datetime, paused: bool = False, resync: bool = False) -> Outcome:
    """Every stage after parsing: guards -> triage -> lookup -> policy -> draft -> route.

    `paused` (the owner sent PAUSE) and `resync` (the email arrived before a UIDVALIDITY
    change) hold back a reply that would go out by itself; the policy says so with a reason.
    """
    verdict = check_guards(inbound, stages.history, me, caps)
    if not verdict.allow and verdict.action is Action.SKIP:
        return Outcome(Action.SKIP, (f"{verdict.rule}: {verdict.reason}",), inbound, verdict)
    triage = stages.triager.classify(inbound)
    thread = stages.history.thread(inbound)
    found = lookup(inbound, triage, stages.orders, thread.earlier_order_id, now)
    data = replace(policy_input(inbound, verdict, triage, found, thread, now),
                   paused=paused, resync=resync)
    decision = stages.policy.decide(data)
    base = Outcome(decision.action, decision.reasons, inbound, verdict, triage, found.order,
                   found.customer, decision, memory=thread)
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


@dataclass(frozen=True)
class Found:
    """The order an email is about, the sender's profile, and how the order was found."""

    order: Order | None
    customer: Customer | None
    owns: bool = False
    named: bool = True
    """The email or its thread named the order (False: inferred from the sender's orders)."""


def lookup(inbound: Inbound, triage: Triage, orders: OrderSource, earlier_order_id: str = "",
           now: datetime | None = None) -> Found:
    """The order the email (or its thread) names, else the sender's one order that fits."""
    sender = inbound.from_addr
    customer = orders.customer(sender) if sender else None
    ids = triage.order_ids or ((earlier_order_id,) if earlier_order_id else ())
    named = _named_order(ids, orders)
    # R78: a number that names no order is not replaced by the sender's own order, or a
    # customer could tell existing numbers (verify_sender) from made-up ones (own order).
    text = f"{inbound.subject}\n{inbound.new_text or inbound.text}"
    order = named if ids else fitting_order(orders.orders_for(sender), triage.problem, text, now)
    if order is None:
        return Found(None, customer)
    return Found(order, customer, owns(order, sender, orders), named is not None)


def _named_order(order_ids: Sequence[str], orders: OrderSource) -> Order | None:
    for oid in order_ids:
        found = orders.find_order(oid)
        if found is not None:
            return found
    return None


def owns(order: Order, sender: str, orders: OrderSource) -> bool:
    """True when `sender` placed the order or is an address the owner linked to its customer."""
    if order.email.lower() == sender:
        return True
    owner = orders.customer(order.email.lower())
    return owner is not None and sender in owner.linked_emails


def policy_input(inbound: Inbound, verdict: GuardVerdict, triage: Triage, found: Found,
                 thread: ThreadFacts, now: datetime) -> PolicyInput:
    """Everything the policy may look at, gathered in one value."""
    return PolicyInput(
        triage=triage, sender=inbound.from_addr, order=found.order, customer=found.customer,
        sender_owns_order=found.owns, now=now, earlier_templates=thread.earlier_templates,
        holding_sent=thread.holding_sent,
        guard_park_reason="" if verdict.allow else f"{verdict.rule}: {verdict.reason}",
        thread=thread if thread.remembers else None, order_named=found.named,
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
    return replace(base, draft=draft, holding=holding)


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
    return replace(base, action=action, reasons=(*base.reasons, reason), draft=None, holding=None,
                   error=error)
