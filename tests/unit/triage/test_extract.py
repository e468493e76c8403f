"""Order ids, tracking numbers, money and dates."""

from __future__ import annotations

from decimal import Decimal

import pytest

from responder.models import Money
from responder.triage import (
    OfflineTriager,
    extract_amounts,
    extract_dates,
    extract_order_ids,
    extract_tracking,
)
from responder.triage.config import DEFAULT_ORDER_PATTERNS
from tests.unit.triage.conftest import mail


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Where is #1001?", ("1001",)),
        ("my Order 1001 is late", ("1001",)),
        ("order number: 55012", ("55012",)),
        ("ref ORD-12345 please", ("ORD-12345",)),
        ("ref ord-12345 please", ("ORD-12345",)),
        ("Amazon order 123-1234567-1234567 arrived", ("123-1234567-1234567",)),
        ("طلبي رقم ١٠٠١ لم يصل", ("1001",)),
        ("رقم الطلب: ٢٠٠٢", ("2002",)),
        ("سفارش شماره ۱۰۰۱ نرسیده", ("1001",)),
        ("شماره سفارش ۳۰۰۳ را لغو کنید", ("3003",)),
        ("#١٠٠١ و #۲۰۰۲", ("1001", "2002")),
    ],
)
def test_order_ids_in_every_form(text: str, expected: tuple[str, ...]) -> None:
    """Every default pattern finds its id, in ASCII, Arabic-Indic and Persian digits."""
    assert extract_order_ids(text, DEFAULT_ORDER_PATTERNS) == expected


def test_order_ids_ignore_plain_numbers() -> None:
    """A quantity or phone number without an order marker is not an order id."""
    assert extract_order_ids("I bought 3 mugs, call me on 5550100", DEFAULT_ORDER_PATTERNS) == ()


def test_custom_pattern() -> None:
    """A store's own pattern replaces the defaults."""
    assert extract_order_ids("ref SHOP/778899", (r"SHOP/(\d+)",)) == ("778899",)


@pytest.mark.parametrize(
    ("text", "carrier", "number"),
    [
        ("UPS 1Z999AA10123456784 says delivered", "UPS", "1Z999AA10123456784"),
        ("USPS 9400 1118 9922 3344 5566 77", "USPS", "9400111899223344556677"),
        ("return label RR123456789US", "USPS", "RR123456789US"),
        ("FedEx tracking 123456789012", "FedEx", "123456789012"),
        ("DHL 1234567890 is stuck", "DHL", "1234567890"),
        ("DHL eCommerce GM2951173225174494", "DHL", "GM2951173225174494"),
        ("رقم التتبع FedEx ١٢٣٤٥٦٧٨٩٠١٢", "FedEx", "123456789012"),
    ],
)
def test_tracking_numbers(text: str, carrier: str, number: str) -> None:
    """UPS, USPS, FedEx and DHL numbers are found with their carrier."""
    assert (carrier, number) in extract_tracking(text)


def test_bare_ten_digits_without_carrier_is_not_tracking() -> None:
    """A ten-digit phone number is not a DHL number when no carrier is named."""
    assert extract_tracking("call me at 5551234567") == ()


@pytest.mark.parametrize(
    ("text", "money"),
    [
        ("you charged me $89.00 twice", Money(Decimal("89.00"), "USD")),
        ("refund 1,250.50 EUR please", Money(Decimal("1250.50"), "EUR")),
        ("I paid £64", Money(Decimal("64"), "GBP")),
        ("المبلغ ٢٥٠ ريال", Money(Decimal("250"), "SAR")),
        ("مبلغ ۸۵۰ تومان", Money(Decimal("850"), "IRT")),
    ],
)
def test_amounts(text: str, money: Money) -> None:
    """Amounts come with their currency, whichever side and digit system."""
    assert extract_amounts(text) == (money,)


def test_dates() -> None:
    """Full dates become ISO; partial ones and weekdays keep their words."""
    found = extract_dates("wedding on Saturday, 14 June 2025, order of 2024-05-03, by May 3")
    assert found == ("Saturday", "2025-06-14", "2024-05-03", "May 3")


def test_arabic_and_persian_weekdays() -> None:
    """Weekdays in Arabic and Persian are found."""
    assert "السبت" in extract_dates("أحتاجه قبل السبت")
    assert "جمعه" in extract_dates("تا جمعه لازم دارم")


def test_quoted_history_is_ignored(triager: OfflineTriager) -> None:
    """Ids in the quoted reply or signature are not the customer's."""
    body = "Where is #1001?\n\nOn Tue, Shop wrote:\n> Your order #2002 shipped, UPS 1Z999AA10123456784"
    result = triager.classify(mail("", text=body))
    assert result.order_ids == ("1001",)
    assert result.tracking_numbers == ()


def test_new_text_wins_over_whole_body(triager: OfflineTriager) -> None:
    """With a parser split, only new_text and the subject are read."""
    result = triager.classify(mail("It is #1001", subject="Order 3003", text="#1001 > #2002"))
    assert result.order_ids == ("3003", "1001")
