"""Our orders CSV as Shopify's and WooCommerce's API JSON, to serve from the fake shops.

The inverse of what the backends map, written from the API references' shapes: a replay
over a fake shop must decide exactly as over the CSV it was made from.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from datetime import datetime
from pathlib import Path
from typing import Any

from responder.models import Order, OrderItem
from responder.orders.csvimport import parse_ours, records
from responder.orders.money import PAID_STATUSES

Node = dict[str, Any]
SHOPIFY_PAYMENT = {"paid": "PAID", "partially_refunded": "PARTIALLY_REFUNDED", "refunded": "REFUNDED",
                   "pending": "PENDING", "failed": "VOIDED", "disputed": "PAID"}
WOO_STATUS = {("paid", "unfulfilled"): "processing", ("paid", "shipped"): "completed",
              ("partially_refunded", "shipped"): "completed", ("pending", "unfulfilled"): "pending",
              ("refunded", "shipped"): "refunded", ("refunded", "unfulfilled"): "refunded",
              ("failed", "cancelled"): "cancelled", ("failed", "unfulfilled"): "failed"}


def read(path: Path) -> tuple[list[Order], dict[str, set[str]]]:
    """The orders and owner tags of one CSV in our format."""
    parsed = parse_ours(records(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8")))))
    assert not parsed.errors, parsed.errors
    return parsed.orders, parsed.owner_tags or {}


def _iso(when: datetime | None) -> str | None:
    return when.strftime("%Y-%m-%dT%H:%M:%SZ") if when else None


def _split(name: str) -> tuple[str, str]:
    first, _, last = name.partition(" ")
    return first, last


def _attributes(item: OrderItem) -> list[Node]:
    key, _, value = item.personalization.partition(": ")
    return [{"key": key, "value": value}] if item.personalization else []


def shopify_order(order: Order) -> Node:
    """An Order node of the GraphQL Admin API."""
    first, last = _split(order.name)
    money = {"shopMoney": {"amount": str(order.total), "currencyCode": order.currency}}
    status = {"shipped": "FULFILLED", "delivered": "FULFILLED", "returned": "RESTOCKED"}
    return {
        "name": f"#{order.order_id}" if order.order_id.isdigit() else order.order_id,
        "email": order.email, "createdAt": _iso(order.created_at),
        "cancelledAt": _iso(order.created_at) if order.fulfillment_status == "cancelled" else None,
        "displayFinancialStatus": SHOPIFY_PAYMENT[order.payment_status],
        "displayFulfillmentStatus": status.get(order.fulfillment_status, "UNFULFILLED"),
        "totalPriceSet": money, "totalWeight": str(order.expected_weight_grams or 0),
        "customer": {"email": order.email, "firstName": first, "lastName": last},
        "shippingAddress": {"name": order.name, "address1": order.shipping_address},
        "billingAddress": {"name": order.name},
        "disputes": [{"id": "gid://shopify/ShopifyPaymentsDispute/1", "status": "UNDER_REVIEW",
                      "initiatedAs": "CHARGEBACK"}] if order.payment_status == "disputed" else [],
        "fulfillments": [_fulfillment(order)] if order.shipped_at or order.tracking_number else [],
        "lineItems": {"nodes": [{
            "sku": i.sku, "name": i.name, "quantity": i.quantity,
            "originalUnitPriceSet": {"shopMoney": {"amount": str(i.price), "currencyCode": order.currency}},
            "customAttributes": _attributes(i)} for i in order.items]},
    }


def _fulfillment(order: Order) -> Node:
    delivered = order.delivered_at is not None
    return {"status": "SUCCESS", "displayStatus": "DELIVERED" if delivered else "IN_TRANSIT",
            "createdAt": _iso(order.shipped_at), "deliveredAt": _iso(order.delivered_at),
            "estimatedDeliveryAt": _iso(order.expected_delivery),
            "trackingInfo": [{"company": order.carrier, "number": order.tracking_number,
                              "url": order.tracking_url or None}]}


def shopify_customers(orders: Iterable[Order], tags: dict[str, set[str]]) -> list[Node]:
    """One Customer node per address, with Shopify's own totals."""
    by_email: dict[str, list[Order]] = {}
    for order in sorted(orders, key=lambda o: o.created_at or datetime.min, reverse=True):
        by_email.setdefault(order.email, []).append(order)
    nodes = []
    for email, placed in by_email.items():
        paid = [o for o in placed if o.payment_status in PAID_STATUSES]
        first, last = _split(placed[0].name)
        spent = {"amount": str(sum(o.total for o in paid)), "currencyCode": placed[0].currency}
        nodes.append({"email": email, "firstName": first, "lastName": last,
                      "tags": sorted(tags.get(email, ())), "numberOfOrders": str(len(placed)),
                      "amountSpent": spent})
    return nodes


def woo_order(order: Order, index: int) -> Node:
    """An order of the WooCommerce REST API v3."""
    first, last = _split(order.name)
    numeric = order.order_id.isdigit()
    tracking = [{"tracking_provider": "", "custom_tracking_provider": order.carrier,
                 "tracking_number": order.tracking_number, "custom_tracking_link": order.tracking_url,
                 "date_shipped": str(int(order.shipped_at.timestamp())) if order.shipped_at else ""}]
    meta = [{"id": index, "key": "_wc_shipment_tracking_items", "value": tracking}]
    return {
        "id": int(order.order_id) if numeric else 90000 + index, "number": order.order_id,
        "status": WOO_STATUS[(order.payment_status, order.fulfillment_status)],
        "currency": order.currency, "total": str(order.total),
        "date_created_gmt": (_iso(order.created_at) or "")[:19], "date_completed_gmt": None,
        "billing": {"first_name": first, "last_name": last, "email": order.email},
        "shipping": {"first_name": first, "last_name": last, "address_1": order.shipping_address},
        "refunds": [{"id": 1, "total": "-1.00"}] if order.payment_status == "partially_refunded" else [],
        "meta_data": meta if order.tracking_number else [],
        "line_items": [_woo_item(n, i) for n, i in enumerate(order.items)],
    }


def _woo_item(n: int, item: OrderItem) -> Node:
    meta = [{"id": n, "key": a["key"], "value": a["value"], "display_key": a["key"],
             "display_value": a["value"]} for a in _attributes(item)]
    return {"id": n, "name": item.name, "sku": item.sku, "quantity": item.quantity,
            "price": float(item.price), "meta_data": meta}


def woo_customers(orders: Iterable[Order], tags: dict[str, set[str]]) -> list[Node]:
    """A registered account for every address the owner tagged (the others buy as guests)."""
    names = {o.email: _split(o.name) for o in orders}
    return [{"id": n, "email": email, "first_name": names[email][0], "last_name": names[email][1],
             "role": "customer", "meta_data": [{"id": n, "key": "tags", "value": ", ".join(sorted(found))}]}
            for n, (email, found) in enumerate(sorted(tags.items())) if found]
