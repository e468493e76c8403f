"""The working state of one decision, and the facts about orders and customers it reads.

A `Plan` is built and thrown away inside one call of `decide()`, so the engine stays pure
even though the per-intent functions append to it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum
from urllib.parse import quote

from responder.models import Customer, Fulfilment, Order, Payment, PolicyInput, Resolution
from responder.policy.config import PolicyConfig

SHIPPED = frozenset({Fulfilment.SHIPPED, Fulfilment.DELIVERED})
GOODS_OR_MONEY = frozenset(
    {
        Resolution.RESHIP,
        Resolution.SECOND_PARCEL,
        Resolution.REFUND,
        Resolution.REFUND_KEEP_ITEM,
        Resolution.RETURN_OR_EXCHANGE,
        Resolution.REPLACE,
        Resolution.REMAKE,
        Resolution.RESEND_MISSING,
        Resolution.REDIRECT,
        Resolution.SUBSCRIPTION_CONCESSION,
    }
)
"""Resolutions that give the customer goods or money: blocked while a payment is disputed."""


class Kind(StrEnum):
    """What a reply commits the store to, which decides whether it may go out by itself."""

    CLARIFY = "clarify"
    """A question that states no order facts."""
    INFO = "info"
    """Status, tracking, explanations: grants nothing."""
    CONCESSION = "concession"
    """An in-policy concession (reship, refund, cancel): sent only if the owner allows it."""
    PERSON = "person"
    """Beyond what the responder decides: always parked."""


@dataclass
class Plan:
    """What the engine has decided so far for one email."""

    resolution: Resolution = Resolution.NONE
    template: str = "other_clarify"
    kind: Kind = Kind.PERSON
    facts: dict[str, object] = field(default_factory=dict)
    reasons: list[str] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    park_reasons: list[str] = field(default_factory=list)
    """Why this email must wait for a person whatever its kind."""
    urgency: int = 0
    """Added up by serious problems, VIPs and deadlines; lowers the priority number."""
    disclose: bool = True
    """False when the sender is not verified: the reply states no order or customer facts."""
    no_reply: bool = False
    """No reply at all, not even a holding reply (abusive mail when so configured)."""

    def reply(self, template: str, resolution: Resolution, kind: Kind, reason: str) -> None:
        """Choose the reply and record why."""
        self.template, self.resolution, self.kind = template, resolution, kind
        self.reasons.append(reason)

    def park(self, reason: str) -> None:
        """Record that a person must decide, and why."""
        self.park_reasons.append(reason)
        self.reasons.append(reason)

    def tag(self, name: str) -> None:
        """Tag the customer or the message, once."""
        if name not in self.tags:
            self.tags.append(name)


def is_shipped(order: Order) -> bool:
    """True once the parcel has left the store."""
    return order.fulfillment_status in SHIPPED or order.shipped_at is not None


def is_vip(customer: Customer | None, cfg: PolicyConfig) -> bool:
    """True for a VIP by lifetime value, by tag, or by loyalty when configured."""
    if customer is None:
        return False
    loyal = cfg.loyal_order_count > 0 and customer.order_count >= cfg.loyal_order_count
    return customer.lifetime_value > cfg.vip_ltv or "vip" in customer.all_tags or loyal


def is_suspicious(customer: Customer | None) -> bool:
    """True when the owner or an earlier claim tagged the customer suspicious."""
    return customer is not None and "suspicious" in customer.all_tags


def is_no_auto(customer: Customer | None) -> bool:
    """True when the owner tagged the customer `no_auto`: a person answers them, always."""
    return customer is not None and "no_auto" in customer.owner_tags


def is_first_time(customer: Customer | None) -> bool:
    """True for a customer with no order history beyond this one."""
    return customer is None or customer.order_count <= 1


OPENED = 2
"""Level of the chargeback signal when the customer says a dispute is open (1: threatened)."""


def is_disputed(data: PolicyInput) -> bool:
    """True when the order's payment is disputed or the customer says they opened a dispute.

    A dispute only threatened ("...or I'll dispute the charge", chargeback level 1) is not
    open: see `threatens_dispute`.
    """
    disputed = data.order is not None and data.order.payment_status == Payment.DISPUTED
    return disputed or data.triage.has("chargeback", OPENED)


def threatens_dispute(data: PolicyInput) -> bool:
    """True when the customer threatens a payment dispute that is not open (a conditional demand)."""
    return data.triage.has("chargeback") and not is_disputed(data)


def total_below(order: Order, limit: Decimal, cfg: PolicyConfig) -> bool:
    """True when the order total is below `limit` in the store's currency (at the owner's rate)."""
    total = cfg.in_currency(order.total, order.currency)
    return total is not None and total < limit


def first_name(data: PolicyInput) -> str:
    """The customer's first name from their profile, else from the order they own."""
    name = data.customer.name if data.customer else ""
    if not name and data.order is not None and data.sender_owns_order:
        name = data.order.name
    return name.split()[0] if name.split() else ""


def tracking_url(order: Order, cfg: PolicyConfig) -> str:
    """The order's tracking link, built from carrier and number when the order has none."""
    if order.tracking_url or not order.tracking_number:
        return order.tracking_url
    # Whole words only, so that "ups" never matches inside another carrier's name.
    words = set(re.findall(r"[a-z]+", order.carrier.lower()))
    for name, pattern in cfg.tracking_urls.items():
        if name in words:
            return pattern.replace("{number}", quote(order.tracking_number, safe=""))
    return ""


def money(amount: Decimal, currency: str) -> str:
    """An amount as the reply states it, e.g. `25.00 USD`."""
    return f"{amount.quantize(Decimal('0.01'))} {currency}"


def order_facts(order: Order, cfg: PolicyConfig) -> dict[str, object]:
    """What any reply to the order's owner may state about the order."""
    facts: dict[str, object] = {
        "order_id": order.order_id,
        "items": tuple(f"{i.quantity} x {i.name}" for i in order.items),
    }
    return facts | shipping_facts(order, cfg)


def shipping_facts(order: Order, cfg: PolicyConfig) -> dict[str, object]:
    """Carrier, tracking and dates, only those the order record actually holds."""
    facts: dict[str, object] = {}
    url = tracking_url(order, cfg)
    pairs = {
        "carrier": order.carrier,
        "tracking_number": order.tracking_number,
        "tracking_url": url,
        "shipped_date": order.shipped_at.date().isoformat() if order.shipped_at else "",
        "delivered_date": order.delivered_at.date().isoformat() if order.delivered_at else "",
        "expected_date": (order.expected_delivery.date().isoformat() if order.expected_delivery else ""),
    }
    facts.update({k: v for k, v in pairs.items() if v})
    return facts
