"""Builders for policy inputs: one order, one customer, one email, sensible defaults."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from decimal import Decimal

from responder.models import (
    Customer,
    Inbound,
    Intent,
    Order,
    OrderItem,
    PolicyInput,
    Signal,
    Triage,
)

NOW = datetime(2024, 5, 10, 12, 0, tzinfo=UTC)
SENDER = "ann@cust.example"


def order(total: str = "30", **kw: object) -> Order:
    """An order by SENDER, not shipped, with one line."""
    base: dict[str, object] = {
        "order_id": "1042",
        "email": SENDER,
        "name": "Ann Smith",
        "created_at": NOW - timedelta(days=3),
        "total": Decimal(total),
        "items": (OrderItem(sku="MUG", name="Blue mug", quantity=2),),
        "shipping_address": "5 Elm Road, Leeds",
    }
    return Order(**(base | kw))  # type: ignore[arg-type]


def shipped(total: str = "30", **kw: object) -> Order:
    """An order in transit with UPS and no tracking link of its own."""
    base: dict[str, object] = {
        "fulfillment_status": "shipped",
        "carrier": "UPS",
        "tracking_number": "1Z999AA10123456784",
        "shipped_at": NOW - timedelta(days=2),
        "expected_delivery": NOW + timedelta(days=2),
    }
    return order(total, **(base | kw))


def delivered(total: str = "30", **kw: object) -> Order:
    """An order the carrier marked delivered."""
    return shipped(total, fulfillment_status="delivered", delivered_at=NOW - timedelta(days=1), **kw)


def customer(ltv: str = "100", orders: int = 3, tags: frozenset[str] = frozenset()) -> Customer:
    """A returning customer; VIP when ltv is above 500."""
    return Customer(
        email=SENDER, name="Ann Smith", lifetime_value=Decimal(ltv), order_count=orders, tags=tags
    )


VIP = customer("900")
SUSPICIOUS = customer(tags=frozenset({"suspicious"}))


def signal(spec: str) -> Signal:
    """`"anger"` or `"deadline:2"`: a signal by name, with its level after a colon."""
    name, _, level = spec.partition(":")
    return Signal(name=name, level=int(level or 1))


def email(
    intent: Intent,
    the_order: Order | None = None,
    who: Customer | None = None,
    signals: tuple[str, ...] = (),
    secondary: tuple[Intent, ...] = (),
    language: str = "en",
    order_ids: tuple[str, ...] = (),
    **kw: object,
) -> PolicyInput:
    """A PolicyInput for one email from SENDER about `the_order`."""
    triage = Triage(
        language=language,
        intent=intent,
        confidence=0.9,
        secondary=secondary,
        order_ids=order_ids,
        signals=tuple(signal(s) for s in signals),
    )
    base: dict[str, object] = {
        "triage": triage,
        "sender": SENDER,
        "order": the_order,
        "customer": who if who is not None else customer(),
        "sender_owns_order": True,
        "now": NOW,
    }
    return PolicyInput(**(base | kw))  # type: ignore[arg-type]


def inbound() -> Inbound:
    """The email the decision answers."""
    return Inbound(message_id="<q1@cust.example>", from_addr=SENDER, subject="my order")
