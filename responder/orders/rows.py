"""Converting between the frozen `Order` value and its `OrderRow`."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Row

from responder.models import Order, OrderItem
from responder.orders.ids import from_cents, to_cents
from responder.orders.tables import OrderRow
from responder.protocols import aware, utc_now

# Order fields copied to and from the row unchanged.
_PLAIN = (
    "order_id", "email", "name", "currency", "payment_status", "fulfillment_status",
    "carrier", "tracking_number", "tracking_url", "weight_grams",
    "expected_weight_grams", "shipping_address",
)  # fmt: skip
_TIMES = ("created_at", "shipped_at", "delivered_at", "expected_delivery")


def row_values(order: Order) -> dict[str, Any]:
    """The column values that store `order`."""
    values: dict[str, Any] = {name: getattr(order, name) for name in _PLAIN}
    values.update({name: aware(getattr(order, name)) for name in _TIMES})
    values["total_cents"] = to_cents(order.total)
    values["items"] = [_item_json(item) for item in order.items]
    return values


def _item_json(item: OrderItem) -> dict[str, Any]:
    return {
        "sku": item.sku,
        "name": item.name,
        "quantity": item.quantity,
        "price_cents": to_cents(item.price),
        **({"personalization": item.personalization} if item.personalization else {}),
    }


def apply(row: OrderRow, order: Order) -> bool:
    """Write `order` into `row`; True when anything changed."""
    values = row_values(order)
    changed = any(_stored(getattr(row, k)) != v for k, v in values.items())
    if changed:
        for key, value in values.items():
            setattr(row, key, value)
        row.updated_at = utc_now()
    return changed


def _stored(value: object) -> object:
    return aware(value) if isinstance(value, datetime) else value


def to_order(row: OrderRow | Row[Any]) -> Order:
    """The `Order` a row holds (an ORM row or a plain SQL row of the orders table)."""
    values: dict[str, Any] = {name: getattr(row, name) for name in _PLAIN}
    values.update({name: aware(getattr(row, name)) for name in _TIMES})
    items = tuple(_item(entry) for entry in row.items)
    return Order(**values, total=from_cents(row.total_cents), items=items)


def _item(entry: dict[str, Any]) -> OrderItem:
    return OrderItem(
        sku=str(entry.get("sku", "")),
        name=str(entry.get("name", "")),
        quantity=int(entry.get("quantity", 1)),
        price=from_cents(int(entry.get("price_cents", 0))),
        personalization=str(entry.get("personalization", "")),
    )
