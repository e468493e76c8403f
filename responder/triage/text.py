"""Text preparation shared by the triage helpers: digits, HTML remnants, the customer's part."""

from __future__ import annotations

import html
import itertools
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


# Letter variants to one canonical form: alef forms -> ا, alef maqsura and Persian yeh -> ي,
# keheh -> ك, teh marbuta and heh-with-yeh -> ه, hamza seats -> و / ي; ZWNJ -> space;
# Arabic-Indic and Persian digits -> ASCII.
_VARIANTS = dict(
    zip(
        "\u0623\u0625\u0622\u0671\u0649\u06cc\u06a9\u0629\u06c0\u0624\u0626\u200c٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹",
        "\u0627\u0627\u0627\u0627\u064a\u064a\u0643\u0647\u0647\u0648\u064a 01234567890123456789",
        strict=True,
    )
)
# Harakat, tanween, shadda, sukun, superscript alef, Quranic marks, tatweel, and the
# invisible joiners and direction marks that change no word.
_DROPPED = "".join(map(chr, [*range(0x064B, 0x0660), 0x0670, *range(0x06D6, 0x06EE), 0x0640]))
_DROPPED += "\u200b\u200d\u200e\u200f\u2066\u2067\u2068\u2069\u202a\u202b\u202c\u202d\u202e\ufeff"
_NORMALIZE = str.maketrans({**{ord(k): v for k, v in _VARIANTS.items()}, **dict.fromkeys(map(ord, _DROPPED))})
_FOLD = str.maketrans({ord(k): v for k, v in _VARIANTS.items()})
# A letter typed three times or more ("فاااشل", "تاخيرررر", "sooo") is emphasis, not spelling.
_RUN = re.compile(r"([^\W\d_])\1{2,}")


def _shortened(letter: str) -> str:
    # Arabic script never doubles a letter in writing (shadda is a mark); Latin does ("too").
    return letter if "\u0600" <= letter <= "\u06ff" else letter * 2


def _shorten(match: re.Match[str]) -> str:
    return _shortened(match.group(1))


def normalize(text: str) -> str:
    """The one normal form the model and the lexicons read, at training and at run time.

    Arabic and Persian letter variants folded to one form, diacritics, tatweel and
    invisible marks removed, ZWNJ turned into a space, Persian and Arabic-Indic digits
    made ASCII, and emphatic letter runs shortened. Idempotent.
    """
    return _RUN.sub(_shorten, text.translate(_NORMALIZE))


def normal_offsets(text: str) -> list[int]:
    """For each character of `normalize(text)`, the offset of the character it came from.

    Lets words found in the normal form be quoted as the customer wrote them. Built only
    for the rare texts with a lexicon hit, so a plain Python loop is fast enough.
    """
    pairs = [(out, i) for i, ch in enumerate(text) for out in ch.translate(_NORMALIZE)]
    offsets: list[int] = []
    for letter, run in itertools.groupby(pairs, key=lambda pair: pair[0]):
        indexes = [i for _, i in run]
        if len(indexes) >= 3 and _RUN.fullmatch(letter * 3):
            indexes = indexes[: len(_shortened(letter))]
        offsets += indexes
    return offsets


def fold(text: str) -> str:
    """Letter variants, ZWNJ and digits folded one character for one, keeping every offset."""
    return text.translate(_FOLD)
