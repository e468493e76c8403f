"""Language of the customer's text: Latin vs Arabic script, then Arabic vs Persian."""

from __future__ import annotations

import re

from responder.triage.text import normalize

_ARABIC_SCRIPT = re.compile(r"[\u0600-\u06FF\u0750-\u077F\uFB50-\uFDFF\uFE70-\uFEFF]")
_LATIN = re.compile(r"[A-Za-z\u00C0-\u024F]")


def _words(words: str) -> frozenset[str]:
    return frozenset(words.split())


def _folded_set(words: str) -> frozenset[str]:
    return frozenset(normalize(words).split())


# Letters only Persian uses (pe, che, zhe, gaf, keheh, farsi yeh) vs only Arabic uses.
_FA_LETTERS = re.compile(r"[پچژگکی]")
_AR_LETTERS = re.compile(r"[ةيكىأإؤ]")
# Frequent function words; they decide when a Persian writer types on an Arabic keyboard.
_FA_WORDS = _folded_set(
    "است را می‌خواهم میخواهم این که از با برای های هست نیست شده نشده کنید کردم "
    "ممنون سلام خیلی چرا هنوز سفارش لطفا لطفاً دارم ولی اما بود رو"
)
_AR_WORDS = _folded_set(
    "في على إلى الى هذا هذه التي الذي لم لا أن ان عن تم لقد قد ما شكرا شكراً مرحبا "
    "السلام عليكم طلبي الطلب أريد اريد ولكن لكن كان هل"
)
_WORD = re.compile(r"[\u0600-\u06FF\u200c]+")
# Persian and Arabic typed in Latin letters (Finglish, Arabizi): frequent words that are
# not English ones. Arabizi also writes ع ح ء ط as digits inside words (3ayez, 7abibi).
_FINGLISH = _words(
    "salam sefaresh sefaresham sefareshe sefareshamo kharid kharidam hanooz hanuz naresideh nareside "
    "narasid nayomade nayumade lotfan lotfan mamnoon mamnun mersi chera koja kojast kheili khaili "
    "kheyli khaily nist shode shodeh nashode nashodeh shoma poolam poolamo bargardoonid bargardunid "
    "mikham mikhay nemikham resid ghaza ghazam yakh karde kardam bood boodan chi cheghadr dige "
    "ham ama vali baraye ba az ro ra midid midin payk peyk"
)
_ARABIZI = _words(
    "talabi talab el wen wein fen fein shu sho leh ya3ni 3ayez 3awez 3ayz mesh msh lesa lessa lsa "
    "wsl wasal wesel wasalni inshallah habibi yalla kaman ba3d 7ad enta enti howa heya ana ma3 "
    "mafi mafish fi eh ezay keda kida bdi baddi ba3tli ba3atoli mish akl"
)
_LATIN_WORD = re.compile(r"[a-z0-9']+")
_ARABIZI_DIGIT = re.compile(r"[a-z]+[235679][a-z]*|[235679][a-z]{2,}")


def detect_language(text: str, default: str = "en") -> str:
    """`en`, `ar` or `fa` for the text's main script and words; `default` when it has no letters."""
    arabic = len(_ARABIC_SCRIPT.findall(text))
    latin = len(_LATIN.findall(text))
    if arabic == 0 and latin == 0:
        return default
    if latin > arabic:
        return latin_script_language(text)
    return "fa" if persian_score(text) > 0 else "ar"


def latin_script_language(text: str) -> str:
    """`fa` for Finglish, `ar` for Arabizi, otherwise `en`: a Persian or Arab customer
    typing in Latin letters still reads a reply in their own language best."""
    words = _LATIN_WORD.findall(text.lower())
    finglish = sum(w in _FINGLISH for w in words)
    arabizi = sum(w in _ARABIZI or bool(_ARABIZI_DIGIT.fullmatch(w)) for w in words)
    best, hits = ("fa", finglish) if finglish > arabizi else ("ar", arabizi)
    return best if hits >= 2 and hits >= 0.3 * len(words) else "en"


def persian_score(text: str) -> float:
    """Positive when the Arabic-script text reads as Persian, negative when Arabic."""
    score = 2.0 * len(_FA_LETTERS.findall(text)) - 2.0 * len(_AR_LETTERS.findall(text))
    words = _WORD.findall(normalize(text))
    score += 3.0 * sum(w in _FA_WORDS for w in words)
    score -= 3.0 * sum(w in _AR_WORDS for w in words)
    # "ال" opens most Arabic nouns; Persian borrows few such words.
    score -= 1.5 * sum(w.startswith("ال") for w in words)
    return float(score)


def newest_language(new_text: str, subject: str, default: str = "en") -> str:
    """Language of the newest text; the subject decides only when the body has no letters."""
    lang = detect_language(new_text, default="")
    return lang or detect_language(subject, default=default)
