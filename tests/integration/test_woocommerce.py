"""WooCommerceOrders against a fake REST API v3 on loopback (tests/integration/fake_woocommerce.py)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from decimal import Decimal
from types import MappingProxyType

import pytest

from responder.errors import ConfigError, PermanentError, TransientError
from responder.orders.http import HttpSettings
from responder.orders.money import Valuation
from responder.orders.woocommerce import WooCommerceOrders

from .fake_http import serving
from .fake_woocommerce import API, KEY, SECRET, FakeWooCommerce, recorded

pytestmark = pytest.mark.integration
SARA = "sara.ahmadi@mail.example.com"


@pytest.fixture
def store() -> Iterator[FakeWooCommerce]:
    """The fake store with the recorded orders and customers."""
    with serving(FakeWooCommerce(recorded("orders.json"), recorded("customers.json"))) as server:
        yield server


def client(store: FakeWooCommerce, key: str = KEY, **valuation: object) -> WooCommerceOrders:
    """A WooCommerceOrders pointed at the fake store, fast rate limit."""
    return WooCommerceOrders(store.url, key, SECRET, valuation=Valuation(**valuation),  # type: ignore[arg-type]
                             settings=HttpSettings("WooCommerce", timeout=5, requests_per_second=50,
                                                   max_wait=0.2))


def test_find_order_by_number_maps_tracking_and_item_meta(store: FakeWooCommerce) -> None:
    """#727 is read by id with basic auth; tracking meta, personalization and status map."""
    order = client(store).find_order("#۷۲۷")
    assert order is not None
    assert store.requests == [{"path": f"{API}/orders/727", "query": {}, "auth": (KEY, SECRET)}]
    assert (order.order_id, order.email, order.name) == ("727", SARA, "سارا احمدی")
    assert (order.total, order.currency) == (Decimal("42.50"), "EUR")
    assert (order.payment_status, order.fulfillment_status) == ("paid", "shipped")
    assert (order.carrier, order.tracking_number) == ("Post Iran", "RR123456789IR")
    assert order.tracking_url == "https://tracking.post.ir/?id=RR123456789IR"
    assert order.shipped_at == datetime(2025, 9, 2, tzinfo=UTC)
    assert order.created_at == datetime(2025, 9, 1, 10, tzinfo=UTC)
    assert [(i.sku, i.quantity, i.price, i.personalization) for i in order.items] == [
        ("CUP-SET", 1, Decimal("42.5"), "Engraving: سارا")]
    assert order.shipping_address == "خیابان ولیعصر ۱۲, تهران, 1511, IR"


def test_renumbered_order_is_found_by_search(store: FakeWooCommerce) -> None:
    """A plugin's number (WC-1731) is no id: found through search, with or without prefix."""
    order = client(store).find_order("wc-1731")
    assert order is not None and order.order_id == "WC-1731"
    assert (order.payment_status, order.fulfillment_status) == ("failed", "cancelled")
    assert [r["path"] for r in store.requests] == [f"{API}/orders/1731", f"{API}/orders"]
    assert store.requests[1]["query"]["search"] == "1731"
    bare = client(store).find_order("1731")
    assert bare is not None and bare.order_id == "WC-1731"
    assert client(store).find_order("999") is None


def test_a_number_inside_longer_numbers_finds_nothing(store: FakeWooCommerce) -> None:
    """Search for `73` returns 730, 731, 732...: none of them is order 73, nothing is guessed."""
    assert client(store).find_order("73") is None


def test_orders_by_billing_email_page_through_totalpages(store: FakeWooCommerce) -> None:
    """With two per page, five search hits take three pages; a look-alike address is dropped."""
    store.page_cap = 2
    orders = client(store).orders_for("Sara.Ahmadi@mail.example.com")
    assert [o.order_id for o in orders] == ["728", "727", "729", "730"]
    assert [r["query"]["page"] for r in store.requests] == ["1", "2", "3"]
    assert store.requests[0]["query"]["search"] == SARA
    processing, _, refunded_part, on_hold = orders
    assert (processing.payment_status, processing.fulfillment_status) == ("paid", "unfulfilled")
    assert processing.items[0].personalization == "Gift message: Happy Nowruz & love"  # HTML removed
    assert refunded_part.payment_status == "partially_refunded"
    assert refunded_part.fulfillment_status == "shipped"
    assert refunded_part.shipped_at == datetime(2025, 8, 11, 12, tzinfo=UTC)
    assert (on_hold.payment_status, on_hold.fulfillment_status) == ("pending", "unfulfilled")


def test_status_table_for_refunded_failed_and_pending(store: FakeWooCommerce) -> None:
    """refunded, failed and pending orders map as BACKENDS.md's table says."""
    farid = {o.order_id: o for o in client(store).orders_for("farid@mail.example.com")}
    assert (farid["732"].payment_status, farid["732"].fulfillment_status) == ("refunded", "unfulfilled")
    assert (farid["733"].payment_status, farid["733"].fulfillment_status) == ("failed", "unfulfilled")
    guest = client(store).find_order("740")
    assert guest is not None
    assert (guest.payment_status, guest.fulfillment_status) == ("pending", "unfulfilled")


def test_customer_totals_from_paid_orders_and_tags_from_meta(store: FakeWooCommerce) -> None:
    """LTV counts paid orders per currency; the `tags` meta field holds the owner's tags."""
    customer = client(store).customer(SARA)
    assert customer is not None
    assert store.requests[0]["query"] == {"email": SARA, "role": "all"}
    assert (customer.name, customer.order_count) == ("سارا احمدی", 4)
    assert customer.lifetime_values == MappingProxyType({"EUR": Decimal("137.50")})
    assert customer.lifetime_value == Decimal(0)  # EUR in a USD store, no rate
    assert customer.owner_tags == frozenset({"vip", "no_auto"})
    rated = client(store, rates=MappingProxyType({"EUR": Decimal("1.10")})).customer(SARA)
    assert rated is not None and rated.lifetime_value == Decimal("151.25")


def test_guest_buyer_and_stranger(store: FakeWooCommerce) -> None:
    """A guest with orders but no account has a profile; an unknown address has none."""
    guest = client(store).customer("guest@mail.example.com")
    assert guest is not None
    assert (guest.name, guest.order_count, guest.owner_tags) == ("Gus Guest", 1, frozenset())
    assert client(store).customer("nobody@mail.example.com") is None


def test_wrong_key_is_permanent_and_says_so(store: FakeWooCommerce) -> None:
    """HTTP 401 names the key secrets; no retry."""
    with pytest.raises(PermanentError, match="woocommerce_key"):
        client(store, key="ck_wrong").find_order("727")
    assert len(store.requests) == 1


def test_key_without_read_permission_is_permanent(store: FakeWooCommerce) -> None:
    """HTTP 403 (woocommerce_rest_cannot_view) says to give the key Read access."""
    store.permission = "write"
    with pytest.raises(PermanentError, match="Read access"):
        client(store).orders_for(SARA)


def test_busy_or_broken_site_is_transient(store: FakeWooCommerce) -> None:
    """HTTP 429 is retried then transient; a 500 critical error is transient at once."""
    store.status_override = 429
    with pytest.raises(TransientError, match="429"):
        client(store).find_order("727")
    assert len(store.requests) == HttpSettings("WooCommerce").throttle_attempts
    store.status_override = 500
    with pytest.raises(TransientError, match="500"):
        client(store).customer(SARA)


def test_no_woocommerce_at_that_address_is_permanent(store: FakeWooCommerce) -> None:
    """rest_no_route (WooCommerce not installed there) is PermanentError naming the setting."""
    wrong = WooCommerceOrders(f"{store.url}/blog", KEY, SECRET)
    with pytest.raises(PermanentError, match="woocommerce_url"):
        wrong.orders_for(SARA)


def test_keys_never_travel_in_clear() -> None:
    """Plain http to a real host is refused: basic auth would send the secret readable."""
    with pytest.raises(ConfigError, match="https"):
        WooCommerceOrders("http://shop.example.com", KEY, SECRET)
