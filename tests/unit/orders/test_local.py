"""LocalOrders: id normalisation, order lists and the customer profile."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import Engine
from sqlmodel import Session

from responder.orders.csvimport import import_csv
from responder.orders.local import LocalOrders
from responder.orders.tables import CustomerRow
from tests.unit.orders.conftest import DATA, write_csv

HEADER = "order_id,email,created_at,total,payment_status"


@pytest.fixture
def demo(engine: Engine, local: LocalOrders) -> LocalOrders:
    """LocalOrders holding the demo orders of tests/data/orders/orders.csv."""
    assert import_csv(DATA / "orders.csv", engine).errors == ()
    return local


@pytest.mark.parametrize(
    "written",
    ["1001", "#1001", " # 1001 ", "١٠٠١", "#١٠٠١", "۱۰۰۱", "#۱۰۰۱"],
)
def test_find_order_normalises_ids_and_digits(demo: LocalOrders, written: str) -> None:
    """A hash, spaces, Arabic-Indic or Persian digits all find order 1001."""
    order = demo.find_order(written)
    assert order is not None
    assert order.order_id == "1001"


@pytest.mark.parametrize("written", ["ORD-12345", "ord-12345", "12345", "#12345", "ORD-١٢٣٤٥"])
def test_find_order_with_and_without_prefix(demo: LocalOrders, written: str) -> None:
    """A prefixed id is found case-insensitively, and by its number alone."""
    order = demo.find_order(written)
    assert order is not None
    assert order.order_id == "ORD-12345"


def test_find_order_unknown_or_ambiguous_is_none(engine: Engine, local: LocalOrders, tmp_path: Path) -> None:
    """An unknown id, an empty one, or a number two prefixes share finds nothing."""
    rows = ("ORD-77,a@x.example,,1,paid", "INV-77,b@x.example,,1,paid")
    import_csv(write_csv(tmp_path / "o.csv", HEADER, *rows), engine)
    assert local.find_order("77") is None
    assert local.find_order("") is None
    assert local.find_order("#9999") is None
    assert local.find_order("inv-77") is not None


def test_orders_for_is_newest_first(demo: LocalOrders) -> None:
    """A customer's orders come newest first, matched case-insensitively."""
    orders = demo.orders_for("Carol@Example.com")
    assert [o.order_id for o in orders] == ["1003", "1004", "1005"]
    assert demo.orders_for("nobody@example.com") == []


def test_profile_counts_only_paid_orders(engine: Engine, local: LocalOrders, tmp_path: Path) -> None:
    """LTV sums paid and partially refunded orders; pending and refunded ones do not count."""
    rows = (
        "1,p@x.example,2024-01-01,100.10,paid",
        "2,p@x.example,2024-01-02,50.05,partially_refunded",
        "3,p@x.example,2024-01-03,999,refunded",
        "4,p@x.example,2024-01-04,999,pending",
    )
    import_csv(write_csv(tmp_path / "o.csv", HEADER, *rows), engine)
    customer = local.customer("P@x.example")
    assert customer is not None
    assert customer.lifetime_value == Decimal("150.15")
    assert customer.order_count == 4
    assert "vip" not in customer.tags


def test_vip_when_ltv_above_threshold(demo: LocalOrders, engine: Engine) -> None:
    """Carol's 675 exceeds 500 and makes her VIP; a higher threshold does not."""
    carol = demo.customer("carol@example.com")
    assert carol is not None
    assert (carol.lifetime_value, carol.name) == (Decimal("675.00"), "Carol Ng")
    assert "vip" in carol.tags
    strict = LocalOrders(engine, vip_ltv=Decimal(675)).customer("carol@example.com")
    assert strict is not None
    assert "vip" not in strict.tags


def test_stranger_has_no_profile(demo: LocalOrders) -> None:
    """An address with no orders and no owner record is not a customer."""
    assert demo.customer("stranger@example.com") is None


def test_tags_are_set_and_removed(demo: LocalOrders) -> None:
    """Owner tags are stored once, lower-cased, and can be removed again."""
    assert demo.tag_customer("bob@example.com", "Suspicious") is True
    assert demo.tag_customer("bob@example.com", "suspicious") is False
    bob = demo.customer("bob@example.com")
    assert bob is not None
    assert bob.tags == frozenset({"suspicious"})
    assert demo.untag("bob@example.com", "suspicious") is True
    assert demo.untag("bob@example.com", "suspicious") is False
    bob = demo.customer("bob@example.com")
    assert bob is not None
    assert bob.tags == frozenset()


def test_tag_on_address_without_orders_makes_a_profile(local: LocalOrders) -> None:
    """Tagging an address the store has no orders for still gives it a profile."""
    with pytest.raises(ValueError, match="empty"):
        local.tag_customer("x@example.com", " ")
    local.tag_customer("x@example.com", "suspicious")
    customer = local.customer("x@example.com")
    assert customer is not None
    assert (customer.order_count, customer.tags) == (0, frozenset({"suspicious"}))


def test_linked_emails_share_one_profile(demo: LocalOrders) -> None:
    """Linked addresses pool orders, tags and complaints, transitively, from either side."""
    demo.tag_customer("alice.work@example.com", "suspicious")
    demo.link_email("alice@example.com", "alice.work@example.com")
    group = demo.link_email("alice.work@example.com", "ALICE.old@example.com")
    assert group == {"alice@example.com", "alice.work@example.com", "alice.old@example.com"}
    demo.record_complaint("alice.old@example.com", "where_is_my_order", order_id="#1001")
    alice = demo.customer("alice@example.com")
    assert alice is not None
    assert alice.linked_emails == {"alice.work@example.com", "alice.old@example.com"}
    assert (alice.lifetime_value, alice.order_count) == (Decimal("83.00"), 2)
    assert (alice.tags, alice.complaints) == (frozenset({"suspicious"}), 1)
    old = demo.customer("alice.old@example.com")
    assert old is not None
    assert old.lifetime_value == Decimal("83.00")
    assert old.linked_emails == {"alice@example.com", "alice.work@example.com"}


def test_link_to_itself_is_refused(local: LocalOrders) -> None:
    """Linking an address with itself (in any case) is an error."""
    with pytest.raises(ValueError, match="cannot link"):
        local.link_email("a@example.com", "A@example.com")


def test_complaints_are_recorded_and_counted(demo: LocalOrders) -> None:
    """Each complaint is stored with its details and counted on the profile."""
    at = datetime(2024, 5, 9, 12, 0, tzinfo=UTC)
    first = demo.record_complaint(
        "Dan@example.com", "missing_items", order_id="#١٠٠٦", product="Red scarf",
        reason="scarf missing", outcome="parked", at=at,
    )  # fmt: skip
    second = demo.record_complaint("dan@example.com", "return_refund")
    assert second > first
    history = demo.complaints("dan@example.com")
    assert [(c.intent, c.order_id, c.product) for c in history] == [
        ("missing_items", "1006", "Red scarf"),
        ("return_refund", "", ""),
    ]
    assert history[0].created_at == at
    dan = demo.customer("dan@example.com")
    assert dan is not None
    assert dan.complaints == 2


def test_notes_are_kept(demo: LocalOrders, engine: Engine) -> None:
    """The owner's notes on a customer are stored."""
    demo.set_notes("erin@example.com", "prefers email, not phone")
    with Session(engine) as s:
        row = s.get(CustomerRow, "erin@example.com")
    assert row is not None
    assert row.notes == "prefers email, not phone"
