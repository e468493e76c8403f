"""`drafts stats`: counts per intent and the auto-send suggestion."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from responder.approval.stats import DecidedDraft, IntentStats, aggregate, recent, report

NOW = datetime(2026, 1, 5, tzinfo=UTC)


def drafts(intent: str, result: str, count: int, days_ago: int = 1) -> list[DecidedDraft]:
    """`count` answered drafts of one intent and result."""
    return [DecidedDraft(intent, result, NOW - timedelta(days=days_ago))] * count


def test_counts_per_intent() -> None:
    """Each intent gets its unchanged, edited and rejected counts; unknown results are dropped."""
    rows = drafts("refund", "unchanged", 2) + drafts("refund", "rejected", 1)
    rows += drafts("cancel_order", "edited", 3) + drafts("cancel_order", "pending", 4)
    assert aggregate(rows) == [IntentStats("cancel_order", 0, 3, 0), IntentStats("refund", 2, 0, 1)]


def test_suggests_auto_send_after_enough_unchanged_approvals() -> None:
    """Twelve unchanged approvals and nothing else: the owner is told how to automate it."""
    lines = report(drafts("where_is_my_order", "unchanged", 12), threshold=10)
    assert lines[-1] == (
        "where_is_my_order: approved unchanged 12 of 12 times: consider auto-sending it: "
        "add 'where_is_my_order' to policy.auto_send in config.toml"
    )


def test_no_suggestion_below_the_threshold_or_after_a_rejection_or_edit() -> None:
    """Nine approvals, or any rejection or edit, and nothing is suggested."""
    for rows in (
        drafts("a", "unchanged", 9),
        drafts("a", "unchanged", 12) + drafts("a", "rejected", 1),
        drafts("a", "unchanged", 12) + drafts("a", "edited", 1),
    ):
        assert not any("consider" in line for line in report(rows, threshold=10))


def test_recent_keeps_only_the_window() -> None:
    """An old rejection outside the window no longer blocks the suggestion."""
    rows = drafts("a", "unchanged", 10) + drafts("a", "rejected", 1, days_ago=90)
    assert "consider" in report(recent(rows, NOW, days=30), threshold=10)[-1]
