"""The [triage] section of config.toml."""

from __future__ import annotations

from responder.config_base import StrictModel


class TriageConfig(StrictModel):
    """Settings of the triage stage (filled in by its issue)."""
