"""The [orders] config section and the factory that builds the order source from it."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from pydantic import ValidationError
from sqlalchemy import Engine

from responder.orders import LocalOrders, ShopifyOrders, WooCommerceOrders, build_order_source
from responder.orders.config import OrdersConfig
from responder.orders.csvimport import import_csv

URL = "https://demo.myshopify.com/admin/api/2024-10"


def test_local_is_the_default(engine: Engine) -> None:
    """Without settings the source is the local tables, and no secret is asked for."""

    def no_secret(name: str) -> str:
        raise AssertionError(f"secret {name} must not be read")

    source = build_order_source(OrdersConfig(), engine, 500, no_secret)
    assert isinstance(source, LocalOrders)


def test_shopify_reads_its_token(engine: Engine) -> None:
    """type = shopify builds ShopifyOrders and fetches the shopify_token secret."""
    asked: list[str] = []

    def secret(name: str) -> str:
        asked.append(name)
        return "shpat_x"

    cfg = OrdersConfig(type="shopify", shopify_base_url=URL)
    assert isinstance(build_order_source(cfg, engine, 500, secret), ShopifyOrders)
    assert asked == ["shopify_token"]


def test_shopify_without_url_is_rejected() -> None:
    """type = shopify without a base URL fails validation, and unknown keys are refused."""
    with pytest.raises(ValidationError, match="shopify_base_url"):
        OrdersConfig(type="shopify")
    with pytest.raises(ValidationError, match="extra"):
        OrdersConfig.model_validate({"vip_ltv": 500})


def test_woocommerce_reads_key_and_secret(engine: Engine) -> None:
    """type = woocommerce builds WooCommerceOrders with both secrets, in that order."""
    asked: list[str] = []

    def secret(name: str) -> str:
        asked.append(name)
        return f"value-of-{name}"

    cfg = OrdersConfig(type="woocommerce", woocommerce_url="https://shop.example")
    source = build_order_source(cfg, engine, 500, secret)
    assert isinstance(source, WooCommerceOrders)
    assert source.api == "https://shop.example/wp-json/wc/v3"
    assert asked == ["woocommerce_key", "woocommerce_secret"]


def test_woocommerce_without_url_is_rejected() -> None:
    """type = woocommerce needs its URL."""
    with pytest.raises(ValidationError, match="woocommerce_url"):
        OrdersConfig(type="woocommerce")


def test_rates_reach_the_lifetime_value(engine: Engine, tmp_path: Path) -> None:
    """[policy] rates given to the factory count EUR orders in a USD store."""
    csv = tmp_path / "o.csv"
    csv.write_text("order_id,email,total,currency\n1,a@x.example,100,EUR\n", encoding="utf-8")
    import_csv(csv, engine)
    plain = build_order_source(OrdersConfig(), engine, 500, str, currency="USD")
    rated = build_order_source(OrdersConfig(), engine, 500, str, currency="USD",
                               rates={"EUR": Decimal("1.5")})
    assert plain.customer("a@x.example").lifetime_value == 0  # type: ignore[union-attr]
    assert rated.customer("a@x.example").lifetime_value == Decimal("150.00")  # type: ignore[union-attr]
