"""The base every config section derives from: frozen, strict, unknown keys rejected."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict


class StrictModel(BaseModel):
    """A config section: typed, defaulted, immutable; an unknown key is an error."""

    model_config = ConfigDict(
        extra="forbid", frozen=True, strict=False, validate_default=True, use_attribute_docstrings=True
    )
