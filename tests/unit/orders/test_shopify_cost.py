"""Shopify's query-cost bucket: the wait before the next query, from the last answer."""

from __future__ import annotations

import pytest

from responder.orders.shopify_cost import CostBucket, refill_seconds


def answer(requested: object, available: object, rate: object = 100.0) -> dict[str, object]:
    """An answer's extensions.cost as the GraphQL Admin API sends it."""
    status = {"maximumAvailable": 2000.0, "currentlyAvailable": available, "restoreRate": rate}
    return {"extensions": {"cost": {"requestedQueryCost": requested, "actualQueryCost": 12,
                                    "throttleStatus": status}}}


class Clock:
    """A clock the test moves by hand, recording each sleep as time passing."""

    def __init__(self) -> None:
        self.now = 100.0
        self.slept: list[float] = []

    def __call__(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.slept.append(seconds)
        self.now += seconds


def test_waits_only_for_the_points_missing() -> None:
    """52 needed, 12 left at 100/s: wait 0.4 s; after 0.1 s has passed, only 0.3 s."""
    clock = Clock()
    bucket = CostBucket(20, clock, clock.sleep)
    bucket.before()
    assert clock.slept == []  # nothing known yet
    bucket.after(answer(52, 12))
    clock.now += 0.1
    bucket.before()
    assert clock.slept == [pytest.approx(0.3)]


def test_full_bucket_or_no_cost_information_never_waits() -> None:
    """Enough points, or an answer without extensions.cost: no wait at all."""
    clock = Clock()
    bucket = CostBucket(20, clock, clock.sleep)
    bucket.after(answer(52, 1900))
    bucket.before()
    bucket.after({"data": {}})
    bucket.before()
    assert clock.slept == []


def test_wait_is_capped() -> None:
    """A bucket that would take a minute to refill waits at most max_wait."""
    clock = Clock()
    bucket = CostBucket(5, clock, clock.sleep)
    bucket.after(answer(1000, 0, 10))
    bucket.before()
    assert clock.slept == [5]


def test_refill_seconds_from_a_throttled_answer() -> None:
    """The THROTTLED body's numbers give the retry wait; garbage gives 0."""
    assert refill_seconds(answer(52, 47)) == pytest.approx(0.05)
    assert refill_seconds(answer("x", 47)) == 0.0
    assert refill_seconds(answer(52, 47, 0)) == 0.0
