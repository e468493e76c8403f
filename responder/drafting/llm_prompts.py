"""Versioned prompt files: `prompts/<name>.v<N>.system.txt` and `.user.txt`.

Placeholders use `string.Template` (`$draft`, `$customer`, `$tone`, `$intents`): each value
is inserted once and never parsed again, so customer text cannot reach the template syntax.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from string import Template

from responder.errors import ConfigError

BUNDLED = Path(__file__).resolve().parents[2] / "prompts"
CANARY = re.compile(r"rsp-canary-[0-9a-f]+")


@dataclass(frozen=True)
class Prompt:
    """One prompt version: system and user text with their placeholders."""

    version: str
    system: Template
    user: Template

    def render(self, **values: str) -> tuple[str, str]:
        """The system and user message with every placeholder filled."""
        try:
            return self.system.substitute(values), self.user.substitute(values)
        except (KeyError, ValueError) as exc:
            raise ConfigError(f"prompt {self.version}: bad placeholder {exc}") from exc


def prompts_dir(configured: str) -> Path:
    """The configured prompt folder, or the one shipped with responder."""
    return Path(configured) if configured else BUNDLED


def load(folder: Path, version: str) -> Prompt:
    """Read one prompt version; a missing file is a configuration error naming the path."""
    texts = []
    for part in ("system", "user"):
        path = folder / f"{version}.{part}.txt"
        try:
            texts.append(path.read_text(encoding="utf-8"))
        except OSError as exc:
            raise ConfigError(f"{path}: cannot read prompt file ({exc.strerror})") from exc
    return Prompt(version, Template(texts[0]), Template(texts[1]))
