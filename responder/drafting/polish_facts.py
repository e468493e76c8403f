"""Fact extraction for the fact lock: the numbers, amounts, dates, links and ids in a text.

Pure functions over strings. Every extractor first normalises the text the same way
(NFKC, Arabic-Indic and Persian digits to ASCII, lower case), so a draft and its rewrite
are compared on equal terms.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹٫٬٪", "01234567890123456789.,%")

URL = re.compile(r"(?:https?|ftp)://[^\s<>\"')\]]+|www\.[^\s<>\"')\]]+")
EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
# Generic TLDs a reply might plausibly contain, plus every two-letter country code.
DOMAIN = re.compile(
    r"\b(?:[a-z0-9-]+\.)+(?:com|net|org|info|biz|io|app|dev|shop|store|online|site|xyz"
    r"|example|test|ai|[a-z]{2})\b"
)
PHONE = re.compile(r"(?:\+|\b00)\d[\d\s().-]{6,}\d|\b\d{3}[\s.-]\d{3}[\s.-]\d{4}\b")
NUMBER = re.compile(r"\d+(?:[.,]\d+)*")
ID_TOKEN = re.compile(r"#?\b[a-z0-9][a-z0-9-]*\b")
DIGIT_RUN = re.compile(r"\d{4,}")
PERCENT = re.compile(r"(\d+(?:[.,]\d+)?)\s*%|%\s*(\d+(?:[.,]\d+)?)")

CURRENCIES = {
    "us$": "USD", "$": "USD", "usd": "USD", "dollars": "USD", "dollar": "USD",
    "دولار": "USD", "دلار": "USD", "€": "EUR", "eur": "EUR", "euros": "EUR", "euro": "EUR",
    "يورو": "EUR", "یورو": "EUR", "£": "GBP", "gbp": "GBP", "pounds": "GBP", "pound": "GBP",
    "ca$": "CAD", "cad": "CAD", "a$": "AUD", "au$": "AUD", "aud": "AUD", "aed": "AED",
    "درهم": "AED", "د.إ": "AED", "sar": "SAR", "ر.س": "SAR", "ريال": "RIAL", "ریال": "RIAL",
    "﷼": "RIAL", "irr": "IRR", "تومان": "IRT", "toman": "IRT", "tomans": "IRT",
}  # fmt: skip
_CUR = "|".join(re.escape(c) for c in sorted(CURRENCIES, key=len, reverse=True))
_NUM = r"\d+(?:[.,]\d+)*"
AMOUNT = re.compile(rf"(?P<c1>{_CUR})\s?(?P<n1>{_NUM})|(?P<n2>{_NUM})\s?(?P<c2>{_CUR})(?![a-z])")

MONTHS = {
    name: i % 12 + 1
    for names in (
        "january february march april may june july august september october november december",
        "jan feb mar apr may jun jul aug sep oct nov dec",
        "يناير فبراير مارس أبريل مايو يونيو يوليو أغسطس سبتمبر أكتوبر نوفمبر ديسمبر",
        "ژانویه فوریه مارس آوریل مه ژوئن ژوئیه اوت سپتامبر اکتبر نوامبر دسامبر",
        "فروردین اردیبهشت خرداد تیر مرداد شهریور مهر آبان آذر دی بهمن اسفند",
    )
    for i, name in enumerate(names.split())
}
_MONTH = "|".join(sorted(MONTHS, key=len, reverse=True))
DATE = re.compile(
    rf"\b(?P<iso>\d{{4}}-\d{{1,2}}-\d{{1,2}})\b"
    rf"|\b(?P<slash>\d{{1,2}}[/.]\d{{1,2}}[/.]\d{{2,4}})\b"
    rf"|(?P<d1>\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?(?P<m1>{_MONTH})\b\.?(?:,?\s+(?P<y1>\d{{4}}))?"
    rf"|\b(?P<m2>{_MONTH})\b\.?\s+(?P<d2>\d{{1,2}})(?:st|nd|rd|th)?\b(?:,?\s+(?P<y2>\d{{4}}))?"
)


def normalise(text: str) -> str:
    """NFKC, ASCII digits and lower case: the one form every comparison uses."""
    return unicodedata.normalize("NFKC", text).translate(DIGITS).casefold()


def to_decimal(raw: str) -> Decimal | None:
    """The value of a number written with `,` or `.` separators, or None when unclear."""
    text = raw
    if "," in text and "." in text:
        thousands = "," if text.rfind(",") < text.rfind(".") else "."
        text = text.replace(thousands, "").replace(",", ".")
    elif text.count(",") + text.count(".") >= 1:
        sep = "," if "," in text else "."
        head, *groups = text.split(sep)
        if all(len(g) == 3 for g in groups) and 1 <= len(head) <= 3:
            text = head + "".join(groups)
        elif len(groups) == 1:
            text = f"{head}.{groups[0]}"
        else:
            return None
    try:
        return Decimal(text)
    except InvalidOperation:
        return None


def numbers(text: str) -> frozenset[Decimal]:
    """Every numeric value in the (normalised) text; lists like 1,2,3 count each item."""
    found: set[Decimal] = set()
    for raw in NUMBER.findall(text):
        value = to_decimal(raw)
        if value is None:
            found.update(Decimal(part) for part in re.findall(r"\d+", raw))
        else:
            found.add(value)
    return frozenset(found)


def amounts(text: str) -> frozenset[tuple[Decimal, str]]:
    """Money mentioned with a currency, as (value, ISO-ish code)."""
    found: set[tuple[Decimal, str]] = set()
    for m in AMOUNT.finditer(text):
        value = to_decimal(m["n1"] or m["n2"])
        if value is not None:
            found.add((value, CURRENCIES[m["c1"] or m["c2"]]))
    return frozenset(found)


def percents(text: str) -> frozenset[Decimal]:
    """Percentages, by value."""
    return frozenset(v for a, b in PERCENT.findall(text) if (v := to_decimal(a or b)) is not None)


def dates(text: str) -> frozenset[tuple[str, ...]]:
    """Dates as comparable keys: (year, month, day) for named and ISO dates, else as written."""
    found: set[tuple[str, ...]] = set()
    for m in DATE.finditer(text):
        if m["iso"]:
            found.add(tuple(str(int(p)) for p in m["iso"].split("-")))
        elif m["slash"]:
            found.add(("slash", m["slash"]))
        else:
            month = str(MONTHS[m["m1"] or m["m2"]])
            day, year = m["d1"] or m["d2"], m["y1"] or m["y2"] or ""
            found.add((year, month, str(int(day))))
    return frozenset(found)


def urls(text: str) -> frozenset[str]:
    """Links, trailing punctuation removed."""
    return frozenset(u.rstrip(".,;:!?»'\"") for u in URL.findall(text))


def domains(text: str) -> frozenset[str]:
    """Domain names, whether in a link, an email address or bare."""
    return frozenset(DOMAIN.findall(text))


def emails(text: str) -> frozenset[str]:
    """Email addresses."""
    return frozenset(EMAIL.findall(text))


def phones(text: str) -> frozenset[str]:
    """Phone numbers as digit strings."""
    return frozenset(re.sub(r"\D", "", p) for p in PHONE.findall(text))


def ids(text: str) -> frozenset[str]:
    """Order and tracking ids: words with four or more digits (links and emails excluded)."""
    bare = EMAIL.sub(" ", URL.sub(" ", text))
    return frozenset(
        t.lstrip("#")
        for t in ID_TOKEN.findall(bare)
        if sum(c.isdigit() for c in t) >= 4 and not DATE.fullmatch(t.lstrip("#"))
    )


def digit_runs(text: str) -> frozenset[str]:
    """Every run of four or more digits."""
    return frozenset(DIGIT_RUN.findall(text))


@dataclass(frozen=True)
class Facts:
    """Everything in one text that a rewrite may neither add nor lose."""

    numbers: frozenset[Decimal]
    amounts: frozenset[tuple[Decimal, str]]
    percents: frozenset[Decimal]
    dates: frozenset[tuple[str, ...]]
    urls: frozenset[str]
    domains: frozenset[str]
    emails: frozenset[str]
    phones: frozenset[str]
    ids: frozenset[str]
    digit_runs: frozenset[str]

    def __or__(self, other: Facts) -> Facts:
        """Both texts' facts together (draft plus what the owner typed)."""
        return Facts(*(getattr(self, f) | getattr(other, f) for f in FIELDS))


FIELDS = tuple(Facts.__dataclass_fields__)


def facts(text: str) -> Facts:
    """All facts of a text, extracted from its normalised form."""
    norm = normalise(text)
    # Numbers inside dates are compared as dates, so "2024-05-02" may become "May 2, 2024".
    rest = DATE.sub(" ", norm)
    return Facts(
        numbers(rest), amounts(rest), percents(rest), dates(norm), urls(norm),
        domains(norm), emails(norm), phones(norm), ids(norm), digit_runs(rest),
    )  # fmt: skip
