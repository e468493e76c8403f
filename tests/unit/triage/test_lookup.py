"""Which order an email is about when it names none: the one that can be its subject."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import timedelta

from responder.models import Customer, Inbound, Intent, Order, OrderItem, Problem, Request, Triage
from responder.pipeline import lookup
from responder.policy.fitting import fitting_order
from responder.store.history import remembered
from tests.unit.policy.factory import NOW, SENDER, delivered, order, shipped

UNSHIPPED = order(order_id="2001")
IN_TRANSIT = shipped(order_id="2002")
ARRIVED = delivered(order_id="2003")


@dataclass
class Orders:
    """An in-memory OrderSource with a fixed list of the sender's orders."""

    placed: tuple[Order, ...]

    def find_order(self, order_id: str) -> Order | None:
        """The order with this id."""
        return next((o for o in self.placed if o.order_id == order_id), None)

    def orders_for(self, email: str) -> Sequence[Order]:
        """Every order (all placed by SENDER)."""
        return self.placed

    def customer(self, email: str) -> Customer | None:
        """No profiles needed here."""
        return None


def test_a_wrong_item_complaint_never_lands_on_an_unshipped_order() -> None:
    """The only order has not shipped: a 'wrong colour' complaint is not tied to it."""
    assert fitting_order([UNSHIPPED], Problem.WRONG_ITEM_OR_PERSONALIZATION) is None
    assert fitting_order([UNSHIPPED, ARRIVED], Problem.WRONG_ITEM_OR_PERSONALIZATION) is ARRIVED
    assert fitting_order([UNSHIPPED], Problem.OTHER) is UNSHIPPED


def test_a_late_parcel_is_the_one_not_yet_delivered() -> None:
    """Of a delivered and an in-transit order, a lateness complaint is about the one in transit."""
    assert fitting_order([ARRIVED, IN_TRANSIT], Problem.NOT_ARRIVED_OR_LATE) is IN_TRANSIT
    assert fitting_order([UNSHIPPED, IN_TRANSIT], Problem.NOT_ARRIVED_OR_LATE) is None


def test_lookup_uses_the_threads_order_and_says_how_it_found_it() -> None:
    """No number in the mail: the thread's order is named; otherwise the fitting one is inferred."""
    source = Orders((ARRIVED, IN_TRANSIT))
    mail = Inbound(message_id="<a@x>", from_addr=SENDER)
    named = lookup(mail, Triage(), source, earlier_order_id="2003")
    assert named.order is ARRIVED and named.named and named.owns
    inferred = lookup(mail, Triage(problem=Problem.NOT_ARRIVED_OR_LATE), source)
    assert inferred.order is IN_TRANSIT and not inferred.named


def test_of_several_orders_the_one_whose_items_are_mentioned_fits() -> None:
    """'The candle arrived broken' with a mug order and a candle order: the candle order."""
    mugs = delivered(order_id="2004")
    candles = delivered(order_id="2005", items=(OrderItem(sku="C", name="Lavender candle"),))
    assert fitting_order([mugs, candles], Problem.DAMAGED_OR_QUALITY, "the candle arrived broken") is candles
    assert fitting_order([mugs, candles], Problem.DAMAGED_OR_QUALITY, "it arrived broken") is None


def test_of_several_orders_the_only_recent_one_fits() -> None:
    """Two delivered orders, one last week and one last year: the recent one; no clock, no guess."""
    old = delivered(order_id="2006", created_at=NOW - timedelta(days=300))
    recent = delivered(order_id="2007")
    assert fitting_order([old, recent], Problem.WRONG_ITEM_OR_PERSONALIZATION, "", NOW) is recent
    assert fitting_order([old, recent], Problem.WRONG_ITEM_OR_PERSONALIZATION, "") is None


def test_a_stored_reading_with_unknown_or_missing_labels_is_read_safely() -> None:
    """Labels from another version, or empty columns, never break reading a conversation."""
    assert remembered("cancel_order", "other", "cancel refund_everything", "1012") == (
        Intent.CANCEL_ORDER, Problem.OTHER, (Request.CANCEL,), "1012")
    assert remembered(None, None, None, None) == (None, Problem.OTHER, (), "")
    assert remembered("", "not_a_problem", "", "")[:2] == (None, Problem.OTHER)
