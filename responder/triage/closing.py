"""Replies that only thank us or confirm receipt ("Thanks, got it!"): nothing to answer.

Answering them again would send the customer the same template twice, or wake the owner
with a second-contact escalation. The rule is strict on purpose: a gratitude phrase, no
question, and nothing left once gratitude, closing and filler words are taken out; one
other word ("thanks, but it's broken", "ممنون، نرسیده") keeps it a real email.
"""

from __future__ import annotations

import re
import tomllib
from functools import cache
from pathlib import Path

from responder.models import Triage
from responder.triage.text import normalize

CLOSING_FILE = Path(__file__).parent / "data" / "lexicons" / "closing.toml"
_WORD = re.compile(r"\w+")


@cache
def _patterns() -> tuple[re.Pattern[str], re.Pattern[str]]:
    """(gratitude, everything removable), whole words on the normal form, all languages."""
    data = tomllib.loads(CLOSING_FILE.read_text(encoding="utf-8"))
    def alternation(keys: tuple[str, ...]) -> re.Pattern[str]:
        words = [normalize(w) for lang in data.values() for key in keys for w in lang[key]]
        ordered = sorted(words, key=len, reverse=True)
        return re.compile(r"(?<!\w)(?:" + "|".join(ordered) + r")(?!\w)", re.IGNORECASE)
    return alternation(("gratitude",)), alternation(("gratitude", "closing", "filler"))


def only_thanks(text: str, triage: Triage) -> bool:
    """True when the customer's own words only thank us or confirm that all is well."""
    # Not the model's intent: it reads "got it today" as an order question. Every word counts.
    if triage.requests or "?" in text or "؟" in text:
        return False
    gratitude, removable = _patterns()
    folded = normalize(text).casefold()
    return bool(gratitude.search(folded)) and not _WORD.findall(removable.sub(" ", folded))
