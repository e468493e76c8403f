"""The owner's command words in English, Arabic and Persian, and the folding that matches them.

Whatever language the owner reads, every word here is accepted: phones switch keyboards on
their own, and one shop may have an Arabic- and a Persian-speaking approver. `fold` makes the
spellings a phone produces compare equal: Arabic and Persian letter forms (ي/ی/ى, ك/ک, ة/ه,
hamza seats), diacritics and tatweel, ZWNJ, Arabic-Indic and Persian digits, upper case.
"""

from __future__ import annotations

import re
import unicodedata

DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹", "01234567890123456789")
"""Arabic-Indic and Persian (Extended Arabic-Indic) digits to ASCII."""
LETTERS = str.maketrans({
    "ی": "ي", "ى": "ي", "ئ": "ي", "ک": "ك", "ة": "ه", "ۀ": "ه", "ە": "ه",
    "أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ؤ": "و", "\u200c": "", "\u0640": "",
})
MARKS = re.compile("[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed]")
"""Harakat, Quranic marks and the dagger alef: written by some keyboards, never meaning."""

APPROVE, REJECT, HOLD, ESCALATE = "approve", "reject", "hold", "escalate"
EDIT, PAUSE, RESUME = "edit", "pause", "resume"
WORDS: dict[str, tuple[str, ...]] = {
    APPROVE: ("APPROVE", "موافق", "أوافق", "موافقة", "تایید", "تأیید", "قبول"),
    REJECT: ("REJECT", "رفض", "أرفض", "رد", "رد کن", "نه", "لا"),
    HOLD: ("HOLD", "انتظر", "تعليق", "نگه دار", "نگهدار", "صبر", "صبر کن"),
    ESCALATE: ("ESCALATE", "تصعيد", "ارجاع", "ارجاع بده"),
    EDIT: ("EDIT", "تعديل", "ویرایش"),
    PAUSE: ("PAUSE", "إيقاف", "أوقف", "توقف", "مکث"),
    RESUME: ("RESUME", "استئناف", "استأنف", "ادامه", "ادامه بده"),
}
"""Per command, the words that name it (any language, as typed; compared after `fold`)."""
BARE_WORDS = ("نه", "لا")
"""Words never followed by a note: "لا بأس" means "no problem", not "reject: بأس"."""
DOUBTFUL_WORDS = (
    "ارسال", "بفرست", "نفرست", "فرستاده", "ارسل", "لا ترسل", "تایید", "موافق", "نعم", "اوکی",
    "باشه", "بله", "خیر", "رد", "رفض", "انتظر", "صبر", "توقف", "ادامه", "ویرایش", "تعديل",
)
"""Words that make a first line a comment about the draft, never a reply to the customer."""


def fold(text: str) -> str:
    """`text` as the matcher sees it: one letter form, no marks, ASCII digits, lower case."""
    folded = MARKS.sub("", unicodedata.normalize("NFKC", text)).translate(LETTERS)
    return " ".join(folded.translate(DIGITS).lower().split())


def ascii_digits(text: str) -> str:
    """`text` with Arabic-Indic and Persian digits as ASCII (codes, tags), nothing else changed."""
    return text.translate(DIGITS)


FOLDED: dict[str, str] = {fold(word): kind for kind, words in WORDS.items() for word in words}
"""Folded word -> command kind."""
DOUBTFUL_FOLDED = tuple(fold(word) for word in DOUBTFUL_WORDS)
BARE_ONLY = frozenset(fold(word) for word in BARE_WORDS)
