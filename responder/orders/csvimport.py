"""Importing orders from a CSV file: our documented format or Shopify's orders export.

Our format (also in CSV_FORMAT.md): UTF-8, comma-separated, one row per order, a header
row naming the columns in any order. Required: `order_id`, `email`, `total`. Optional:
`name`, `created_at`, `currency` (3 letters, default USD), `payment_status` (paid |
pending | failed | refunded | partially_refunded | disputed; default paid),
`fulfillment_status` (unfulfilled | shipped | delivered | cancelled | returned; default
unfulfilled), `carrier`, `tracking_number`, `tracking_url`, `shipped_at`, `delivered_at`,
`expected_delivery`, `items`, `weight_grams`, `expected_weight_grams`, `shipping_address`,
`tags` (the owner's tags of the customer: `vip, no_auto`), `personalization` (`sku=text;...`).
Amounts use a dot (`12.50`), no thousands separator. Dates are ISO 8601 (`2024-05-31` or
`2024-05-31T14:30:00+02:00`); without a zone they are UTC. `items` is a `;`-separated list
of `sku:name:quantity:unit_price`, e.g. `MUG-BL:Blue mug:2:12.50;TOWEL:Tea towel:1:8.00`.
An unknown column stops the import (a misspelt column would otherwise be lost silently).

Orders are upserted by order id. A bad row is reported with its line number and skipped;
the good rows are written in one transaction, so a crash leaves the old data intact.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from sqlalchemy import Engine
from sqlmodel import Session, col, select

from responder.models import Fulfilment, Order, OrderItem, Payment
from responder.orders import shopify_csv
from responder.orders.cells import Cells, Line, Parsed, currency, row_shape_problem
from responder.orders.ids import normalise_order_id, parse_amount
from responder.orders.money import parse_tags
from responder.orders.rows import apply, row_values
from responder.orders.tables import CustomerRow, OrderRow

COLUMNS = (
    "order_id", "email", "name", "created_at", "total", "currency", "payment_status",
    "fulfillment_status", "carrier", "tracking_number", "tracking_url", "shipped_at",
    "delivered_at", "expected_delivery", "items", "weight_grams", "expected_weight_grams",
    "shipping_address", "tags", "personalization",
)  # fmt: skip
REQUIRED = ("order_id", "email", "total")
PAYMENT = frozenset(Payment)
FULFILLMENT = frozenset(Fulfilment)


@dataclass(frozen=True)
class ImportReport:
    """What an import did: counts of orders and one message per rejected row."""

    format: str
    """responder | shopify | unknown"""
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    skipped: int = 0
    """Orders not written because a row of theirs was bad."""
    errors: tuple[str, ...] = ()
    """`line 7: total 'abc' is not a number`, in file order."""

    def summary(self) -> str:
        """One line for the owner."""
        return (
            f"{self.format} file: {self.created} created, {self.updated} updated, "
            f"{self.unchanged} unchanged, {self.skipped} skipped, {len(self.errors)} errors"
        )


def import_csv(path: Path, engine: Engine) -> ImportReport:
    """Read `path` (either format, told apart by its header) and upsert its orders."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        return ImportReport("unknown", errors=(f"{path}: cannot read the file: {exc.strerror or exc}",))
    try:
        text = data.decode("utf-8-sig")  # Excel and Shopify may add a BOM
    except UnicodeDecodeError as exc:
        return ImportReport("unknown", errors=(not_utf8(data, exc),))
    reader = csv.DictReader(io.StringIO(text, newline=""))
    header = tuple(reader.fieldnames or ())
    kind = detect(header)
    if kind == "unknown":
        problem = "line 1: not an orders file (need an order_id column or Shopify's export)"
        return ImportReport(kind, errors=(problem,))
    parsed = _parse(kind, header, reader)
    created, updated, unchanged = store(engine, parsed.orders)
    if parsed.owner_tags is not None:
        store_owner_tags(engine, parsed.owner_tags)
    return ImportReport(kind, created, updated, unchanged, parsed.skipped, tuple(parsed.errors))


def not_utf8(data: bytes, exc: UnicodeDecodeError) -> str:
    """Where the first byte that is not UTF-8 is, and how to fix the file."""
    line = data[: exc.start].count(b"\n") + 1
    return (f"line {line}: byte 0x{data[exc.start]:02x} is not UTF-8; "
            "save the file as 'CSV UTF-8' (Excel) and import it again")


def detect(header: Sequence[str]) -> str:
    """`shopify`, `responder` or `unknown`, from the header row alone."""
    names = {name.strip() for name in header}
    if names >= shopify_csv.HEADER_MARKERS:
        return "shopify"
    return "responder" if "order_id" in names else "unknown"


def _parse(kind: str, header: Sequence[str], reader: csv.DictReader[str]) -> Parsed:
    if kind == "shopify":
        return shopify_csv.parse(records(reader))
    problems = header_problems(header)
    if problems:
        return Parsed(errors=[f"line 1: {p}" for p in problems])
    return parse_ours(records(reader))


def header_problems(header: Sequence[str]) -> list[str]:
    """Missing required columns and unknown ones in our format's header."""
    names = [name.strip() for name in header]
    missing = [f"required column {n!r} is missing" for n in REQUIRED if n not in names]
    unknown = [f"unknown column {n!r}" for n in names if n not in COLUMNS]
    return missing + unknown


def records(reader: csv.DictReader[str]) -> Iterator[Line]:
    """Each record with the line it starts on; a broken record ends the file with an error."""
    while True:
        start = reader.line_num + 1
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            yield start, {None: f"cannot read this line as CSV: {exc}"}
            return
        yield start, {k.strip() if k else k: v for k, v in row.items()}


def parse_ours(lines: Iterator[Line]) -> Parsed:
    """Orders from our format; a repeated order id is an error, not a silent overwrite."""
    parsed, seen = Parsed(), dict[str, int]()
    for line, row in lines:
        order, problems = read_order(row)
        if order is not None and order.order_id in seen:
            problems.append(f"order {order.order_id} already appears on line {seen[order.order_id]}")
        if problems or order is None:
            parsed.reject(line, problems)
            continue
        seen[order.order_id] = line
        parsed.orders.append(order)
        if "tags" in row:
            tags = parsed.owner_tags if parsed.owner_tags is not None else {}
            tags.setdefault(order.email, set()).update(parse_tags(Cells(row).text("tags")))
            parsed.owner_tags = tags
    return parsed


def read_order(row: dict[str | None, object]) -> tuple[Order | None, list[str]]:
    """One order from a row of our format, or None with every problem found."""
    shape = row_shape_problem(row)
    if shape:
        return None, shape
    cells = Cells(row)
    order_id = normalise_order_id(cells.required("order_id"))
    order = Order(
        order_id=order_id,
        email=cells.email("email"),
        name=cells.text("name"),
        created_at=cells.when("created_at"),
        total=cells.money("total", required=True),
        currency=currency(cells, "currency"),
        payment_status=cells.choice("payment_status", PAYMENT, "paid"),
        fulfillment_status=cells.choice("fulfillment_status", FULFILLMENT, "unfulfilled"),
        carrier=cells.text("carrier"),
        tracking_number=cells.text("tracking_number"),
        tracking_url=cells.text("tracking_url"),
        shipped_at=cells.when("shipped_at"),
        delivered_at=cells.when("delivered_at"),
        expected_delivery=cells.when("expected_delivery"),
        items=personalise(cells, parse_items(cells)),
        weight_grams=cells.count("weight_grams"),
        expected_weight_grams=cells.count("expected_weight_grams"),
        shipping_address=cells.text("shipping_address"),
    )
    return (None if cells.errors else order), cells.errors


def parse_items(cells: Cells) -> tuple[OrderItem, ...]:
    """The `items` column: `sku:name:quantity:unit_price` entries separated by `;`."""
    entries = [e.strip() for e in cells.text("items").split(";") if e.strip()]
    items = []
    for entry in entries:
        try:
            items.append(parse_item(entry))
        except ValueError as exc:
            cells.errors.append(f"items entry {entry!r} {exc}")
    return tuple(items)


def parse_item(entry: str) -> OrderItem:
    """One `sku:name:quantity:unit_price` entry; the name may itself contain colons."""
    head, sep, tail = entry.partition(":")
    parts = tail.rsplit(":", 2)
    if not sep or len(parts) != 3:
        raise ValueError("is not sku:name:quantity:unit_price")
    name, quantity, price = (p.strip() for p in parts)
    if not quantity.isdigit() or int(quantity) < 1:
        raise ValueError(f"has quantity {quantity!r}, not a whole number above 0")
    return OrderItem(sku=head.strip(), name=name, quantity=int(quantity), price=parse_amount(price))


def personalise(cells: Cells, items: tuple[OrderItem, ...]) -> tuple[OrderItem, ...]:
    """The `personalization` column: `key=text` entries separated by `;`, where key is the
    item's sku (or its name when it has none), e.g. `MUG-BL=For Anna;TOWEL=Tom & Jo`."""
    texts: dict[str, str] = {}
    for entry in (e.strip() for e in cells.text("personalization").split(";")):
        key, sep, text = entry.partition("=")
        if entry and (not sep or not key.strip()):
            cells.errors.append(f"personalization entry {entry!r} is not sku=text")
        elif entry:
            texts[key.strip()] = text.strip()
    unknown = set(texts) - {item.sku or item.name for item in items}
    cells.errors += [f"personalization for {key!r}: no such item in items" for key in sorted(unknown)]
    return tuple(replace(i, personalization=texts.get(i.sku or i.name, "")) for i in items)


def store_owner_tags(engine: Engine, tags: Mapping[str, set[str]]) -> None:
    """Set each customer's owner tags to what the file says (an empty cell clears them)."""
    with Session(engine) as s:
        for email, found in tags.items():
            row = s.get(CustomerRow, email) or CustomerRow(email=email)
            if set(row.owner_tags) != found:
                row.owner_tags = sorted(found)
                s.add(row)
        s.commit()


def store(engine: Engine, orders: Sequence[Order]) -> tuple[int, int, int]:
    """Upsert orders by id in one transaction; (created, updated, unchanged)."""
    created = updated = unchanged = 0
    with Session(engine) as s:
        for start in range(0, len(orders), _CHUNK):
            chunk = orders[start:start + _CHUNK]
            # One query per chunk, not per order (a 100k-order export took ~45 s that way).
            known = {row.order_id: row for row in s.exec(select(OrderRow).where(
                col(OrderRow.order_id).in_([o.order_id for o in chunk])))}
            for order in chunk:
                row = known.get(order.order_id)
                if row is None:
                    s.add(OrderRow(**row_values(order)))  # ids are unique in a file (parse)
                    created += 1
                elif apply(row, order):
                    s.add(row)
                    updated += 1
                else:
                    unchanged += 1
        s.commit()
    return created, updated, unchanged


_CHUNK = 500
