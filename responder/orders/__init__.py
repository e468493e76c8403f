"""Order data: local tables with CSV import, or a shop backend, chosen by `[orders] type`."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

from sqlalchemy import Engine

from responder.orders.config import OrdersConfig
from responder.orders.local import LocalOrders
from responder.orders.shopify import ShopifyOrders
from responder.protocols import OrderSource

__all__ = ["LocalOrders", "ShopifyOrders", "build_order_source"]


def build_order_source(
    cfg: OrdersConfig,
    engine: Engine,
    vip_ltv: Decimal | int | float,
    secret_fn: Callable[[str], str],
) -> OrderSource:
    """The order source the config asks for; the Shopify token comes from `secret_fn`."""
    if cfg.type == "shopify":
        return ShopifyOrders(
            cfg.shopify_base_url,
            secret_fn("shopify_token"),
            vip_ltv=vip_ltv,
            timeout=cfg.shopify_timeout,
        )
    return LocalOrders(engine, vip_ltv=vip_ltv)
