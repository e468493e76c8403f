"""Signals in the customer's words (anger, threats, disputes...), from editable lexicons.

The same machinery reads the problem cues (`lexicons/problems/`): phrases a customer uses
for a late, missing, wrong or spoiled order, matched as "signals" named after the intent.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from pathlib import Path

from responder.errors import ConfigError
from responder.models import Signal
from responder.triage.prefilter import Required, may_match, required_keywords
from responder.triage.text import normal_offsets, normalize

LEXICON_DIR = Path(__file__).parent / "data" / "lexicons"
LANGUAGES = ("en", "ar", "fa")
# English needs word boundaries; Arabic and Persian glue clitics and suffixes onto words.
_WRAP = {"en": r"(?<!\w)(?:{})(?!\w)", "ar": r"(?<!\w)(?:و|ف|ب|ل|ال|وال)?(?:{})", "fa": r"(?<!\w)(?:{})"}
_ARABIC = re.compile(r"[\u0600-\u06FF]")
_LATIN = re.compile(r"[A-Za-z]")
_SHOUT = re.compile(r"!{3,}|\b[A-Z]{4,}\b(?:\W+\b[A-Z]{2,}\b)+")
# "If you don't refund me I'm posting this on Twitter" is a threat, not a post already made:
# a condition earlier in the same sentence turns a public complaint into a review threat.
_CONDITION = re.compile(
    r"(?<!\w)(?:if|unless|otherwise|or else|or|until|اذا|لو|والا|ان لم|ما لم|اگه|اگر|وگرنه)(?!\w)", re.I
)
_SENTENCE_END = re.compile(r"[.!?؟\n]")


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
                joined = "|".join(f"(?:{normalize(r)})" for r in regexes)
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
    """Every signal the lexicon finds in `text`, with its triggering words and strongest level.

    Rules match the normal form (`text.normalize`); words are quoted as the customer wrote them.
    """
    normal = normalize(text)
    found = match_rules(normal, lexicon)
    _conditional_to_threat(normal, found)
    if found:
        _quote_original(text, normal, found)
    _add_shouting(text, found)
    return tuple(
        Signal(name=name, words=tuple(dict.fromkeys(words)), level=min(level, 3))
        for name, (level, words, _) in found.items()
    )


def _quote_original(text: str, normal: str, found: Found) -> None:
    offsets = normal_offsets(text)
    for name, (level, words, starts) in found.items():
        quoted = [
            text[offsets[start] : offsets[start + len(word) - 1] + 1].strip() if word else word
            for word, start in zip(words, starts, strict=True)
        ]
        found[name] = (level, quoted, starts)


Found = dict[str, tuple[int, list[str], list[int]]]
"""signal -> (strongest level, trigger words, their start offsets in the normalised text)."""


def match_rules(normal: str, lexicon: Lexicon) -> Found:
    """Every rule of the lexicon that matches the normalised text, by signal name."""
    lowered = normal.casefold()
    # Scanning only the scripts present halves the work on single-language mail.
    scripts = {True: bool(_ARABIC.search(normal)), False: bool(_LATIN.search(normal))}
    found: Found = {}
    for rule in lexicon.rules:
        if not scripts[rule.arabic] or not may_match(rule.keywords, lowered):
            continue
        hits = [_stripped(m) for m in rule.pattern.finditer(normal)]
        if hits:
            old_level, old_words, old_starts = found.get(rule.signal, (0, [], []))
            found[rule.signal] = (
                max(old_level, rule.level),
                old_words + [w for w, _ in hits],
                old_starts + [start for _, start in hits],
            )
    return found


def _stripped(match: re.Match[str]) -> tuple[str, int]:
    word = match.group(0)
    return word.strip(), match.start() + len(word) - len(word.lstrip())


def _conditional_to_threat(normal: str, found: Found) -> None:
    public = found.get("public_complaint")
    if public is None:
        return
    kept = [(w, at) for w, at in zip(public[1], public[2], strict=True) if not _conditional(normal, at)]
    moved = [(w, at) for w, at in zip(public[1], public[2], strict=True) if _conditional(normal, at)]
    if moved:
        level, words, starts = found.get("review_threat", (0, [], []))
        words, starts = words + [w for w, _ in moved], starts + [a for _, a in moved]
        found["review_threat"] = (max(level, 2), words, starts)
    if kept:
        found["public_complaint"] = (public[0], [w for w, _ in kept], [a for _, a in kept])
        _drop_inside("review_threat", [w for w, _ in kept], found)
    else:
        del found["public_complaint"]


def _drop_inside(name: str, outer: list[str], found: Found) -> None:
    # "دارم استوری می‌ذارم" (I am posting a story): the future-looking threat phrase sits
    # inside a going-public-now phrase, which says more.
    level, words, starts = found.get(name, (0, [], []))
    pairs = [(w, a) for w, a in zip(words, starts, strict=True) if not any(w in o for o in outer)]
    if not pairs and name in found:
        del found[name]
    elif pairs:
        found[name] = (level, [w for w, _ in pairs], [a for _, a in pairs])


def _conditional(normal: str, at: int) -> bool:
    """True when the sentence holding position `at` states a condition before it."""
    ends = [m.end() for m in _SENTENCE_END.finditer(normal, 0, at)]
    return bool(_CONDITION.search(normal, ends[-1] if ends else 0, at))


def _add_shouting(text: str, found: Found) -> None:
    # Exclamation runs and capitals raise anger by one level, or make a mild anger alone.
    shouts = [(m.group(0), m.start()) for m in _SHOUT.finditer(text)]
    if shouts:
        level, words, starts = found.get("anger", (0, [], []))
        found["anger"] = (level + 1, words + [w for w, _ in shouts], starts + [a for _, a in shouts])
