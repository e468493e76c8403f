"""Text preparation shared by the triage helpers: digits, HTML remnants, the customer's part."""

from __future__ import annotations

import html
import re

from responder.models import Inbound

# Arabic-Indic (U+0660..) and Persian (U+06F0..) digits, plus their separators.
_DIGITS = str.maketrans(
    "٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹٬٫",
    "01234567890123456789,.",
)
_TAG = re.compile(r"<(?:script|style)\b.*?</(?:script|style)>|<[^>]{1,500}>", re.S | re.I)
_QUOTE_START = re.compile(
    r"^(?:>|On .{3,200} wrote:|-{2,} ?Original Message|From: |"
    r"في .{3,200} كتب|در .{3,200} نوشت)",
    re.I,
)
_SIG_START = re.compile(r"^(?:-- ?$|__+$|Sent from my |Get Outlook for |ارسال شده از )")
_GREETING = re.compile(
    r"^(?:hi|hello|hey|dear|good (?:morning|afternoon|evening)|greetings|to whom|"
    r"مرحب|السلام عليكم|صباح الخير|مساء الخير|أهلا|اهلا|سلام|درود|با سلام|وقت بخیر)"
    r"[^.?!؟\n]{0,40}[,:!،]?\s*$",
    re.I,
)
_CLOSING = re.compile(
    r"^(?:thanks|thank you|many thanks|kind regards|regards|best|cheers|sincerely|yours|"
    r"warm regards|thx|br,|شكرا|مع (?:خالص )?(?:التحي|الشكر|تحيات)|وشكرا|تحياتي|ممنون|"
    r"با تشکر|سپاس|با سپاس|ارادتمند|قربان)",
    re.I,
)


def ascii_digits(text: str) -> str:
    """The text with Arabic-Indic and Persian digits and separators as ASCII."""
    return text.translate(_DIGITS)


def strip_html(text: str) -> str:
    """Plain text from a body that still carries HTML tags or entities."""
    if "<" not in text and "&" not in text:
        return text
    return html.unescape(_TAG.sub(" ", text))


def strip_quoted(text: str) -> str:
    """The lines before the first quote header, quoted line or signature marker."""
    kept: list[str] = []
    for line in text.splitlines():
        stripped = line.strip()
        if _QUOTE_START.match(stripped) or _SIG_START.match(stripped):
            break
        kept.append(line)
    return "\n".join(kept)


def strip_courtesy(text: str) -> str:
    """The text without a greeting line and without the sign-off and anything after it."""
    kept: list[str] = []
    for line in text.splitlines():
        stripped = line.strip()
        if not kept and (not stripped or _GREETING.match(stripped)):
            continue
        # A short "Thanks," line after the request ends it; the name below is not content.
        if kept and len(stripped) < 40 and _CLOSING.match(stripped):
            break
        kept.append(line)
    return "\n".join(kept)


def customer_text(inbound: Inbound, max_chars: int) -> str:
    """Subject and the customer's newest words; falls back to the whole body, de-quoted."""
    body = inbound.new_text.strip()
    if not body:
        # The parser found nothing new (or did not split): do a light split ourselves.
        body = strip_quoted(strip_html(inbound.text))
    elif inbound.html_only:
        body = strip_html(body)
    return f"{inbound.subject}\n{strip_courtesy(body)}"[:max_chars]


# One character for one: spans found in folded text point at the same original words.
_FOLD = str.maketrans(
    "\u0623\u0625\u0622\u0671\u0649\u06cc\u06a9\u0629\u06c0\u200c٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹",
    "\u0627\u0627\u0627\u0627\u064a\u064a\u0643\u0647\u0647 01234567890123456789",
)


def fold(text: str) -> str:
    """Arabic-script letter variants, ZWNJ and digits folded, keeping every offset."""
    return text.translate(_FOLD)
