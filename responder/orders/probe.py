"""`check-config` for the order backend: one authenticated read, problems in plain words."""

from __future__ import annotations

from collections.abc import Callable

from responder.errors import ResponderError
from responder.orders.config import OrdersConfig
from responder.orders.http import HttpSettings
from responder.orders.shopify import ShopifyOrders
from responder.orders.shopify_queries import REQUIRED_SCOPES
from responder.orders.woocommerce import WooCommerceOrders

SHOPIFY_HOW = ("add it in Shopify admin > Settings > Apps and sales channels > Develop apps > "
               "your app > Configuration > Admin API access scopes, then install the app again")


def check_orders(cfg: OrdersConfig, secret_fn: Callable[[str], str]) -> list[str]:
    """Every problem with the configured backend; empty when it answers and may read all."""
    try:
        if cfg.type == "shopify":
            return _shopify(cfg, secret_fn)
        if cfg.type == "woocommerce":
            return _woocommerce(cfg, secret_fn)
    except ResponderError as exc:
        return [f"orders ({cfg.type}): {exc}"]
    return []


def _shopify(cfg: OrdersConfig, secret_fn: Callable[[str], str]) -> list[str]:
    shop = ShopifyOrders(cfg.shopify_base_url, secret_fn("shopify_token"),
                         settings=HttpSettings("Shopify", cfg.shopify_timeout, throttle_attempts=2),
                         api_version=cfg.shopify_api_version)
    try:
        granted = shop.granted_scopes()
    finally:
        shop.close()
    return [
        f"orders (shopify): the access token lacks the {scope} scope, so the responder cannot "
        f"see {what}: {SHOPIFY_HOW}"
        for scope, what in REQUIRED_SCOPES.items() if scope not in granted
    ]


def _woocommerce(cfg: OrdersConfig, secret_fn: Callable[[str], str]) -> list[str]:
    store = WooCommerceOrders(cfg.woocommerce_url, secret_fn("woocommerce_key"),
                              secret_fn("woocommerce_secret"),
                              settings=HttpSettings("WooCommerce", cfg.woocommerce_timeout,
                                                    throttle_attempts=2))
    try:
        store.probe()
    finally:
        store.close()
    return []
