"""Normalising ids, digits and amounts."""

from __future__ import annotations

from decimal import Decimal

import pytest

from responder.models import Order
from responder.orders.ids import (
    ascii_digits,
    from_cents,
    normalise_order_id,
    number_part,
    parse_amount,
    pick,
    to_cents,
)


def test_ascii_digits_covers_arabic_and_persian() -> None:
    """Arabic-Indic ٠-٩ and Persian ۰-۹ digits become 0-9; other text is kept."""
    assert ascii_digits("٠١٢٣٤٥٦٧٨٩") == "0123456789"
    assert ascii_digits("۰۱۲۳۴۵۶۷۸۹") == "0123456789"
    assert ascii_digits("طلب ۱۲") == "طلب 12"


@pytest.mark.parametrize(
    ("raw", "key"),
    [("#1001", "1001"), ("ord-12345", "ORD-12345"), (" # ١٠٠١", "1001"), ("", "")],
)
def test_normalise_order_id(raw: str, key: str) -> None:
    """Hash, spaces and case are dropped; digits become ASCII."""
    assert normalise_order_id(raw) == key


def test_number_part() -> None:
    """Only prefixed keys have a separate number part."""
    assert number_part("ORD-12345") == "12345"
    assert number_part("1001") == ""


def test_amounts_parse_and_round_trip_cents() -> None:
    """Amounts parse from ASCII or Arabic text and survive the trip to cents."""
    assert parse_amount("١٢٫٥٠") == Decimal("12.50")
    assert to_cents(Decimal("12.345")) == 1235
    assert from_cents(1235) == Decimal("12.35")
    for bad in ("abc", "12,50", "NaN", "inf"):
        with pytest.raises(ValueError, match="not a number"):
            parse_amount(bad)


def test_pick_exact_then_unique_number() -> None:
    """The exact id wins; else one order with that number; two sharing it give None."""
    one, two, three = Order("1001", "a@x"), Order("ORD-1001", "b@x"), Order("SO-1001", "c@x")
    assert pick([two, one], "1001") is one
    assert pick([two], "1001") is two
    assert pick([one], "ORD-1001") is one
    assert pick([two, three], "1001") is None
    assert pick([Order("10010", "d@x")], "1001") is None
