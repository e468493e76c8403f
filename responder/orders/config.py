"""The [orders] section of config.toml."""

from __future__ import annotations

from typing import Literal

from pydantic import Field, model_validator

from responder.config_base import StrictModel


class OrdersConfig(StrictModel):
    """Where orders and customer profiles come from."""

    type: Literal["local", "shopify"] = "local"
    """local: the responder's own tables, filled by `responder orders import FILE.csv`;
    shopify: the store's Shopify Admin REST API (token in the secret `shopify_token`)."""
    shopify_base_url: str = ""
    """e.g. https://your-shop.myshopify.com/admin/api/2024-10 (needed when type = shopify)."""
    shopify_timeout: float = Field(default=10, gt=0)
    """Seconds to wait for Shopify before treating the lookup as a transient failure."""

    @model_validator(mode="after")
    def _shopify_needs_url(self) -> OrdersConfig:
        if self.type == "shopify" and not self.shopify_base_url.startswith(("https://", "http://")):
            raise ValueError(
                "type = 'shopify' needs shopify_base_url, "
                "e.g. 'https://<shop>.myshopify.com/admin/api/2024-10'"
            )
        return self
