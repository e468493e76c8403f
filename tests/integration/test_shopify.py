"""ShopifyOrders against a real HTTP server on loopback serving Admin REST API shaped JSON."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from datetime import UTC, datetime
from decimal import Decimal
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest

from responder.errors import ConfigError, PermanentError, TransientError
from responder.orders.shopify import ShopifyOrders

pytestmark = pytest.mark.integration

FIXTURES = Path(__file__).parents[1] / "data" / "orders" / "shopify"
TOKEN = "shpat_test_0123456789"
API = "/admin/api/2024-10"


class FakeShop(ThreadingHTTPServer):
    """A loopback server answering the three endpoints ShopifyOrders uses."""

    status = 200
    requests: list[tuple[str, dict[str, list[str]], str]]


class Handler(BaseHTTPRequestHandler):
    """Serves the fixture JSON; records path, query and access token of each request."""

    server: FakeShop

    def do_GET(self) -> None:
        """Answer one GET like the Admin API would."""
        url = urlsplit(self.path)
        query = parse_qs(url.query)
        token = self.headers.get("X-Shopify-Access-Token", "")
        self.server.requests.append((url.path, query, token))
        body = self._body(url.path, query)
        status = self.server.status if body is not None else 404
        payload = body if status == 200 and body is not None else b'{"errors":"Not Found"}'
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)

    def _body(self, path: str, query: dict[str, list[str]]) -> bytes | None:
        if path == f"{API}/orders.json" and query.get("name") == ["#1001"]:
            return (FIXTURES / "orders_1001.json").read_bytes()
        if path == f"{API}/orders.json" and query.get("name"):
            return b'{"orders":[]}'
        if path == f"{API}/orders.json" and query.get("email"):
            return (FIXTURES / "orders_by_email.json").read_bytes()
        if path == f"{API}/customers/search.json":
            found = query.get("query") == ["email:bob.norman@mail.example.com"]
            return (FIXTURES / "customers_search.json").read_bytes() if found else b'{"customers":[]}'
        return None

    def log_message(self, format: str, *args: object) -> None:
        """Keep the test output quiet."""


@pytest.fixture
def shop() -> Iterator[FakeShop]:
    """The fake shop, serving on an ephemeral loopback port in a thread."""
    server = FakeShop(("127.0.0.1", 0), Handler)
    server.requests = []
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()
    thread.join()


def client(shop: FakeShop, token: str = TOKEN) -> ShopifyOrders:
    """A ShopifyOrders pointed at the fake shop."""
    host, port = shop.server_address[:2]
    return ShopifyOrders(f"http://{host!s}:{port}{API}", token, vip_ltv=500, timeout=5)


def test_find_order_maps_fulfillment_and_items(shop: FakeShop) -> None:
    """Order #1001 is fetched by name with the token and mapped field by field."""
    order = client(shop).find_order("#١٠٠١")
    assert order is not None
    assert shop.requests == [(f"{API}/orders.json", {"name": ["#1001"], "status": ["any"]}, TOKEN)]
    assert (order.order_id, order.email) == ("1001", "bob.norman@mail.example.com")
    assert (order.total, order.currency) == (Decimal("598.94"), "USD")
    assert (order.payment_status, order.fulfillment_status) == ("partially_refunded", "delivered")
    assert (order.carrier, order.tracking_number) == ("USPS", "1Z2345")
    assert order.tracking_url.endswith("qtc_tLabels1=1Z2345")
    assert order.shipped_at == datetime(2024, 10, 1, 14, 45, 23, tzinfo=UTC)
    assert order.delivered_at == datetime(2024, 10, 4, 19, 2, 10, tzinfo=UTC)
    assert order.created_at == datetime(2008, 1, 10, 16, 0, tzinfo=UTC)
    assert [i.sku for i in order.items] == ["IPOD2008GREEN", "IPOD2008RED", "IPOD2008BLACK"]
    assert order.items[0].price == Decimal("199.00")
    assert order.name == "Bob Norman"
    assert order.shipping_address == "Chestnut Street 92, Louisville, 40202, Kentucky, United States"
    assert order.expected_weight_grams is None


def test_unknown_order_is_none(shop: FakeShop) -> None:
    """A name Shopify does not know gives None, not an error."""
    assert client(shop).find_order("ORD-42") is None
    assert shop.requests[0][1]["name"] == ["ORD-42"]


def test_orders_for_maps_refunded_and_in_transit(shop: FakeShop) -> None:
    """Orders by email come newest first; cancelled refunds and in-transit shipments map."""
    orders = client(shop).orders_for("Bob.Norman@mail.example.com")
    assert shop.requests[0][1]["email"] == ["bob.norman@mail.example.com"]
    assert [o.order_id for o in orders] == ["1003", "1002"]
    shipped, refunded = orders
    assert (shipped.fulfillment_status, shipped.carrier) == ("shipped", "UPS")
    assert shipped.tracking_url == "https://www.ups.com/track?tracknum=1Z999AA10123456784"
    assert shipped.delivered_at is None
    assert shipped.expected_weight_grams == 120
    assert (refunded.payment_status, refunded.fulfillment_status) == ("refunded", "cancelled")
    assert refunded.total == Decimal("49.00")


def test_customer_profile(shop: FakeShop) -> None:
    """The customer search maps total spent, order count and tags, and adds VIP over 500."""
    customer = client(shop).customer("BOB.NORMAN@mail.example.com")
    assert customer is not None
    assert shop.requests[0][:2] == (
        f"{API}/customers/search.json",
        {"query": ["email:bob.norman@mail.example.com"]},
    )
    assert (customer.name, customer.order_count) == ("Bob Norman", 3)
    assert customer.lifetime_value == Decimal("623.94")
    assert customer.tags == frozenset({"léon", "noël", "vip"})
    assert client(shop).customer("someone@example.com") is None


def test_rate_limit_is_transient(shop: FakeShop) -> None:
    """HTTP 429 and 503 raise TransientError, so the caller retries later."""
    shop.status = 429
    with pytest.raises(TransientError, match="429"):
        client(shop).find_order("1001")
    shop.status = 503
    with pytest.raises(TransientError, match="503"):
        client(shop).customer("bob.norman@mail.example.com")


def test_bad_token_is_permanent(shop: FakeShop) -> None:
    """HTTP 401 and 403 raise PermanentError naming the token secret."""
    shop.status = 401
    with pytest.raises(PermanentError, match="shopify_token"):
        client(shop, token="wrong").find_order("1001")
    assert shop.requests[0][2] == "wrong"
    shop.status = 403
    with pytest.raises(PermanentError, match="403"):
        client(shop).orders_for("bob.norman@mail.example.com")


def test_wrong_shop_url_is_permanent(shop: FakeShop) -> None:
    """A 404 for the API path itself (wrong shop or version) is PermanentError."""
    host, port = shop.server_address[:2]
    wrong = ShopifyOrders(f"http://{host!s}:{port}/admin/api/1999-01", TOKEN)
    with pytest.raises(PermanentError, match="shopify_base_url"):
        wrong.find_order("1001")


def test_unreachable_shop_is_transient(shop: FakeShop) -> None:
    """A refused connection raises TransientError."""
    host, port = shop.server_address[:2]
    shop.shutdown()
    shop.server_close()
    with pytest.raises(TransientError, match="cannot reach"):
        ShopifyOrders(f"http://{host!s}:{port}{API}", TOKEN, timeout=2).find_order("1001")


def test_non_http_url_is_a_config_error() -> None:
    """Only http(s) base URLs are accepted, so no file: URL can ever be opened."""
    with pytest.raises(ConfigError, match="shopify_base_url"):
        ShopifyOrders("file:///etc/passwd", TOKEN)
