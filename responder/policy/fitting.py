"""Which of the sender's orders an email is about when it names none.

The one order that can be the subject of the problem: a complaint about what arrived never
lands on an order that has not shipped, a late parcel never on one already delivered. When
several fit, the one whose items the customer mentions, else the only recent one; when
still several (or none), nobody guesses: the customer is asked.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import datetime, timedelta

from responder.models import Fulfilment, Order, Problem

OPEN_STATES = frozenset({"unfulfilled", "shipped", "partial"})
ANY_ORDER = frozenset({Problem.OTHER, Problem.PAYMENT, Problem.SUBSCRIPTION})
"""Problems any order can have: the old rule (the one open order, else the only order)."""
ARRIVED = frozenset({Problem.DELIVERED_NOT_RECEIVED, Problem.DAMAGED_OR_QUALITY,
                     Problem.WRONG_ITEM_OR_PERSONALIZATION, Problem.MISSING_ITEM})
"""Complaints about what arrived: only a shipped order can be their subject."""
RECENT = timedelta(days=45)
"""An order placed this recently is 'the recent one' when it is the only such order."""
_WORD = re.compile(r"\w{4,}")


def fitting_order(placed: Sequence[Order], problem: Problem, text: str = "",
                  now: datetime | None = None) -> Order | None:
    """The one order that can be the subject of this problem; None when none or several fit."""
    if problem in ANY_ORDER:
        found = only_open_order(placed)
        if found is not None or len(placed) < 2:
            return found
        fits = [o for o in placed if o.fulfillment_status not in (Fulfilment.CANCELLED, Fulfilment.RETURNED)]
    else:
        fits = [o for o in placed if can_be_subject(o, problem)]
    return _one(fits) or _one(_open(fits)) or _one(_mentioned(fits, text)) or _one(_recent(fits, now))


def can_be_subject(order: Order, problem: Problem) -> bool:
    """True when an order in this state can be what a complaint of this kind is about."""
    status = order.fulfillment_status
    if status in ("cancelled", "returned"):
        return False
    if problem in ARRIVED:
        return status in ("shipped", "delivered") or order.shipped_at is not None
    delivered = status == "delivered" or order.delivered_at is not None
    return not delivered  # late parcels and address changes: not delivered yet


def only_open_order(placed: Sequence[Order]) -> Order | None:
    """Without an order number, the one order still on its way, else the only order."""
    open_orders = _open(placed)
    if len(open_orders) == 1:
        return open_orders[0]
    return placed[0] if len(placed) == 1 else None


def _one(orders: Sequence[Order]) -> Order | None:
    return orders[0] if len(orders) == 1 else None


def _open(orders: Sequence[Order]) -> list[Order]:
    return [o for o in orders if o.fulfillment_status in OPEN_STATES]


def _mentioned(orders: Sequence[Order], text: str) -> list[Order]:
    # "the candles arrived broken": the order with a candle in it.
    words = {w.casefold() for w in _WORD.findall(text)}
    return [o for o in orders if any(words & {w.casefold() for w in _WORD.findall(i.name)} for i in o.items)]


def _recent(orders: Sequence[Order], now: datetime | None) -> list[Order]:
    if now is None:
        return []
    return [o for o in orders if o.created_at is not None and now - o.created_at <= RECENT]
