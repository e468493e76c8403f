"""The [approval] section of config.toml."""

from __future__ import annotations

from responder.config_base import StrictModel


class ApprovalConfig(StrictModel):
    """Settings of the approval stage (filled in by its issue)."""
