"""Print a config.toml with every setting, its default and its description.

Usage: .venv/bin/python scripts/gen_config.py > config.example.toml
"""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

from pydantic import BaseModel

from responder.config import Config


def toml_value(value: Any) -> str:
    """A TOML literal for a default value."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float, Decimal)):
        return str(value)
    if isinstance(value, (tuple, list, frozenset, set)):
        return "[" + ", ".join(toml_value(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{ " + ", ".join(f"{k} = {toml_value(v)}" for k, v in value.items()) + " }"
    if value is None:
        return '""'
    return json.dumps(str(value), ensure_ascii=False)


def section(name: str, model: type[BaseModel], values: BaseModel) -> list[str]:
    """One [section] with a comment above each key."""
    lines = [f"[{name}]"]
    doc = (model.__doc__ or "").strip().splitlines()
    if doc:
        lines.insert(0, f"# {doc[0]}")
    for key, field in model.model_fields.items():
        desc = (field.description or "").strip()
        for line in desc.splitlines():
            lines.append(f"# {line.strip()}")
        value = getattr(values, key)
        if value is None:  # no default: show a valid example to uncomment, never `key = ""`
            example = field.examples[0] if field.examples else None
            if example is not None:
                lines.append(f"# {key} = {toml_value(example)}")
            continue
        lines.append(f"{key} = {toml_value(value)}")
    return [*lines, ""]


def main() -> None:
    """Write the whole file to stdout."""
    cfg = Config()
    out = ["# responder settings. Every key is optional; the value shown is the default.",
           "# Passwords and keys never go here: see README, 'Secrets'.", ""]
    for name, field in Config.model_fields.items():
        model = field.annotation
        assert isinstance(model, type) and issubclass(model, BaseModel)
        out += section(name, model, getattr(cfg, name))
    print("\n".join(out))


if __name__ == "__main__":
    main()
