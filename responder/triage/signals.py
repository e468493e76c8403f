"""Signals in the customer's words (anger, threats, disputes...), from editable lexicons."""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from pathlib import Path

from responder.errors import ConfigError
from responder.models import Signal
from responder.triage.text import fold

LEXICON_DIR = Path(__file__).parent / "data" / "lexicons"
LANGUAGES = ("en", "ar", "fa")
# English needs word boundaries; Arabic and Persian glue clitics and suffixes onto words.
_WRAP = {"en": r"(?<!\w)(?:{})(?!\w)", "ar": r"(?<!\w)(?:و|ف|ب|ل|ال|وال)?(?:{})", "fa": r"(?<!\w)(?:{})"}
_ARABIC = re.compile(r"[\u0600-\u06FF]")
_LATIN = re.compile(r"[A-Za-z]")
_SHOUT = re.compile(r"!{3,}|\b[A-Z]{4,}\b(?:\W+\b[A-Z]{2,}\b)+")


@dataclass(frozen=True)
class Lexicon:
    """Compiled patterns: (signal, level) -> one alternation over every language."""

    patterns: tuple[tuple[str, int, bool, re.Pattern[str]], ...]
    """(signal, level, written in Arabic script, pattern)"""


def load_lexicon(folder: Path = LEXICON_DIR) -> Lexicon:
    """The lexicons of every language in `folder`, compiled; ConfigError names a bad pattern."""
    parts: dict[tuple[str, int, bool], list[str]] = {}
    for lang in LANGUAGES:
        path = folder / f"{lang}.toml"
        try:
            data = tomllib.loads(path.read_text(encoding="utf-8"))
        except (OSError, tomllib.TOMLDecodeError) as exc:
            raise ConfigError(f"{path}: cannot read the lexicon: {exc}") from exc
        for signal, levels in data.items():
            for level, regexes in levels.items():
                key = (signal, int(level), lang != "en")
                parts.setdefault(key, []).extend(_WRAP[lang].format(fold(r)) for r in regexes)
    return Lexicon(tuple(_compile(key, alts) for key, alts in parts.items()))


def _compile(key: tuple[str, int, bool], alternatives: list[str]) -> tuple[str, int, bool, re.Pattern[str]]:
    signal, level, arabic = key
    try:
        return signal, level, arabic, re.compile("|".join(alternatives), re.I)
    except re.error as exc:
        raise ConfigError(f"lexicon [{signal}] level {level}: bad pattern: {exc}") from exc


def find_signals(text: str, lexicon: Lexicon) -> tuple[Signal, ...]:
    """Every signal the lexicon finds in `text`, with its triggering words and strongest level."""
    folded = fold(text)
    # Scanning only the scripts present halves the work on single-language mail.
    scripts = {True: bool(_ARABIC.search(folded)), False: bool(_LATIN.search(folded))}
    found: dict[str, tuple[int, list[str]]] = {}
    for signal, level, arabic, pattern in lexicon.patterns:
        if not scripts[arabic]:
            continue
        words = [text[m.start() : m.end()].strip() for m in pattern.finditer(folded)]
        if words:
            old_level, old_words = found.get(signal, (0, []))
            found[signal] = (max(old_level, level), old_words + words)
    _add_shouting(text, found)
    return tuple(
        Signal(name=name, words=tuple(dict.fromkeys(words)), level=min(level, 3))
        for name, (level, words) in found.items()
    )


def _add_shouting(text: str, found: dict[str, tuple[int, list[str]]]) -> None:
    # Exclamation runs and capitals raise anger by one level, or make a mild anger alone.
    shouts = [m.group(0) for m in _SHOUT.finditer(text)]
    if shouts:
        level, words = found.get("anger", (0, []))
        found["anger"] = (level + 1, words + shouts)
