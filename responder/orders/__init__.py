"""Order data: local tables with CSV import, or a shop backend, chosen by `[orders] type`."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from decimal import Decimal
from types import MappingProxyType

from sqlalchemy import Engine

from responder.orders.config import OrdersConfig
from responder.orders.http import HttpSettings
from responder.orders.local import LocalOrders
from responder.orders.money import Valuation
from responder.orders.shopify import ShopifyOrders
from responder.orders.woocommerce import WooCommerceOrders
from responder.protocols import OrderSource

__all__ = ["LocalOrders", "ShopifyOrders", "WooCommerceOrders", "build_order_source", "valuation"]


def valuation(vip_ltv: Decimal | int | float, currency: str, rates: Mapping[str, Decimal]) -> Valuation:
    """How lifetime value is counted: in `currency`, with the owner's fixed rates."""
    return Valuation(currency, MappingProxyType(dict(rates)), Decimal(str(vip_ltv)))


def build_order_source(
    cfg: OrdersConfig,
    engine: Engine,
    vip_ltv: Decimal | int | float,
    secret_fn: Callable[[str], str],
    *,
    currency: str = "USD",
    rates: Mapping[str, Decimal] | None = None,
) -> OrderSource:
    """The order source the config asks for; shop credentials come from `secret_fn`."""
    value = valuation(vip_ltv, currency, rates or {})
    if cfg.type == "shopify":
        settings = HttpSettings("Shopify", cfg.shopify_timeout, cfg.requests_per_second)
        return ShopifyOrders(cfg.shopify_base_url, secret_fn("shopify_token"), valuation=value,
                             settings=settings, api_version=cfg.shopify_api_version)
    if cfg.type == "woocommerce":
        settings = HttpSettings("WooCommerce", cfg.woocommerce_timeout, cfg.requests_per_second)
        return WooCommerceOrders(cfg.woocommerce_url, secret_fn("woocommerce_key"),
                                 secret_fn("woocommerce_secret"), valuation=value,
                                 settings=settings, tags_meta=cfg.woocommerce_tags_meta)
    return LocalOrders(engine, valuation=value)
