"""The owner's language: the catalogue of what owners read, bidi marks, digits and dates.

Owner-facing text lives in one catalogue per language (en.py, ar.py, fa.py), never in the
code that builds a mail or a report. For Arabic and Persian, plain text gets a right-to-left
mark at the start of each of our lines (so a line that starts with an order number or an
address still reads right to left in a phone's mail app) and codes sit in a left-to-right
isolate; the customer's words and the draft are shown as they are.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import datetime
from html import escape
from typing import Literal

from responder.errors import ConfigError
from responder.ownerlang import ar, en, fa

Lang = Literal["en", "ar", "fa"]
Calendar = Literal["gregorian", "persian"]
RTL = frozenset({"ar", "fa"})
RLM, LRI, PDI = "\u200f", "\u2066", "\u2069"
ISOLATED = re.compile(f"{LRI}([^{PDI}]*){PDI}")
BDI = r'<bdi dir="ltr">\1</bdi>'
_CATALOGUES = {"en": en, "ar": ar, "fa": fa}
_DIGITS = {"ar": str.maketrans("0123456789%.", "٠١٢٣٤٥٦٧٨٩٪٫"),
           "fa": str.maketrans("0123456789%.", "۰۱۲۳۴۵۶۷۸۹٪٫")}


def text(lang: str, key: str, **values: object) -> str:
    """The catalogue entry `key` in `lang` (English when missing), filled with `values`."""
    found = getattr(_CATALOGUES.get(lang, en), "MESSAGES", en.MESSAGES).get(key)
    return (found if found is not None else en.MESSAGES[key]).format(**values)


def name(lang: str, identifier: str) -> str:
    """An identifier (intent, outcome, signal) as the owner reads it."""
    names: dict[str, str] = getattr(_CATALOGUES.get(lang, en), "NAMES", {})
    return names.get(identifier, identifier.replace("_", " "))


def reason(lang: str, english: str) -> str:
    """A known refusal reason in `lang`; an unknown one stays in English."""
    reasons: dict[str, str] = getattr(_CATALOGUES.get(lang, en), "REASONS", {})
    return reasons.get(english, english)


def quantity(lang: str, unit: str, value: float, shown: str) -> str:
    """`shown` (the number as text) with its unit ("min", "hours", "days"), in the owner's
    digits; Arabic nouns agree with the number (دقيقة، دقيقتان، ٣ دقائق، ١١ دقيقة)."""
    forms: dict[str, tuple[str, ...]] = getattr(_CATALOGUES.get(lang, en), "PLURALS", {})
    if unit not in forms:
        return text(lang, unit, n=digits(lang, shown))
    one, two, few, many = forms[unit]
    if value != int(value):
        return f"{digits(lang, shown)} {one}"
    n = int(value)
    if n in (1, 2):
        return one if n == 1 else two
    return f"{digits(lang, shown)} {few if 3 <= n % 100 <= 10 else many}"


def is_rtl(lang: str) -> bool:
    """Whether `lang` is written right to left."""
    return lang in RTL


def digits(lang: str, value: object) -> str:
    """`value` as text with the owner's digits (Persian ۱۲۳, Arabic-Indic ١٢٣, else ASCII)."""
    table = _DIGITS.get(lang)
    return str(value).translate(table) if table else str(value)


def ltr(lang: str, token: str) -> str:
    """A left-to-right token (code, address, order id) isolated inside right-to-left text."""
    return f"{LRI}{token}{PDI}" if is_rtl(lang) else token


def lines(lang: str, body: str) -> str:
    """Our own plain-text lines, each starting with a right-to-left mark when `lang` is RTL."""
    if not is_rtl(lang):
        return body
    return "\n".join(RLM + line if line.strip() else line for line in body.split("\n"))


def date(lang: str, moment: datetime, calendar: str = "gregorian", *, time: bool = False) -> str:
    """A date (and time) in the owner's calendar and digits, e.g. ۱۴۰۳-۰۱-۰۱ for 2024-03-20."""
    shown = moment
    if calendar == "persian":
        shown = _jalali(moment)
    day = "%Y/%m/%d" if is_rtl(lang) else "%Y-%m-%d"
    stamp = shown.strftime(f"{day} %H:%M" if time else day)
    return digits(lang, stamp)


def _jalali(moment: datetime) -> datetime:
    """`moment` in the Solar Hijri calendar (jdatetime's datetime formats like datetime)."""
    try:
        import jdatetime  # type: ignore[import-untyped]  # optional extra, imported when used
    except ImportError as exc:
        raise ConfigError('owner_calendar = "persian" needs the Persian calendar package: '
                          "pip install 'responder[persian]'") from exc
    shown: datetime = jdatetime.datetime.fromgregorian(datetime=moment)
    return shown


def language_for(chosen: Mapping[str, str], owner_language: str, address: str) -> str:
    """The language an approver reads: their own setting (`approval.approver_languages`),
    else the store's `owner_language`."""
    return chosen.get(address.strip().lower()) or owner_language


def html(lang: str, body: str) -> str:
    """The HTML part of a plain-text owner mail: `dir` and `lang` set, every paragraph in its
    own direction (unicode-bidi: plaintext), so our RTL lines and an English draft both read
    right. Codes, addresses and order ids sit in <bdi dir="ltr">."""
    direction = "rtl" if is_rtl(lang) else "ltr"
    return (f'<!doctype html><html lang="{lang}" dir="{direction}"><head><meta charset="utf-8">'
            f'</head><body dir="{direction}"><div style="white-space:pre-wrap;'
            f'unicode-bidi:plaintext;font-family:system-ui,sans-serif">'
            f"{ISOLATED.sub(BDI, escape(body))}</div>"
            "</body></html>\n")
