"""Mapping WooCommerce REST API v3 JSON (orders, customers) to our `Order` and `Customer`.

Order status -> (payment, fulfilment), documented in BACKENDS.md:

| WooCommerce | payment | fulfilment |
|---|---|---|
| pending (awaiting payment) | pending | unfulfilled |
| processing (paid, not shipped yet) | paid | unfulfilled |
| on-hold (awaiting payment confirmation) | pending | unfulfilled |
| completed | paid | shipped |
| cancelled | failed | cancelled |
| refunded | refunded | as tracking shows |
| failed | failed | unfulfilled |

A paid order with refunds is `partially_refunded`. Tracking comes from the WooCommerce
Shipment Tracking extension's `_wc_shipment_tracking_items` order meta when present, and
makes an unfulfilled order `shipped`. WooCommerce has no delivery event: never `delivered`.
"""

from __future__ import annotations

import html
import re
from collections.abc import Mapping, Sequence
from datetime import UTC, datetime
from decimal import Decimal, InvalidOperation
from types import MappingProxyType
from typing import Any

from responder.models import Customer, Order, OrderItem
from responder.orders.cells import parse_when
from responder.orders.ids import normalise_email, normalise_order_id
from responder.orders.money import Valuation, parse_tags, per_currency
from responder.orders.shopify_map import personalization, text

Json = Mapping[str, Any]
STATUS = {
    "pending": ("pending", "unfulfilled"),
    "processing": ("paid", "unfulfilled"),
    "on-hold": ("pending", "unfulfilled"),
    "completed": ("paid", "shipped"),
    "cancelled": ("failed", "cancelled"),
    "refunded": ("refunded", "unfulfilled"),
    "failed": ("failed", "unfulfilled"),
}
TRACKING_META = "_wc_shipment_tracking_items"
_TAG = re.compile(r"<[^>]*>")
_ADDRESS = ("address_1", "address_2", "city", "postcode", "state", "country")


def amount(data: Json | None, key: str) -> Decimal:
    """A money field (WooCommerce sends strings); 0 when absent or garbled."""
    try:
        return Decimal(str((data or {}).get(key) or 0))
    except InvalidOperation:
        return Decimal(0)


def gmt(data: Json | None, key: str) -> datetime | None:
    """A `*_gmt` field (no zone, UTC) as an aware time; None when empty."""
    raw = text(data, key)
    try:
        return parse_when(raw).replace(tzinfo=UTC) if raw else None
    except ValueError:
        return None


def meta(data: Json | None, key: str) -> Any:
    """The value of a meta_data entry, or None."""
    entries = (data or {}).get("meta_data") or []
    return next((e.get("value") for e in entries if isinstance(e, Mapping) and e.get("key") == key), None)


def to_order(data: Json) -> Order:
    """One order of `GET /orders`."""
    payment, fulfilment = STATUS.get(text(data, "status"), ("pending", "unfulfilled"))
    if payment == "paid" and data.get("refunds"):
        payment = "partially_refunded"
    tracking = _tracking(data)
    if tracking is not None and fulfilment == "unfulfilled":
        fulfilment = "shipped"
    billing, shipping = data.get("billing") or {}, data.get("shipping") or {}
    return Order(
        order_id=normalise_order_id(text(data, "number") or str(data.get("id", ""))),
        email=normalise_email(text(billing, "email")),
        name=_name(shipping) or _name(billing),
        created_at=gmt(data, "date_created_gmt"),
        total=amount(data, "total"),
        currency=text(data, "currency") or "USD",
        payment_status=payment,
        fulfillment_status=fulfilment,
        carrier=text(tracking, "custom_tracking_provider") or text(tracking, "tracking_provider"),
        tracking_number=text(tracking, "tracking_number"),
        tracking_url=text(tracking, "custom_tracking_link"),
        shipped_at=_shipped(tracking) or (gmt(data, "date_completed_gmt") if tracking or
                                          fulfilment == "shipped" else None),
        items=tuple(_item(line) for line in data.get("line_items") or []),
        shipping_address=", ".join(v for v in (text(shipping, k) for k in _ADDRESS) if v),
    )


def _name(address: Json) -> str:
    return f"{text(address, 'first_name')} {text(address, 'last_name')}".strip()


def _tracking(data: Json) -> Json | None:
    items = meta(data, TRACKING_META)
    shipments = [i for i in items if isinstance(i, Mapping)] if isinstance(items, list) else []
    return shipments[-1] if shipments else None  # the newest is appended last


def _shipped(tracking: Json | None) -> datetime | None:
    raw = text(tracking, "date_shipped")
    return datetime.fromtimestamp(int(raw), UTC) if raw.isdigit() else None


def _item(line: Json) -> OrderItem:
    return OrderItem(
        sku=text(line, "sku"),
        name=text(line, "name"),
        quantity=int(line.get("quantity") or 1),
        price=amount(line, "price"),
        personalization=_plain(personalization(line.get("meta_data") or [], "display_key", "display_value")),
    )


def _plain(text: str) -> str:
    # Add-on plugins put HTML in display_value (`<p>Anna</p>`); the approver and the reply
    # need the words only.
    return html.unescape(_TAG.sub("", text)).strip()


def to_customer(data: Json | None, email: str, orders: Sequence[Order], valuation: Valuation,
                tags_meta: str) -> Customer:
    """The profile: totals from the orders (v3 customers carry none), tags from a meta field."""
    values = per_currency(orders)
    ltv = valuation.in_store_currency(values)
    raw_tags = meta(data, tags_meta) if tags_meta else None
    newest = next((o.name for o in orders if o.name), "")
    return Customer(
        email=email,
        name=_name(data or {}) or newest,
        lifetime_value=ltv,
        order_count=len(orders),
        tags=valuation.responder_tags(ltv),
        owner_tags=parse_tags(raw_tags if isinstance(raw_tags, str) else ""),
        lifetime_values=MappingProxyType(dict(values)),
    )
