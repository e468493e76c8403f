"""The daily token budget and the circuit breaker, driven by fake clocks."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from responder.drafting.llm_limits import CircuitBreaker, TokenBudget


class Clock:
    """A clock tests move by hand."""

    def __init__(self) -> None:
        self.t = 1000.0
        self.day = datetime(2024, 5, 2, 23, 59, tzinfo=UTC)

    def mono(self) -> float:
        """Monotonic seconds."""
        return self.t

    def now(self) -> datetime:
        """Wall time in UTC."""
        return self.day


def test_budget_counts_and_resets_at_utc_midnight() -> None:
    """Tokens add up within a UTC day and start from zero the next day."""
    clock = Clock()
    budget = TokenBudget(1000, clock.now)
    budget.record(600, 300)
    assert not budget.spent()
    budget.record(80, 20, failed=True)
    assert budget.spent()
    assert (budget.usage().calls, budget.usage().failures, budget.usage().tokens) == (2, 1, 1000)
    clock.day += timedelta(minutes=2)
    assert not budget.spent()
    assert budget.usage().day == datetime(2024, 5, 3, tzinfo=UTC).date()


def test_breaker_opens_after_streak_and_half_opens_after_cooldown() -> None:
    """N failures in a row open it; after the cooldown one try is allowed; success closes it."""
    clock = Clock()
    breaker = CircuitBreaker(failures=3, seconds=60, clock=clock.mono)
    breaker.failure()
    breaker.failure()
    assert breaker.allows()
    breaker.failure()
    assert not breaker.allows()
    clock.t += 61
    assert breaker.allows()
    breaker.failure()
    assert not breaker.allows()
    clock.t += 61
    breaker.success()
    breaker.failure()
    assert breaker.allows()


def test_success_resets_the_streak() -> None:
    """Failures separated by a success never open the breaker."""
    breaker = CircuitBreaker(failures=2, seconds=60, clock=Clock().mono)
    for _ in range(5):
        breaker.failure()
        breaker.success()
    assert breaker.allows()
