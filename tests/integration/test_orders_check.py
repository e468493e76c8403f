"""check-config's order backend check: one authenticated read, problems in plain words."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from responder.config import secret
from responder.orders.config import OrdersConfig
from responder.orders.probe import check_orders

from .conftest import write_config
from .fake_http import serving
from .fake_shopify import TOKEN, FakeShopify
from .fake_woocommerce import KEY, SECRET, FakeWooCommerce
from .test_check_config import check

pytestmark = pytest.mark.integration


@pytest.fixture
def shopify() -> Iterator[FakeShopify]:
    """An empty fake Shopify."""
    with serving(FakeShopify([], [])) as server:
        yield server


@pytest.fixture
def woo() -> Iterator[FakeWooCommerce]:
    """An empty fake WooCommerce."""
    with serving(FakeWooCommerce([], [])) as server:
        yield server


def secrets(**values: str) -> dict[str, str]:
    """Secrets by name, as config.secret() would return them."""
    return values


def shopify_problems(shop: FakeShopify, token: str = TOKEN) -> list[str]:
    """check_orders for a Shopify config pointing at the fake."""
    cfg = OrdersConfig(type="shopify", shopify_base_url=shop.url)
    return check_orders(cfg, secrets(shopify_token=token).__getitem__)


def test_shopify_with_every_scope_passes(shopify: FakeShopify) -> None:
    """A token with read_orders, read_customers and read_fulfillments: no problem, one read."""
    assert shopify_problems(shopify) == []
    assert len(shopify.requests) == 1


def test_shopify_missing_scopes_are_named_with_what_they_hide(shopify: FakeShopify) -> None:
    """Each missing scope is one sentence: the scope, what cannot be seen, where to add it."""
    shopify.scopes -= {"read_customers", "read_fulfillments"}
    problems = shopify_problems(shopify)
    assert len(problems) == 2
    assert "lacks the read_customers scope" in problems[0] and "lifetime value" in problems[0]
    assert "read_fulfillments" in problems[1] and "tracking numbers" in problems[1]
    assert all("Admin API access scopes" in p for p in problems)


def test_shopify_wrong_token_is_one_plain_problem(shopify: FakeShopify) -> None:
    """A refused token says which secret to replace."""
    [problem] = shopify_problems(shopify, token="shpat_wrong")
    assert problem.startswith("orders (shopify):") and "shopify_token" in problem


def test_missing_secret_is_reported_not_raised(shopify: FakeShopify,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    """No token configured: the check names the secret and its environment variable."""
    monkeypatch.delenv("RESPONDER_SHOPIFY_TOKEN", raising=False)
    monkeypatch.delenv("CREDENTIALS_DIRECTORY", raising=False)
    cfg = OrdersConfig(type="shopify", shopify_base_url=shopify.url)
    [problem] = check_orders(cfg, secret)
    assert "RESPONDER_SHOPIFY_TOKEN" in problem


def woo_problems(store: FakeWooCommerce, key: str = KEY) -> list[str]:
    """check_orders for a WooCommerce config pointing at the fake."""
    cfg = OrdersConfig(type="woocommerce", woocommerce_url=store.url)
    return check_orders(cfg, secrets(woocommerce_key=key, woocommerce_secret=SECRET).__getitem__)


def test_woocommerce_key_with_read_access_passes(woo: FakeWooCommerce) -> None:
    """Orders and customers both readable: no problem."""
    assert woo_problems(woo) == []
    assert [r["path"] for r in woo.requests] == ["/wp-json/wc/v3/orders", "/wp-json/wc/v3/customers"]


def test_woocommerce_401_means_wrong_key(woo: FakeWooCommerce) -> None:
    """A wrong consumer key reads as such."""
    [problem] = woo_problems(woo, key="ck_wrong")
    assert "consumer key or secret is wrong" in problem


def test_woocommerce_403_means_no_read_permission(woo: FakeWooCommerce) -> None:
    """A write-only key reads as a missing Read permission, with where to change it."""
    woo.permission = "write"
    [problem] = woo_problems(woo)
    assert "no read permission" in problem and "Settings > Advanced > REST API" in problem


def test_check_config_command_reports_a_missing_scope(tmp_path: Path, dovecot: object, sink: object,
                                                      shopify: FakeShopify) -> None:
    """The real `responder check-config` prints the missing scope and exits non-zero."""
    shopify.scopes.discard("read_orders")
    orders = f'\n[orders]\ntype = "shopify"\nshopify_base_url = "{shopify.url}"\n'
    config = write_config(tmp_path, dovecot, sink, orders)  # type: ignore[arg-type]
    result = check(config, RESPONDER_SHOPIFY_TOKEN=TOKEN)
    assert result.returncode == 1, result.stdout + result.stderr
    assert "lacks the read_orders scope" in result.stderr
