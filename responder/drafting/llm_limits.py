"""Spending and failure limits around the model endpoint: a daily token budget and a breaker.

The budget is a `Budget`: the daemon keeps it in the database (store/llm_usage.py), so it
holds across SIGHUP, restarts and every process of a store; `TokenBudget` keeps it in
memory for replay and tests. The breaker is in memory: a restart at worst tries a dead
endpoint once more.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime
from typing import Protocol

from responder.protocols import utc_now


@dataclass(frozen=True)
class Usage:
    """Tokens and calls spent on one UTC day."""

    day: date
    tokens_in: int = 0
    tokens_out: int = 0
    calls: int = 0
    failures: int = 0

    @property
    def tokens(self) -> int:
        """Prompt plus completion tokens."""
        return self.tokens_in + self.tokens_out


class Budget(Protocol):
    """Tokens spent per UTC day against `daily_token_budget`."""

    def usage(self) -> Usage:
        """Today's usage (a new day starts at zero)."""
        ...

    def spent(self) -> bool:
        """True when today's tokens reached the limit."""
        ...

    def record(self, tokens_in: int, tokens_out: int, *, failed: bool = False) -> None:
        """Add one call's tokens to today's count."""
        ...


class TokenBudget:
    """Counts tokens per UTC day in memory and says when the day's budget is spent."""

    def __init__(self, limit: int, now: Callable[[], datetime] = utc_now) -> None:
        self.limit = limit
        self._now = now
        self._usage = Usage(now().date())

    def usage(self) -> Usage:
        """Today's usage (a new day starts at zero)."""
        today = self._now().astimezone(UTC).date()
        if self._usage.day != today:
            self._usage = Usage(today)
        return self._usage

    def spent(self) -> bool:
        """True when today's tokens reached the limit."""
        return self.usage().tokens >= self.limit

    def record(self, tokens_in: int, tokens_out: int, *, failed: bool = False) -> None:
        """Add one call's tokens to today's count."""
        u = self.usage()
        self._usage = replace(
            u,
            tokens_in=u.tokens_in + tokens_in,
            tokens_out=u.tokens_out + tokens_out,
            calls=u.calls + 1,
            failures=u.failures + int(failed),
        )


class CircuitBreaker:
    """After `failures` failed calls in a row, refuses calls for `seconds`, then tries one."""

    def __init__(self, failures: int, seconds: float, clock: Callable[[], float]) -> None:
        self.failures = failures
        self.seconds = seconds
        self._clock = clock
        self._streak = 0
        self._open_until = 0.0

    def allows(self) -> bool:
        """True when a call may be made now."""
        return self._clock() >= self._open_until

    def success(self) -> None:
        """A call worked: close the breaker."""
        self._streak = 0
        self._open_until = 0.0

    def failure(self) -> None:
        """A call failed: open the breaker once the streak is long enough."""
        self._streak += 1
        if self._streak >= self.failures:
            self._open_until = self._clock() + self.seconds
