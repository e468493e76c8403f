"""Keyword pre-checks for regexes: skip a pattern when none of its required words occur.

Most mail triggers no signal at all, yet every lexicon pattern used to be run over every
email. A regex such as `(?<!\\w)(?:furious|livid|rip[- ]?off)` can only match text that
contains `furious`, `livid` or `rip`; a substring test (in C) rules it out far faster
than the regex engine, which cannot skip ahead past a leading look-behind.
"""

from __future__ import annotations

import importlib
import re
from collections.abc import Iterable
from typing import Any

# The stdlib's own regex parser; `sre_parse` is the same module under a deprecated name.
_parser: Any = importlib.import_module("re._parser")
_const: Any = importlib.import_module("re._constants")
# Shorter keywords occur in almost every text and would only cost time.
MIN_KEYWORD = 3
Required = frozenset[str] | None
"""Words one of which every match contains (case-folded); None: no such guarantee."""


def required_keywords(pattern: str) -> Required:
    """Words one of which every match of `pattern` must contain; None when none can be told."""
    try:
        return _sequence(_parser.parse(pattern, re.I))
    except (re.error, AttributeError, TypeError, ValueError):  # an unusual pattern: always run it
        return None


def may_match(keywords: Required, casefolded: str) -> bool:
    """False only when the pattern cannot match: none of its keywords is in the text."""
    return keywords is None or any(word in casefolded for word in keywords)


def _sequence(items: Iterable[tuple[Any, Any]]) -> Required:
    # Every item of a sequence must match, so the most selective requirement is enough.
    best: Required = None
    run: list[str] = []
    for op, arg in [*items, (None, None)]:
        if op is _const.LITERAL:
            run.append(chr(arg))
            continue
        best = _better(best, _literal(run))
        run = []
        best = _better(best, _item(op, arg))
    return best


def _item(op: Any, arg: Any) -> Required:
    if op is _const.SUBPATTERN:
        return _sequence(arg[-1])
    if op is _const.BRANCH:
        return _branch(arg[1])
    if op in (_const.MAX_REPEAT, _const.MIN_REPEAT) and arg[0] >= 1:
        return _sequence(arg[2])
    return None


def _branch(alternatives: Iterable[Iterable[tuple[Any, Any]]]) -> Required:
    # Any alternative may match, so each must bring its own keyword.
    found: set[str] = set()
    for alternative in alternatives:
        words = _sequence(alternative)
        if words is None:
            return None
        found |= words
    return frozenset(found)


def _literal(run: list[str]) -> Required:
    word = "".join(run).casefold()
    return frozenset({word}) if len(word) >= MIN_KEYWORD else None


def _better(a: Required, b: Required) -> Required:
    if a is None or b is None:
        return a if b is None else b
    return a if min(map(len, a)) >= min(map(len, b)) else b
