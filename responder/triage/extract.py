"""Order ids, tracking numbers, amounts and dates in the customer's own words."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from decimal import Decimal, InvalidOperation
from functools import lru_cache

from responder.models import Money
from responder.triage.text import ascii_digits

_TRACKING: tuple[tuple[str, re.Pattern[str], bool], ...] = (
    # (carrier, pattern, needs a carrier or tracking word nearby to rule out phone numbers)
    ("UPS", re.compile(r"\b(1Z[0-9A-Z]{16})\b"), False),
    ("USPS", re.compile(r"\b(9[1-5](?:\d[ ]?){18,20}\d)\b"), False),
    ("USPS", re.compile(r"\b([A-Z]{2}\d{9}US)\b"), False),
    ("DHL", re.compile(r"\b((?:JJD|JVGL)\d{10,20}|GM\d{16,22})\b"), False),
    ("FedEx", re.compile(r"(?<![\d-])(\d{12}|\d{15})(?![\d-])"), True),
    ("DHL", re.compile(r"(?<![\d-])(\d{10})(?![\d-])"), True),
)
_CARRIER_NAMED = {
    "FedEx": re.compile(r"fedex|tracking|track|تتبع|رهگیری|پیگیری", re.I),
    "DHL": re.compile(r"dhl", re.I),
}

_CURRENCY_WORDS: dict[str, str] = {
    "$": "USD",
    "us$": "USD",
    "usd": "USD",
    "dollars": "USD",
    "dollar": "USD",
    "€": "EUR",
    "eur": "EUR",
    "euro": "EUR",
    "euros": "EUR",
    "£": "GBP",
    "gbp": "GBP",
    "pounds": "GBP",
    "sar": "SAR",
    "aed": "AED",
    "irr": "IRR",
    "cad": "CAD",
    "aud": "AUD",
    "ريال": "SAR",
    "ر.س": "SAR",
    "درهم": "AED",
    "د.إ": "AED",
    "دولار": "USD",
    "يورو": "EUR",
    "جنيه": "EGP",
    "دينار": "KWD",
    "تومان": "IRT",
    "ریال": "IRR",
    "دلار": "USD",
    "یورو": "EUR",
}
_CUR = "|".join(re.escape(k) for k in sorted(_CURRENCY_WORDS, key=len, reverse=True))
_NUM = r"\d{1,3}(?:,\d{3})+(?:\.\d{1,2})?|\d+(?:\.\d{1,2})?"
_MONEY_BEFORE = re.compile(rf"(?<![\w.])({_CUR})\s?({_NUM})(?!\d)", re.I)
_MONEY_AFTER = re.compile(rf"(?<![\d.,])({_NUM})\s?({_CUR})(?!\w)", re.I)

_MONTHS = (
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
)
_MONTH_RE = (
    r"(?:january|february|march|april|may|june|july|august|september|october|"
    r"november|december|jan|feb|mar|apr|jun|jul|aug|sept|sep|oct|nov|dec)\b\.?"
)
_DAYS_EN = r"monday|tuesday|wednesday|thursday|friday|saturday|sunday|tomorrow|tonight"
_DAYS_AR = r"السبت|الأحد|الاحد|الإثنين|الاثنين|الثلاثاء|الأربعاء|الاربعاء|الخميس|الجمعة|غدا|غداً|بكرة"
_DAYS_FA = r"یکشنبه|دوشنبه|سه‌?\s?شنبه|چهارشنبه|پنجشنبه|پنج‌شنبه|جمعه|شنبه|فردا|پس‌?\s?فردا"
_DATE_ISO = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b")
_DATE_DMY_TEXT = re.compile(rf"\b(\d{{1,2}})(?:st|nd|rd|th)?\s+({_MONTH_RE})\s*,?\s*(\d{{4}})?", re.I)
_DATE_MDY_TEXT = re.compile(rf"\b({_MONTH_RE})\s+(\d{{1,2}})(?:st|nd|rd|th)?(?:\s*,?\s*(\d{{4}}))?\b", re.I)
_DATE_OTHER = re.compile(
    rf"\b\d{{1,2}}[/.]\d{{1,2}}(?:[/.]\d{{2,4}})?\b|\b(?:{_DAYS_EN})\b|(?:{_DAYS_AR}|{_DAYS_FA})",
    re.I,
)


@lru_cache(maxsize=32)
def _compiled(patterns: tuple[str, ...]) -> tuple[re.Pattern[str], ...]:
    return tuple(re.compile(p, re.I) for p in patterns)


def _unique(items: Iterable[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(items))


def extract_order_ids(text: str, patterns: Sequence[str]) -> tuple[str, ...]:
    """Order ids the patterns capture, ASCII digits, prefixes upper-cased, first seen first."""
    text = ascii_digits(text)
    found: list[tuple[int, str]] = []
    taken: list[tuple[int, int]] = []
    for pattern in _compiled(tuple(patterns)):
        for m in pattern.finditer(text):
            start, end = m.span(1)
            # A later, looser pattern must not re-read the digits of an earlier match.
            if any(s < end and start < e for s, e in taken):
                continue
            taken.append((start, end))
            found.append((start, m.group(1).upper()))
    return _unique(value for _, value in sorted(found))


def extract_tracking(text: str) -> tuple[tuple[str, str], ...]:
    """(carrier, number) pairs for UPS, USPS, FedEx and DHL tracking numbers."""
    text = ascii_digits(text)
    found: dict[str, str] = {}
    for carrier, pattern, needs_word in _TRACKING:
        if needs_word and not _CARRIER_NAMED[carrier].search(text):
            continue
        for m in pattern.finditer(text):
            number = m.group(1).replace(" ", "")
            if not any(number in seen for seen in found):
                found[number] = carrier
    return tuple((carrier, number) for number, carrier in found.items())


def extract_amounts(text: str) -> tuple[Money, ...]:
    """Amounts written with a currency symbol, code or word before or after the number."""
    text = ascii_digits(text)
    hits: list[tuple[int, Money]] = []
    for m in _MONEY_BEFORE.finditer(text):
        hits.append((m.start(), _money(m.group(2), m.group(1))))
    for m in _MONEY_AFTER.finditer(text):
        hits.append((m.start(), _money(m.group(1), m.group(2))))
    return tuple(dict.fromkeys(money for _, money in sorted(hits, key=lambda h: h[0])))


def _money(number: str, currency: str) -> Money:
    try:
        amount = Decimal(number.replace(",", ""))
    except InvalidOperation:  # pragma: no cover - the regex admits only valid numbers
        amount = Decimal(0)
    return Money(amount=amount, currency=_CURRENCY_WORDS[currency.lower()])


def extract_dates(text: str) -> tuple[str, ...]:
    """Dates as ISO strings when the year, month and day are written, else the matched words."""
    text = ascii_digits(text)
    hits: list[tuple[int, str]] = []
    spans: list[tuple[int, int]] = []
    for m in _DATE_ISO.finditer(text):
        hits.append((m.start(), m.group(0)))
        spans.append(m.span())
    for pattern, day, month in ((_DATE_DMY_TEXT, 1, 2), (_DATE_MDY_TEXT, 2, 1)):
        for m in pattern.finditer(text):
            if _month(m.group(month)) and not _overlaps(m.span(), spans):
                hits.append((m.start(), _iso(m.group(3), m.group(month), m.group(day), m.group(0))))
                spans.append(m.span())
    for m in _DATE_OTHER.finditer(text):
        if not _overlaps(m.span(), spans):
            hits.append((m.start(), m.group(0)))
    return _unique(value.strip() for _, value in sorted(hits))


def _overlaps(span: tuple[int, int], spans: list[tuple[int, int]]) -> bool:
    return any(s < span[1] and span[0] < e for s, e in spans)


def _month(word: str) -> int:
    word = word.lower().rstrip(".")[:3]
    return next((i + 1 for i, name in enumerate(_MONTHS) if name.startswith(word)), 0)


def _iso(year: str | None, month: str, day: str, matched: str) -> str:
    if not year or not 1 <= int(day) <= 31:
        return matched
    return f"{int(year):04d}-{_month(month):02d}-{int(day):02d}"
