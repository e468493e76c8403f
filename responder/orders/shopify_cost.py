"""Shopify's cost-based rate limit, read from `extensions.cost` of every answer.

The shop keeps a bucket of points (e.g. 2,000) refilled at `restoreRate` a second; a query
needs its requested cost in the bucket or it is THROTTLED. After each answer the bucket is
remembered, and the next query first waits until it will fit, so a busy moment (a backlog
of mail) slows down instead of being refused.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Mapping
from typing import Any

Json = Mapping[str, Any]


def cost_numbers(body: Json) -> tuple[float, float, float] | None:
    """(requested cost, currently available, restore rate) of an answer, or None if absent."""
    cost = (body.get("extensions") or {}).get("cost") or {}
    status = cost.get("throttleStatus") or {}
    try:
        return (float(cost["requestedQueryCost"]), float(status["currentlyAvailable"]),
                float(status["restoreRate"]))
    except (KeyError, TypeError, ValueError):
        return None


def refill_seconds(body: Json) -> float:
    """Seconds until the bucket holds the requested cost again (0 when not told)."""
    numbers = cost_numbers(body)
    if numbers is None or numbers[2] <= 0:
        return 0.0
    requested, available, rate = numbers
    return max(0.0, (requested - available) / rate)


class CostBucket:
    """What the last answer said about the bucket, and the wait it implies for the next query."""

    def __init__(self, max_wait: float, clock: Callable[[], float] = time.monotonic,
                 sleep: Callable[[float], None] = time.sleep) -> None:
        self._max_wait = max_wait
        self._clock, self._sleep = clock, sleep
        self._last: tuple[float, float, float, float] | None = None
        self._lock = threading.Lock()

    def before(self) -> None:
        """Wait until a query as costly as the last one fits in the bucket."""
        with self._lock:
            last = self._last
        if last is None:
            return
        requested, available, rate, at = last
        have = available + rate * (self._clock() - at)
        if have < requested and rate > 0:
            self._sleep(min(self._max_wait, (requested - have) / rate))

    def after(self, body: Json) -> None:
        """Remember the bucket as this answer reports it."""
        numbers = cost_numbers(body)
        if numbers is not None:
            with self._lock:
                self._last = (*numbers, self._clock())
