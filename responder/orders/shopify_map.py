"""Mapping GraphQL Admin API nodes (Order, Customer) to our `Order` and `Customer`.

Statuses (documented in BACKENDS.md):
- displayFinancialStatus: PAID, PARTIALLY_REFUNDED, REFUNDED, PENDING as they are;
  AUTHORIZED and PARTIALLY_PAID -> pending; VOIDED and EXPIRED -> failed. An open dispute
  (NEEDS_RESPONSE, UNDER_REVIEW) or a lost one makes the payment `disputed` whatever else.
- cancelledAt set -> cancelled; displayFulfillmentStatus RESTOCKED -> returned; the newest
  live fulfilment DELIVERED (or with deliveredAt) -> delivered; FULFILLED or
  PARTIALLY_FULFILLED (or any live fulfilment) -> shipped; anything else -> unfulfilled.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime
from decimal import Decimal, InvalidOperation
from types import MappingProxyType
from typing import Any

from responder.models import Customer, Order, OrderItem
from responder.orders.cells import parse_when
from responder.orders.ids import normalise_email, normalise_order_id
from responder.orders.money import Valuation, parse_tags

Json = Mapping[str, Any]
_ADDRESS = ("address1", "address2", "city", "zip", "province", "country")
PAYMENT = {
    "PAID": "paid",
    "PARTIALLY_REFUNDED": "partially_refunded",
    "REFUNDED": "refunded",
    "PENDING": "pending",
    # Money was promised, not taken: not paid yet.
    "AUTHORIZED": "pending",
    "PARTIALLY_PAID": "pending",
    # The authorisation was cancelled or lapsed: no money will come.
    "VOIDED": "failed",
    "EXPIRED": "failed",
}
FULFILLED = frozenset({"FULFILLED", "PARTIALLY_FULFILLED"})
DISPUTED = frozenset({"NEEDS_RESPONSE", "UNDER_REVIEW", "LOST"})
DEAD_FULFILMENT = frozenset({"CANCELLED", "ERROR", "FAILURE"})


def text(data: Json | None, key: str) -> str:
    """A string field; "" for null, absent or a non-string."""
    value = (data or {}).get(key)
    return value.strip() if isinstance(value, str) else ""


def money(data: Json | None, key: str) -> tuple[Decimal, str]:
    """Amount and currency of a MoneyBag's shopMoney (or a MoneyV2); 0 when garbled."""
    outer = (data or {}).get(key) or {}
    node = outer.get("shopMoney") or outer
    try:
        amount = Decimal(str(node.get("amount") or 0))
    except InvalidOperation:
        amount = Decimal(0)
    return amount, text(node, "currencyCode")


def when(data: Json | None, key: str) -> datetime | None:
    """A DateTime field in UTC; None when absent or garbled."""
    raw = text(data, key)
    try:
        return parse_when(raw.replace("Z", "+00:00")) if raw else None
    except ValueError:
        return None


def nodes(data: Json | None, key: str) -> list[Json]:
    """The list under a connection (`{nodes: [...]}`) or a plain list field."""
    value = (data or {}).get(key) or []
    return list(value.get("nodes") or []) if isinstance(value, Mapping) else list(value)


def to_order(data: Json) -> Order:
    """One Order node."""
    shipment = _shipment(nodes(data, "fulfillments"))
    tracking = next(iter(nodes(shipment, "trackingInfo")), None)
    total, currency = money(data, "totalPriceSet")
    return Order(
        order_id=normalise_order_id(text(data, "name")),
        email=normalise_email(text(data, "email") or text(data.get("customer"), "email")),
        name=_person(data),
        created_at=when(data, "createdAt"),
        total=total,
        currency=currency or "USD",
        payment_status=_payment(data),
        fulfillment_status=_fulfillment(data, shipment),
        carrier=text(tracking, "company"),
        tracking_number=text(tracking, "number"),
        tracking_url=text(tracking, "url"),
        shipped_at=when(shipment, "createdAt"),
        delivered_at=when(shipment, "deliveredAt"),
        expected_delivery=when(shipment, "estimatedDeliveryAt"),
        items=tuple(_item(line) for line in nodes(data, "lineItems")),
        # totalWeight is what the items should weigh, not a weighed parcel.
        expected_weight_grams=_grams(data.get("totalWeight")),
        shipping_address=", ".join(v for v in (text(data.get("shippingAddress"), k) for k in _ADDRESS) if v),
    )


def _shipment(fulfillments: Sequence[Json]) -> Json | None:
    live = [f for f in fulfillments if text(f, "status") not in DEAD_FULFILMENT]
    # The newest shipment is the one the customer is waiting for.
    return max(live, key=lambda f: text(f, "createdAt"), default=None)


def _payment(data: Json) -> str:
    if any(text(d, "status") in DISPUTED for d in nodes(data, "disputes")):
        return "disputed"
    return PAYMENT.get(text(data, "displayFinancialStatus"), "pending")


def _fulfillment(data: Json, shipment: Json | None) -> str:
    status = text(data, "displayFulfillmentStatus")
    if data.get("cancelledAt"):
        return "cancelled"
    if status == "RESTOCKED":
        return "returned"
    if text(shipment, "displayStatus") == "DELIVERED" or when(shipment, "deliveredAt"):
        return "delivered"
    return "shipped" if status in FULFILLED or shipment is not None else "unfulfilled"


def _person(data: Json) -> str:
    named = text(data.get("shippingAddress"), "name") or text(data.get("billingAddress"), "name")
    customer = data.get("customer")
    return named or f"{text(customer, 'firstName')} {text(customer, 'lastName')}".strip()


def _item(line: Json) -> OrderItem:
    price, _ = money(line, "originalUnitPriceSet")
    return OrderItem(
        sku=text(line, "sku"),
        name=text(line, "name"),
        quantity=int(line.get("quantity") or 1),
        price=price,
        personalization=personalization(line.get("customAttributes") or [], "key", "value"),
    )


def personalization(attributes: Sequence[Json], key: str, value: str) -> str:
    """Line item properties as `Engraving: Anna; Font: Script`; `_hidden` ones left out."""
    pairs = [(text(a, key), text(a, value)) for a in attributes]
    return "; ".join(f"{k}: {v}" for k, v in pairs if k and v and not k.startswith("_"))


def _grams(value: object) -> int | None:
    # UnsignedInt64 comes as a string.
    try:
        grams = int(str(value)) if value is not None else 0
    except ValueError:
        return None
    return grams if grams > 0 else None


def to_customer(data: Json, valuation: Valuation) -> Customer:
    """One Customer node: Shopify's own amountSpent and numberOfOrders; tags are the owner's."""
    spent, currency = money(data, "amountSpent")
    values = MappingProxyType({currency or valuation.currency: spent} if spent else {})
    ltv = valuation.in_store_currency(values)
    tags = data.get("tags") or []
    return Customer(
        email=normalise_email(text(data, "email")),
        name=f"{text(data, 'firstName')} {text(data, 'lastName')}".strip(),
        lifetime_value=ltv,
        order_count=_count(data.get("numberOfOrders")),
        tags=valuation.responder_tags(ltv),
        owner_tags=parse_tags(",".join(str(t) for t in tags)),
        lifetime_values=values,
    )


def _count(value: object) -> int:
    try:
        return max(0, int(str(value or 0)))
    except ValueError:
        return 0
