"""Conversation memory: the request a thread is about, carried from one email to the next.

Our clarifying question ("could you send your order number?") and the customer's answer
("it's order 1003") are one request. The daemon stores what each conversation asked
(intent, problem, requests, order id) with the conversation; `replay` keeps it in memory.
Pure functions: the same outcome and thread always give the same memory.
"""

from __future__ import annotations

from dataclasses import replace

from responder.models import Intent, Outcome, Problem, ThreadFacts, Triage

CLARIFYING = frozenset({"ask_order_number", "other_clarify"})
"""Our replies that ask the customer something; their answer continues the request."""


def asked_before(thread: ThreadFacts) -> bool:
    """True when earlier mail in the thread asked something (not only named an order)."""
    known = thread.earlier_intent not in (None, Intent.OTHER) or bool(thread.earlier_requests)
    return known or thread.earlier_problem is not Problem.OTHER


def continues(intent: Intent, triage: Triage, thread: ThreadFacts | None) -> bool:
    """True when this email carries on the thread's earlier request instead of a new one:
    it says nothing of its own, or it answers our question without asking anything new
    ("it's order 1003" is often classified where-is-my-order; it still answers the question)."""
    if thread is None or not asked_before(thread):
        return False
    own = intent is not Intent.OTHER or triage.problem is not Problem.OTHER or bool(triage.requests)
    answers = bool(thread.earlier_templates) and thread.earlier_templates[-1] in CLARIFYING
    nothing_new = set(triage.requests) <= set(thread.earlier_requests)
    return not own or (answers and nothing_new)


def carried(triage: Triage, thread: ThreadFacts, order_id: str) -> ThreadFacts:
    """What the conversation remembers after this email: the earlier request when this email
    continues it, else this email's own reading; the newest order id either way."""
    if continues(triage.intent, triage, thread):
        return replace(thread, earlier_order_id=order_id or thread.earlier_order_id)
    return replace(
        thread,
        earlier_intent=triage.intent,
        earlier_problem=triage.problem,
        earlier_requests=triage.requests,
        earlier_order_id=order_id or thread.earlier_order_id,
    )


def memory_after(outcome: Outcome) -> ThreadFacts:
    """What the conversation remembers once this outcome is recorded (daemon and replay)."""
    triage = outcome.triage or Triage()
    order_id = outcome.order.order_id if outcome.order else next(iter(triage.order_ids), "")
    return carried(triage, outcome.memory or ThreadFacts(), order_id)
