"""Mapping Shopify Admin REST API JSON (orders, customers) to our `Order` and `Customer`."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from responder.models import Customer, Order, OrderItem
from responder.orders.cells import parse_when
from responder.orders.ids import normalise_email, normalise_order_id
from responder.orders.shopify_csv import FULFILLMENT, PAYMENT

Json = Mapping[str, Any]
VIP_TAG = "vip"
_ADDRESS = ("address1", "address2", "city", "zip", "province", "country")


def text(data: Json | None, key: str) -> str:
    """A string field; "" for null, absent or a non-string."""
    value = (data or {}).get(key)
    return value.strip() if isinstance(value, str) else ""


def money(data: Json | None, key: str) -> Decimal:
    """A money field (Shopify sends amounts as strings); 0 when absent or garbled."""
    try:
        return Decimal(str((data or {}).get(key) or 0))
    except InvalidOperation:
        return Decimal(0)


def when(data: Json | None, key: str) -> datetime | None:
    """A timestamp field in UTC; None when absent or garbled."""
    raw = text(data, key)
    try:
        return parse_when(raw) if raw else None
    except ValueError:
        return None


def to_order(data: Json) -> Order:
    """One order of `GET /orders.json`."""
    shipment = _shipment(data.get("fulfillments") or [])
    delivered = text(shipment, "shipment_status") == "delivered"
    return Order(
        order_id=normalise_order_id(text(data, "name")),
        email=normalise_email(text(data, "email") or text(data.get("customer"), "email")),
        name=_person(data),
        created_at=when(data, "created_at"),
        total=money(data, "total_price"),
        currency=text(data, "currency") or "USD",
        payment_status=PAYMENT.get(text(data, "financial_status"), "pending"),
        fulfillment_status=_fulfillment(data, delivered=delivered),
        carrier=text(shipment, "tracking_company"),
        tracking_number=text(shipment, "tracking_number"),
        tracking_url=text(shipment, "tracking_url") or _first(shipment, "tracking_urls"),
        shipped_at=when(shipment, "created_at"),
        # REST has no delivery time; the fulfillment's last update is the delivery event.
        delivered_at=when(shipment, "updated_at") if delivered else None,
        items=tuple(_item(line) for line in data.get("line_items") or []),
        # total_weight is what the items should weigh, not a weighed parcel.
        expected_weight_grams=_grams(data.get("total_weight")),
        shipping_address=_address(data.get("shipping_address")),
    )


def _shipment(fulfillments: list[Json]) -> Json | None:
    live = [f for f in fulfillments if text(f, "status") not in ("cancelled", "error", "failure")]
    # The newest shipment is the one the customer is waiting for.
    return max(live, key=lambda f: text(f, "created_at"), default=None)


def _fulfillment(data: Json, *, delivered: bool) -> str:
    if data.get("cancelled_at"):
        return "cancelled"
    if delivered:
        return "delivered"
    return FULFILLMENT.get(text(data, "fulfillment_status"), "unfulfilled")


def _person(data: Json) -> str:
    named = text(data.get("shipping_address"), "name") or text(data.get("billing_address"), "name")
    customer = data.get("customer")
    return named or f"{text(customer, 'first_name')} {text(customer, 'last_name')}".strip()


def _item(line: Json) -> OrderItem:
    return OrderItem(
        sku=text(line, "sku"),
        name=text(line, "name") or text(line, "title"),
        quantity=int(line.get("quantity") or 1),
        price=money(line, "price"),
    )


def _address(address: Json | None) -> str:
    return ", ".join(v for v in (text(address, k) for k in _ADDRESS) if v)


def _first(data: Json | None, key: str) -> str:
    values = (data or {}).get(key) or []
    return str(values[0]) if values else ""


def _grams(value: object) -> int | None:
    return int(value) if isinstance(value, int | float) and value > 0 else None


def to_customer(data: Json, *, vip_ltv: Decimal) -> Customer:
    """One customer of `GET /customers/search.json`; tags as Shopify stores them, lower-cased."""
    ltv = money(data, "total_spent")
    tags = {t.strip().lower() for t in text(data, "tags").split(",") if t.strip()}
    if ltv > vip_ltv:
        tags.add(VIP_TAG)
    return Customer(
        email=normalise_email(text(data, "email")),
        name=f"{text(data, 'first_name')} {text(data, 'last_name')}".strip(),
        lifetime_value=ltv,
        order_count=int(data.get("orders_count") or 0),
        tags=frozenset(tags),
    )
