"""The [templates] and [llm] sections of config.toml."""

from __future__ import annotations

from responder.config_base import StrictModel


class TemplatesConfig(StrictModel):
    """Where reply templates live and which the owner overrides."""


class LLMConfig(StrictModel):
    """The optional OpenAI-compatible endpoint that polishes drafts."""
