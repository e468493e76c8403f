"""Signals in the customer's words (anger, threats, disputes...), from editable lexicons."""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from pathlib import Path

from responder.errors import ConfigError
from responder.models import Signal
from responder.triage.prefilter import Required, may_match, required_keywords
from responder.triage.text import fold

LEXICON_DIR = Path(__file__).parent / "data" / "lexicons"
LANGUAGES = ("en", "ar", "fa")
# English needs word boundaries; Arabic and Persian glue clitics and suffixes onto words.
_WRAP = {"en": r"(?<!\w)(?:{})(?!\w)", "ar": r"(?<!\w)(?:و|ف|ب|ل|ال|وال)?(?:{})", "fa": r"(?<!\w)(?:{})"}
_ARABIC = re.compile(r"[\u0600-\u06FF]")
_LATIN = re.compile(r"[A-Za-z]")
_SHOUT = re.compile(r"!{3,}|\b[A-Z]{4,}\b(?:\W+\b[A-Z]{2,}\b)+")


@dataclass(frozen=True)
class Rule:
    """One signal level in one script: an alternation of every lexicon regex for it."""

    signal: str
    level: int
    arabic: bool
    """Written in Arabic script (ar and fa) rather than Latin (en)."""
    pattern: re.Pattern[str]
    keywords: Required
    """One of these (case-folded) is in every match; None: always run the pattern."""


@dataclass(frozen=True)
class Lexicon:
    """Compiled rules: (signal, level, script) -> one alternation over that script's languages."""

    rules: tuple[Rule, ...]


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
                # One look-behind in front of the whole alternation, not one per regex: the
                # engine then rejects most positions (inside a word) with a single test.
                joined = "|".join(f"(?:{fold(r)})" for r in regexes)
                parts.setdefault(key, []).append(_WRAP[lang].format(joined))
    return Lexicon(tuple(_compile(key, alts) for key, alts in parts.items()))


def _compile(key: tuple[str, int, bool], alternatives: list[str]) -> Rule:
    signal, level, arabic = key
    source = "|".join(alternatives)
    try:
        return Rule(signal, level, arabic, re.compile(source, re.I), required_keywords(source))
    except re.error as exc:
        raise ConfigError(f"lexicon [{signal}] level {level}: bad pattern: {exc}") from exc


def find_signals(text: str, lexicon: Lexicon) -> tuple[Signal, ...]:
    """Every signal the lexicon finds in `text`, with its triggering words and strongest level."""
    folded = fold(text)
    lowered = folded.casefold()
    # Scanning only the scripts present halves the work on single-language mail.
    scripts = {True: bool(_ARABIC.search(folded)), False: bool(_LATIN.search(folded))}
    found: dict[str, tuple[int, list[str]]] = {}
    for rule in lexicon.rules:
        if not scripts[rule.arabic] or not may_match(rule.keywords, lowered):
            continue
        words = [text[m.start() : m.end()].strip() for m in rule.pattern.finditer(folded)]
        if words:
            old_level, old_words = found.get(rule.signal, (0, []))
            found[rule.signal] = (max(old_level, rule.level), old_words + words)
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
