"""ShopifyOrders against a fake GraphQL Admin API on loopback (tests/integration/fake_shopify.py)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from decimal import Decimal
from types import MappingProxyType

import pytest

from responder.errors import ConfigError, PermanentError, TransientError
from responder.orders.http import HttpSettings
from responder.orders.money import Valuation
from responder.orders.shopify import ShopifyOrders
from responder.orders.shopify_cost import CostBucket

from .fake_http import serving
from .fake_shopify import TOKEN, VERSION, FakeShopify, recorded

pytestmark = pytest.mark.integration


@pytest.fixture
def shop() -> Iterator[FakeShopify]:
    """The fake shop with the recorded orders and customers."""
    with serving(FakeShopify(recorded("orders.json"), recorded("customers.json"))) as server:
        yield server


def client(shop: FakeShopify, token: str = TOKEN, **valuation: object) -> ShopifyOrders:
    """A ShopifyOrders pointed at the fake shop, fast rate limit."""
    return ShopifyOrders(shop.url, token, valuation=Valuation(**valuation),  # type: ignore[arg-type]
                         settings=HttpSettings("Shopify", timeout=5, requests_per_second=50, max_wait=0.2))


def test_find_order_maps_fulfillment_tracking_items_and_properties(shop: FakeShopify) -> None:
    """Order #1001 comes by name with the token; the live delivered shipment and properties map."""
    order = client(shop).find_order("#١٠٠١")
    assert order is not None
    sent = shop.requests[0]
    assert (sent["path"], sent["token"]) == (f"/admin/api/{VERSION}/graphql.json", TOKEN)
    assert sent["variables"]["query"] == 'name:"#1001" OR name:"1001"'
    assert (order.order_id, order.email, order.name) == ("1001", "bob.norman@mail.example.com", "Bob Norman")
    assert (order.total, order.currency) == (Decimal("598.94"), "USD")
    assert (order.payment_status, order.fulfillment_status) == ("paid", "delivered")
    assert (order.carrier, order.tracking_number) == ("USPS", "9400111899223197428490")
    assert order.tracking_url.endswith("qtc_tLabels1=9400111899223197428490")
    assert order.shipped_at == datetime(2025, 9, 11, 14, 45, 23, tzinfo=UTC)
    assert order.delivered_at == datetime(2025, 9, 14, 19, 2, 10, tzinfo=UTC)
    assert order.expected_delivery == datetime(2025, 9, 15, tzinfo=UTC)
    assert [(i.sku, i.quantity, i.price) for i in order.items] == [
        ("IPOD2008GREEN", 1, Decimal("199.0")), ("IPOD2008RED", 2, Decimal("199.97"))]
    assert order.items[0].personalization == "Engraving: For Anna, love B."
    assert order.items[1].personalization == ""
    assert order.expected_weight_grams == 1100
    assert order.shipping_address == "Chestnut Street 92, Louisville, 40202, Kentucky, United States"


def test_loose_name_search_keeps_only_the_exact_order(shop: FakeShopify) -> None:
    """Shopify's search also returns #10010 for #1001; only the exact name is taken."""
    assert client(shop).find_order("10010") is not None
    found = client(shop).find_order("1001")
    assert found is not None and found.order_id == "1001"
    assert client(shop).find_order("ORD-42") is None


def test_order_found_with_the_prefix_the_customer_added(shop: FakeShopify) -> None:
    """`ORD-1003` in a shop naming orders `#1003`: searched by number too, and found."""
    order = client(shop).find_order("ord-1003")
    assert order is not None and order.order_id == "1003"
    assert shop.requests[0]["variables"]["query"] == 'name:"#1003" OR name:"1003" OR name:"ORD-1003"'


def test_orders_for_pages_through_cursors_newest_first(shop: FakeShopify) -> None:
    """With two orders per page, three orders take two requests, the second with the cursor."""
    shop.page_cap = 2
    orders = client(shop).orders_for("Bob.Norman@mail.example.com")
    assert [o.order_id for o in orders] == ["1003", "1001", "1002"]
    cursors = [r["variables"]["after"] for r in shop.requests]
    assert cursors[0] is None and cursors[1] and len(cursors) == 2
    disputed, _, cancelled = orders
    assert (disputed.payment_status, disputed.fulfillment_status) == ("disputed", "shipped")
    assert disputed.items[0].personalization == "Gift note: Happy birthday"
    assert (cancelled.payment_status, cancelled.fulfillment_status) == ("refunded", "cancelled")
    assert cancelled.name == "Robert Norman"


def test_customer_has_shopifys_totals_and_the_owners_tags(shop: FakeShopify) -> None:
    """amountSpent and numberOfOrders are Shopify's; its tags are the owner's, kept apart."""
    customer = client(shop).customer("BOB.NORMAN@mail.example.com")
    assert customer is not None
    assert shop.requests[0]["variables"]["query"] == 'email:"bob.norman@mail.example.com"'
    assert (customer.name, customer.order_count) == ("Bob Norman", 3)
    assert customer.lifetime_value == Decimal("718.94")
    assert customer.lifetime_values == MappingProxyType({"USD": Decimal("718.94")})
    assert customer.owner_tags == frozenset({"vip", "wholesale"})
    assert customer.tags == frozenset({"vip"})  # over 500: the responder's own tag
    assert client(shop).customer("someone@example.com") is None


def test_foreign_currency_counts_only_at_the_owners_rate(shop: FakeShopify) -> None:
    """480 EUR is 0 in a USD store without a rate, 518.40 at EUR = 1.08 (then VIP)."""
    plain = client(shop).customer("jo.lee@mail.example.com")
    assert plain is not None and plain.lifetime_value == Decimal(0) and not plain.tags
    assert plain.owner_tags == frozenset({"no_auto"})
    rated = client(shop, rates=MappingProxyType({"EUR": Decimal("1.08")})).customer("jo.lee@mail.example.com")
    assert rated is not None and rated.lifetime_value == Decimal("518.40") and rated.tags == {"vip"}


def test_throttled_answers_are_waited_out(shop: FakeShopify) -> None:
    """Two THROTTLED answers, then the data: the lookup succeeds on the third request."""
    shop.throttle = 2
    assert client(shop).find_order("1001") is not None
    assert len(shop.requests) == 3


def test_low_bucket_slows_the_next_query_down(shop: FakeShopify) -> None:
    """The shop reports 12 of the 52 points left: the next query first waits 0.4 s."""
    slept: list[float] = []
    shop.available = 12
    orders = client(shop)
    orders.bucket = CostBucket(5, clock=lambda: 0.0, sleep=slept.append)  # time stands still
    orders.find_order("1001")
    assert slept == []
    orders.find_order("1002")
    assert slept == [pytest.approx(0.4)]


def test_throttling_that_does_not_clear_is_transient(shop: FakeShopify) -> None:
    """Throttled on every try: TransientError after the configured attempts, no more."""
    shop.throttle = 100
    with pytest.raises(TransientError, match="throttled"):
        client(shop).customer("bob.norman@mail.example.com")
    assert len(shop.requests) == HttpSettings("Shopify").throttle_attempts


def test_http_429_is_retried_and_503_is_transient(shop: FakeShopify) -> None:
    """HTTP 429 with Retry-After is retried then reported transient; 503 is transient at once."""
    shop.status_override = 429
    with pytest.raises(TransientError, match="429"):
        client(shop).find_order("1001")
    assert len(shop.requests) == 4
    shop.status_override = 503
    with pytest.raises(TransientError, match="503"):
        client(shop).customer("bob.norman@mail.example.com")
    assert len(shop.requests) == 5


def test_missing_scope_is_permanent_and_names_it(shop: FakeShopify) -> None:
    """Without read_customers the customer lookup fails for good, naming the scope."""
    shop.scopes.discard("read_customers")
    with pytest.raises(PermanentError, match="read_customers"):
        client(shop).customer("bob.norman@mail.example.com")
    assert len(shop.requests) == 1


def test_bad_token_is_permanent(shop: FakeShopify) -> None:
    """HTTP 401 raises PermanentError naming the token secret."""
    with pytest.raises(PermanentError, match="shopify_token"):
        client(shop, token="wrong").find_order("1001")
    assert shop.requests[0]["token"] == "wrong"


def test_wrong_api_version_is_permanent(shop: FakeShopify) -> None:
    """A 404 for the API path itself (wrong shop or version) is PermanentError."""
    wrong = ShopifyOrders(shop.url, TOKEN, api_version="1999-01")
    with pytest.raises(PermanentError, match="shopify_base_url"):
        wrong.find_order("1001")


def test_old_rest_url_still_finds_the_graphql_endpoint(shop: FakeShopify) -> None:
    """A config written for the REST backend (…/admin/api/2024-10) keeps working."""
    old = ShopifyOrders(f"{shop.url}/admin/api/2024-10", TOKEN)
    assert old.endpoint == f"{shop.url}/admin/api/{VERSION}/graphql.json"
    assert old.find_order("1001") is not None


def test_unreachable_shop_is_transient(shop: FakeShopify) -> None:
    """A refused connection raises TransientError."""
    url = shop.url
    shop.shutdown()
    shop.server_close()
    with pytest.raises(TransientError, match="cannot reach"):
        ShopifyOrders(url, TOKEN, settings=HttpSettings("Shopify", timeout=2)).find_order("1001")


def test_only_https_urls_outside_loopback() -> None:
    """A file: URL or plain http to a real host is refused: the token would travel in clear."""
    with pytest.raises(ConfigError, match="shopify_base_url"):
        ShopifyOrders("file:///etc/passwd", TOKEN)
    with pytest.raises(ConfigError, match="https"):
        ShopifyOrders("http://shop.example.com", TOKEN)
