"""The [orders] section of config.toml."""

from __future__ import annotations

from responder.config_base import StrictModel


class OrdersConfig(StrictModel):
    """Settings of the orders stage (filled in by its issue)."""
