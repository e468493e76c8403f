"""`responder drafts stats`: how the owner answered per intent, and what could be automatic.

Pure aggregation over decided drafts (DraftRow.intent, .result, .decided_at). An intent whose
drafts were approved unchanged often enough, with no edit and no rejection in the window,
is suggested for auto-sending; the owner decides, the code never switches it on itself.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

RESULTS = ("unchanged", "edited", "rejected")


@dataclass(frozen=True)
class DecidedDraft:
    """One answered draft: its intent and how the approver answered."""

    intent: str
    result: str
    """unchanged | edited | rejected"""
    decided_at: datetime


@dataclass(frozen=True)
class IntentStats:
    """Counts of answers for one intent."""

    intent: str
    unchanged: int = 0
    edited: int = 0
    rejected: int = 0

    @property
    def total(self) -> int:
        """Every answered draft of this intent."""
        return self.unchanged + self.edited + self.rejected


def recent(drafts: Iterable[DecidedDraft], now: datetime, days: int) -> list[DecidedDraft]:
    """The drafts decided in the last `days` days."""
    since = now - timedelta(days=days)
    return [d for d in drafts if d.decided_at >= since]


def aggregate(drafts: Iterable[DecidedDraft]) -> list[IntentStats]:
    """Counts per intent, sorted by intent; unknown results are not counted."""
    counts: dict[str, dict[str, int]] = {}
    for draft in drafts:
        if draft.result in RESULTS:
            per_intent = counts.setdefault(draft.intent, dict.fromkeys(RESULTS, 0))
            per_intent[draft.result] += 1
    return [IntentStats(intent, **counts[intent]) for intent in sorted(counts)]


def suggestion(stats: IntentStats, threshold: int) -> str | None:
    """The auto-send suggestion for an intent the owner always approves unchanged, or None."""
    if stats.unchanged < threshold or stats.edited or stats.rejected:
        return None
    return (
        f"{stats.intent}: approved unchanged {stats.unchanged} of {stats.total} times: "
        f"consider auto-sending it: add {stats.intent!r} to policy.auto_send in config.toml"
    )


def report(drafts: Iterable[DecidedDraft], threshold: int) -> list[str]:
    """The lines `drafts stats` prints: a table row per intent, then the suggestions."""
    table = aggregate(drafts)
    rows = [f"{'intent':<32} {'unchanged':>9} {'edited':>6} {'rejected':>8}"]
    rows += [f"{s.intent:<32} {s.unchanged:>9} {s.edited:>6} {s.rejected:>8}" for s in table]
    return rows + [line for s in table if (line := suggestion(s, threshold))]
