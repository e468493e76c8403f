"""Personalised items: was the mistake the customer's or the store's? (docs/policy.md, wrong item)

The order records what the customer typed (`OrderItem.personalization`); the complaint may
say what they meant and what they got ("I ordered JMK and got JKM"). Compared as a maker
would (case, spaces and quotes ignored):
- what they got is what they typed, or what they now say they typed is not what they typed:
  their own input error -> remake at cost (free for VIPs when the owner says so);
- what they say they typed is what they typed and they got something else: the store's
  mistake -> free remake;
- nothing to compare: a person checks before anything is remade.
"""

from __future__ import annotations

from enum import StrEnum

from responder.models import Order, PolicyInput
from responder.triage.reading import same_text


class Fault(StrEnum):
    """Whose mistake a personalization complaint shows."""

    CUSTOMER = "customer"
    STORE = "store"
    UNKNOWN = "unknown"


def typed(order: Order) -> tuple[str, ...]:
    """What the customer typed for each personalised line of the order."""
    return tuple(i.personalization for i in order.items if i.personalization.strip())


def fault(data: PolicyInput, order: Order) -> Fault:
    """Whose mistake it is, from the order's record and the customer's claim."""
    ordered, received = data.triage.ordered_text, data.triage.received_text
    recorded = typed(order)
    made_as_typed = bool(received) and any(same_text(received, t) for t in recorded)
    claim_matches = bool(ordered) and any(same_text(ordered, t) for t in recorded)
    if made_as_typed and not claim_matches:
        return Fault.CUSTOMER
    if claim_matches and not made_as_typed:
        return Fault.STORE
    if ordered and not claim_matches and not made_as_typed:
        return Fault.CUSTOMER
    return Fault.UNKNOWN


def evidence(data: PolicyInput, order: Order) -> str:
    """What the approver compares: the order's record beside the customer's claim."""
    record = " / ".join(f"'{t}'" for t in typed(order))
    claim = data.triage.ordered_text or "not said"
    got = data.triage.received_text or "not said"
    return f"the order records {record}; the customer says they typed {claim!r}, got {got!r}"
