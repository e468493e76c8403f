"""Reading typed values out of one CSV row, collecting every problem instead of stopping."""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from typing import TypeVar

from responder.models import Order
from responder.orders.ids import ascii_digits, parse_amount
from responder.protocols import aware

# Shopify writes "2024-05-01 10:00:00 +0000"; everything else is ISO 8601.
_SHOPIFY_TIME = "%Y-%m-%d %H:%M:%S %z"
T = TypeVar("T")

Line = tuple[int, dict[str | None, object]]
"""A CSV record and the line it starts on (1 is the header)."""


def parse_when(text: str) -> datetime:
    """A timestamp in UTC from ISO 8601 or Shopify's export format; naive means UTC."""
    cleaned = ascii_digits(text.strip())
    try:
        when = datetime.fromisoformat(cleaned)
    except ValueError:
        when = datetime.strptime(cleaned, _SHOPIFY_TIME)
    return aware(when)


class Cells:
    """One CSV row with typed getters; a bad value is recorded in `errors`, never raised."""

    def __init__(self, row: Mapping[str | None, object]) -> None:
        self._row = row
        self.errors: list[str] = []

    def text(self, name: str) -> str:
        """The stripped text of a column; "" when the column is absent or empty."""
        value = self._row.get(name)
        return value.strip() if isinstance(value, str) else ""

    def required(self, name: str) -> str:
        """The text of a column that must not be empty."""
        value = self.text(name)
        if not value:
            self.errors.append(f"{name} is empty")
        return value

    def money(self, name: str, *, required: bool = False) -> Decimal:
        """A money amount; 0 when empty and not required."""
        raw = self.required(name) if required else self.text(name)
        if not raw:
            return Decimal(0)
        try:
            value = parse_amount(raw)
        except ValueError:
            return self._fail(name, raw, "is not a number", Decimal(0))
        if value < 0:
            return self._fail(name, raw, "is negative", Decimal(0))
        return value

    def when(self, name: str) -> datetime | None:
        """A timestamp; None when empty."""
        raw = self.text(name)
        if not raw:
            return None
        try:
            return parse_when(raw)
        except ValueError:
            return self._fail(name, raw, "is not a date (use 2024-05-31 or 2024-05-31T14:30)", None)

    def count(self, name: str, *, default: int | None = None) -> int | None:
        """A whole number that cannot be negative (grams, quantities)."""
        raw = ascii_digits(self.text(name))
        if not raw:
            return default
        if not raw.isdigit():
            return self._fail(name, raw, "is not a whole number", default)
        return int(raw)

    def choice(self, name: str, allowed: Collection[str], default: str) -> str:
        """One of `allowed` (compared in lower case); `default` when empty."""
        raw = self.text(name).lower()
        if not raw:
            return default
        if raw not in allowed:
            return self._fail(name, raw, f"is not one of {', '.join(sorted(allowed))}", default)
        return raw

    def email(self, name: str) -> str:
        """An email address in lower case."""
        raw = self.required(name).lower()
        if raw and ("@" not in raw or " " in raw):
            self._fail(name, raw, "is not an email address", None)
        return raw

    def _fail(self, name: str, raw: str, what: str, fallback: T) -> T:
        self.errors.append(f"{name} {raw!r} {what}")
        return fallback


@dataclass
class Parsed:
    """Orders read from a file and the problems found on the way."""

    orders: list[Order] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    skipped: int = 0
    owner_tags: dict[str, set[str]] | None = None
    """Customer address -> the owner's tags from the `tags` column; None: the file has none."""

    def reject(self, line: int, problems: Sequence[str]) -> None:
        """Record a bad row: its problems, one message, and one order not written."""
        self.errors.append(f"line {line}: {'; '.join(problems)}")
        self.skipped += 1

    def reject_order(self, problems: Sequence[tuple[int, str]]) -> None:
        """Record an order spread over several rows: one message per bad line."""
        for line in sorted({line for line, _ in problems}):
            self.errors.append(f"line {line}: {'; '.join(p for n, p in problems if n == line)}")
        self.skipped += 1


def row_shape_problem(row: dict[str | None, object]) -> list[str]:
    """A record with more fields than the header (or unreadable) is misaligned: refuse it."""
    if None not in row:
        return []
    extra = row[None]
    if isinstance(extra, str):
        return [extra]
    count = len(extra) if isinstance(extra, list) else 0
    return [f"{count} more field(s) than the header has columns (an unquoted comma?)"]


def currency(cells: Cells, name: str) -> str:
    """A three-letter currency code in upper case; USD when empty."""
    code = cells.text(name).upper() or "USD"
    if len(code) != 3 or not code.isalpha():
        cells.errors.append(f"{name} {code!r} is not a 3-letter currency code")
    return code
