"""The [policy] section of config.toml."""

from __future__ import annotations

from responder.config_base import StrictModel


class PolicyConfig(StrictModel):
    """Settings of the policy stage (filled in by its issue)."""
