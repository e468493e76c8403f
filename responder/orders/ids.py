"""Normalising what customers and owners type: order ids, email addresses, digits, money."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from responder.models import Order

_SPACES = re.compile(r"\s+")
_PREFIXED = re.compile(r"^[A-Z]+-?(\d+)$")


def ascii_digits(text: str) -> str:
    """`text` with every decimal digit (Arabic-Indic ٠-٩, Persian ۰-۹, ...) made ASCII."""
    return "".join(_ascii_digit(ch) for ch in text)


def _ascii_digit(ch: str) -> str:
    if ch.isascii():
        return ch
    value = unicodedata.decimal(ch, None)
    return ch if value is None else str(value)


def normalise_order_id(raw: str) -> str:
    """The stored key of an order id: `#1001` -> `1001`, `ord-12345` -> `ORD-12345`."""
    text = _SPACES.sub("", ascii_digits(raw)).upper()
    return text.lstrip("#")


def number_part(key: str) -> str:
    """The digits of a prefixed key (`ORD-1001` -> `1001`), or "" when it has no prefix."""
    match = _PREFIXED.match(key)
    return match.group(1) if match else ""


def pick(orders: Iterable[Order], key: str) -> Order | None:
    """The order with exactly this key, else the only one with the same number.

    Customers drop or add the store's prefix ("12345" for "ORD-12345" and back). Two orders
    sharing the number give None: guessing could disclose someone else's order.
    """
    found = list(orders)
    exact = next((o for o in found if o.order_id == key), None)
    number = number_part(key) or key
    if exact is not None or not number.isdigit():
        return exact
    hits = {o.order_id: o for o in found if number in (o.order_id, number_part(o.order_id))}
    return next(iter(hits.values())) if len(hits) == 1 else None


def normalise_email(raw: str) -> str:
    """An address as stored and compared: trimmed and lower-cased."""
    return raw.strip().lower()


def to_cents(amount: Decimal) -> int:
    """Integer cents of an amount, rounded half-up (money is stored as integer cents)."""
    return int((amount * 100).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def from_cents(cents: int) -> Decimal:
    """The amount `cents` stands for, with two decimal places."""
    return (Decimal(cents) / 100).quantize(Decimal("0.01"))


def parse_amount(text: str) -> Decimal:
    """A money amount from text (`12.50`, `١٢٫٥٠`); ValueError when it is none."""
    # A comma is refused rather than guessed: `12,50` is 12.50 in Europe and 1250 elsewhere.
    cleaned = ascii_digits(text.strip()).replace("٫", ".")
    try:
        value = Decimal(cleaned)
    except InvalidOperation:
        raise ValueError(f"{text!r} is not a number") from None
    if not value.is_finite():
        raise ValueError(f"{text!r} is not a number")
    return value
