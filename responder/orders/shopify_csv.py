"""Shopify's orders export (Admin > Orders > Export), exactly as it comes out.

One row per line item, grouped by `Name` (`#1001`); the order's own columns are filled
on its first row only. Header as exported by Shopify (checked against several public
importers and test fixtures of it): Name, Email, Financial Status, Paid at, Fulfillment
Status, Fulfilled at, Accepts Marketing, Currency, Subtotal, Shipping, Taxes, Total,
Discount Code, Discount Amount, Shipping Method, Created at, Lineitem quantity, Lineitem
name, Lineitem price, Lineitem compare at price, Lineitem sku, Lineitem requires shipping,
Lineitem taxable, Lineitem fulfillment status, Billing Name, Billing Street, Billing
Address1, ..., Shipping Name, Shipping Street, Shipping Address1, Shipping Address2,
Shipping Company, Shipping City, Shipping Zip, Shipping Province, Shipping Country,
Shipping Phone, Notes, Note Attributes, Cancelled at, Payment Method, Payment Reference,
Refunded Amount, Vendor, ..., Id, Tags, Risk Level, Source, ... The export carries no
tracking numbers; `Tracking Company` / `Tracking Number` columns are read when present, and
so is `Lineitem properties` (personalization text, one `Name: value` per line).
"""

from __future__ import annotations

from collections.abc import Iterator

from responder.models import Order, OrderItem
from responder.orders.cells import Cells, Line, Parsed, currency, row_shape_problem
from responder.orders.ids import normalise_order_id

HEADER_MARKERS = frozenset({"Name", "Email", "Financial Status", "Lineitem quantity"})
"""Columns only Shopify's export has together; they identify the format."""

PAYMENT = {
    "paid": "paid",
    "partially_refunded": "partially_refunded",
    "refunded": "refunded",
    "pending": "pending",
    # Money was promised, not taken: not paid yet.
    "authorized": "pending",
    "partially_paid": "pending",
    # The authorisation was cancelled or lapsed: no money will come.
    "voided": "failed",
    "expired": "failed",
}
FULFILLMENT = {
    "fulfilled": "shipped",
    # Something has left with tracking; the items list says what the order holds.
    "partial": "shipped",
    "unfulfilled": "unfulfilled",
    "pending": "unfulfilled",
    "restocked": "returned",
}
PROPERTIES = "Lineitem properties"
ADDRESS = ("Address1", "Address2", "City", "Zip", "Province", "Country")


def parse(lines: Iterator[Line]) -> Parsed:
    """Orders from Shopify's export; a bad line item rejects its whole order."""
    parsed = Parsed()
    for key, group in _groups(lines, parsed).items():
        order, problems = _order(key, group)
        if order is None:
            parsed.reject_order(problems)
        else:
            parsed.orders.append(order)
    return parsed


def _groups(lines: Iterator[Line], parsed: Parsed) -> dict[str, list[Line]]:
    groups: dict[str, list[Line]] = {}
    for line, row in lines:
        shape = row_shape_problem(row)
        key = normalise_order_id(Cells(row).text("Name"))
        if shape or not key:
            parsed.reject(line, shape or ["Name is empty"])
            continue
        groups.setdefault(key, []).append((line, row))
    return groups


def _order(key: str, group: list[Line]) -> tuple[Order | None, list[tuple[int, str]]]:
    first_line, first = group[0]
    cells = Cells(first)
    items = [_item(line, row) for line, row in group]
    order = Order(
        order_id=key,
        email=cells.email("Email"),
        name=cells.text("Shipping Name") or cells.text("Billing Name"),
        created_at=cells.when("Created at"),
        total=cells.money("Total", required=True),
        currency=currency(cells, "Currency"),
        payment_status=_mapped(cells, "Financial Status", PAYMENT, "pending"),
        fulfillment_status=_fulfillment(cells),
        carrier=cells.text("Tracking Company"),
        tracking_number=cells.text("Tracking Number"),
        shipped_at=cells.when("Fulfilled at"),
        items=tuple(item for item, _ in items if item is not None),
        shipping_address=", ".join(v for v in (cells.text(f"Shipping {part}") for part in ADDRESS) if v),
    )
    problems = [(first_line, p) for p in cells.errors]
    problems += [problem for _, item_problems in items for problem in item_problems]
    return (None if problems else order), problems


def _item(line: int, row: dict[str | None, object]) -> tuple[OrderItem | None, list[tuple[int, str]]]:
    cells = Cells(row)
    item = OrderItem(
        sku=cells.text("Lineitem sku"),
        name=cells.required("Lineitem name"),
        quantity=cells.count("Lineitem quantity", default=1) or 0,
        price=cells.money("Lineitem price"),
        # Not in Shopify's standard export; apps that add line item properties write this.
        personalization="; ".join(filter(None, map(str.strip, cells.text(PROPERTIES).splitlines()))),
    )
    if item.quantity < 1 and not cells.errors:
        cells.errors.append("Lineitem quantity must be above 0")
    return (None if cells.errors else item), [(line, p) for p in cells.errors]


def _fulfillment(cells: Cells) -> str:
    if cells.text("Cancelled at"):
        cells.when("Cancelled at")  # a garbled date is still reported
        return "cancelled"
    return _mapped(cells, "Fulfillment Status", FULFILLMENT, "unfulfilled")


def _mapped(cells: Cells, name: str, table: dict[str, str], default: str) -> str:
    raw = cells.choice(name, table.keys(), "")
    return table.get(raw, default)
