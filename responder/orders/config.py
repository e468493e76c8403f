"""The [orders] section of config.toml."""

from __future__ import annotations

from typing import Literal

from pydantic import Field, model_validator

from responder.config_base import StrictModel


class OrdersConfig(StrictModel):
    """Where orders and customer profiles come from."""

    type: Literal["local", "shopify", "woocommerce"] = "local"
    """local: the responder's own tables, filled by `responder orders import FILE.csv`;
    shopify: the store's Shopify GraphQL Admin API (token in the secret `shopify_token`);
    woocommerce: the store's WooCommerce REST API (secrets `woocommerce_key`, `woocommerce_secret`)."""
    shopify_base_url: str = ""
    """e.g. https://your-shop.myshopify.com (needed when type = shopify)."""
    shopify_timeout: float = Field(default=10, gt=0)
    """Seconds to wait for Shopify before treating the lookup as a transient failure."""
    shopify_api_version: str = Field(default="2025-10", pattern=r"^\d{4}-\d{2}$")
    """The GraphQL Admin API version asked for; the default is the one responder is tested with."""
    woocommerce_url: str = ""
    """The WordPress site, e.g. https://shop.example (needed when type = woocommerce)."""
    woocommerce_timeout: float = Field(default=10, gt=0)
    """Seconds to wait for WooCommerce before treating the lookup as a transient failure."""
    woocommerce_tags_meta: str = "tags"
    """The customer meta field holding the owner's tags, e.g. `vip, no_auto`; empty: none."""
    requests_per_second: float = Field(default=4, gt=0, le=50)
    """At most this many requests per second to the shop (small hosting must not see bursts)."""
    @model_validator(mode="after")
    def _backend_needs_url(self) -> OrdersConfig:
        if self.type == "shopify" and not self.shopify_base_url.startswith(("https://", "http://")):
            raise ValueError("type = 'shopify' needs shopify_base_url, e.g. 'https://<shop>.myshopify.com'")
        if self.type == "woocommerce" and not self.woocommerce_url.startswith(("https://", "http://")):
            raise ValueError("type = 'woocommerce' needs woocommerce_url, e.g. 'https://shop.example'")
        return self
