"""Word-level facts for the fact lock: number words, currencies, domains, addresses, promises.

polish_facts.py finds the facts written with digits and symbols; this module finds the ones
written in words, in en/ar/fa, from the lists in lock_words.toml (data, so they can grow
without code changes). Every function works on `flat(text)`, one spelling-insensitive form:
a draft and its rewrite are compared on equal terms whatever the model's spelling.
"""

from __future__ import annotations

import re
import tomllib
import unicodedata
from collections.abc import Iterable, Mapping
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Any

from responder.drafting.polish_facts import CURRENCIES, DIGITS

WORDS_FILE = Path(__file__).with_name("lock_words.toml")
# Arabic letters written several ways, diacritics and tatweel: one spelling for comparing.
_LETTERS = str.maketrans({"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ؤ": "و", "ئ": "ی", "ي": "ی",
                          "ى": "ی", "ك": "ک", "ة": "ه", "ـ": None})
_MARKS = re.compile("[\u064b-\u065f\u0670\u06d6-\u06ed]")
ZWNJ = "\u200c"
WORD = re.compile(rf"[^\W_]+(?:{ZWNJ}[^\W_]+)*")
_OBFUSCATED_DOT = re.compile(r"\s*[\[({]\s*(?:\.|dot)\s*[\])}]\s*")
DOMAIN_ANY = re.compile(
    r"(?<![\w.-])(?:[^\W_](?:[\w-]*[^\W_])?\.)+(?:[^\W\d_]{2,}|xn--[a-z0-9-]+)(?![\w-])"
)
STREET_EN = re.compile(
    r"(?<![\w-])[a-z][a-z'-]*\s+(?:street|st|avenue|ave|road|rd|boulevard|blvd|lane|ln"
    r"|terrace|strasse|straße)(?!\w)"
)
STREET_AR_FA = re.compile(r"(?<!\w)(?:شارع|حی|زقاق|عماره|خیابان|کوچه|بلوار|پلاک|میدان)\s+[^\s،؛,.:;]+")


def flat(text: str, *, keep_zwnj: bool = False) -> str:
    """NFKC, ASCII digits, lower case, one Arabic spelling, no diacritics, spaces for ZWNJ."""
    text = unicodedata.normalize("NFKC", text).translate(DIGITS).casefold()
    text = _MARKS.sub("", text.translate(_LETTERS))
    return text if keep_zwnj else re.sub(r"[ \t]+", " ", text.replace(ZWNJ, " "))


@cache
def words() -> dict[str, Any]:
    """lock_words.toml, read once."""
    return tomllib.loads(WORDS_FILE.read_text(encoding="utf-8"))


def _pattern(entry: str, lang: str) -> str:
    """The regex for one list entry (see lock_words.toml for the rules)."""
    stem = entry.endswith("*")
    body = re.escape(flat(entry.rstrip("*")))
    start = r"(?<!\w)" if body[:1].isalnum() else ""
    if lang == "ar" and start:
        start = r"(?<!\w)[وف]?"
    end = r"\w*" if stem else (r"(?!\w)" if body[-1:].isalnum() else "")
    return start + body + end


@cache
def concepts(table: str) -> tuple[tuple[str, re.Pattern[str]], ...]:
    """(concept, regex over all its entries in every language) for a table of lock_words.toml."""
    found = []
    for name, langs in words()[table].items():
        parts = [_pattern(e, lang) for lang, entries in langs.items() for e in entries]
        found.append((name, re.compile("|".join(parts))))
    return tuple(found)


@cache
def _ignore_rx(table: str) -> re.Pattern[str]:
    """One regex for every phrase of a list of phrases to blank out."""
    parts = [_pattern(e, lang) for lang, entries in words()[table].items() for e in entries]
    return re.compile("|".join(parts) or r"(?!)")


def _ignored(text: str, table: str) -> str:
    """The text with the phrases of `table` blanked out."""
    return _ignore_rx(table).sub(" ", text)


def promise_concepts(text: str) -> frozenset[str]:
    """The promise and concession concepts (money_back, free, discount...) the text uses."""
    norm = _ignored(flat(text), "ignore")
    return frozenset(name for name, rx in concepts("promise") if rx.search(norm))


def status_concepts(text: str) -> frozenset[str]:
    """Order statuses the text states; an earlier table hides its words from later ones."""
    norm = _ignored(flat(text), "status_ignore")
    found = set()
    for name, rx in concepts("status"):
        if rx.search(norm):
            found.add(name)
            norm = rx.sub(" ", norm)
    return frozenset(found)


@cache
def _relative() -> re.Pattern[str]:
    entries = [(_pattern(e, lang), e) for lang, es in words()["relative_dates"].items() for e in es]
    return re.compile("|".join(f"({p})" for p, _ in entries))


def relative_dates(text: str) -> frozenset[str]:
    """Day words that date a promise (today, tomorrow, Friday...), as written."""
    norm = _ignored(flat(text), "ignore")
    return frozenset(m.group().strip() for m in _relative().finditer(norm))


def _deobfuscated(norm: str) -> str:
    """`dhl[.]com`, `dhl (dot) com` and `dhl dot com` written as `dhl.com`."""
    text = _OBFUSCATED_DOT.sub(".", norm)
    dots = "|".join(re.escape(flat(w)) for w in words()["domains"]["dot_words"])
    return re.sub(rf"(?<=\w)\s+(?:{dots})\s+(?=\w)", ".", text)


def domains(text: str) -> frozenset[str]:
    """Every domain-like token, any TLD, obfuscated forms included."""
    return frozenset(m.rstrip(".") for m in DOMAIN_ANY.findall(_deobfuscated(flat(text))))


def streets(text: str) -> frozenset[str]:
    """Street names of postal addresses ("oak street", "خیابان آزادی")."""
    norm = flat(text)
    return frozenset(re.sub(r"\s+", " ", m) for m in (*STREET_EN.findall(norm),
                                                      *STREET_AR_FA.findall(norm)))


@cache
def _currency_rx() -> tuple[re.Pattern[str], dict[str, str]]:
    table = {flat(k): v for k, v in {**CURRENCIES, **words()["currencies"]}.items()}
    parts = [rf"(?<!\w){re.escape(k)}(?!\w)" if k[-1].isalnum() else re.escape(k)
             for k in sorted(table, key=len, reverse=True)]
    return re.compile("|".join(parts)), table


def currencies(text: str) -> frozenset[str]:
    """Currency codes named by a symbol, code or word anywhere in the text."""
    rx, table = _currency_rx()
    return frozenset(table[m] for m in rx.findall(flat(text)))


@cache
def _number_words() -> tuple[dict[str, int], dict[str, int], frozenset[str], frozenset[str]]:
    n = words()["numbers"]
    values = {flat(k): int(v) for lang in ("en", "ar", "fa") for k, v in n[lang].items()}
    scale = {flat(k): int(v) for k, v in n["multipliers"].items()}
    return values, scale, frozenset(flat(w) for w in n["connectors"]), frozenset(
        flat(w) for w in n["alone_ignored"])


def number_words(text: str) -> frozenset[Decimal]:
    """Values written in words: "five hundred" 500, "هزار و دو" 1002, "خمسمائة" 500."""
    values, scale, connectors, alone = _number_words()
    found: set[Decimal] = set()
    run: list[str] = []
    for token in [*(_split_conjunction(t, values, scale) for t in
                    WORD.findall(flat(text, keep_zwnj=True))), ""]:
        if token in values or token in scale or (run and token in connectors):
            run.append(token)
            continue
        words_in_run = [w for w in run if w not in connectors]
        if words_in_run and not (len(words_in_run) == 1 and words_in_run[0] in alone):
            found.add(Decimal(_value(words_in_run, values, scale)))
        run = []
    return frozenset(found)


def _split_conjunction(token: str, values: Mapping[str, int], scale: Mapping[str, int]) -> str:
    """Arabic "واثنان" (and two) read as "اثنان"; other tokens unchanged."""
    rest = token[1:]
    if token.startswith("و") and token not in values and (rest in values or rest in scale):
        return rest
    return token


def _value(tokens: Iterable[str], values: Mapping[str, int], scale: Mapping[str, int]) -> int:
    """The number a run of number words adds up to."""
    total = current = 0
    for token in tokens:
        if token in scale and scale[token] == 100:
            current = max(current, 1) * 100
        elif token in scale:
            total += max(current, 1) * scale[token]
            current = 0
        else:
            current += values[token]
    return total + current
