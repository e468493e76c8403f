"""config.toml -> frozen, strict models; secrets from the environment or systemd credentials.

A wrong or unknown key fails with the file and the dotted key, e.g.
`config.toml: imap.idle_renew_secondz: unknown setting`. Passwords never live in the TOML:
each secret has a systemd credential name and an environment variable (see `secret()`).
"""

from __future__ import annotations

import os
import tomllib
from pathlib import Path

from pydantic import ValidationError

from responder.approval.config import ApprovalConfig, ApprovalSettings
from responder.config_base import StrictModel, expected
from responder.drafting.config import LLMConfig, TemplatesConfig
from responder.errors import ConfigError
from responder.orders.config import OrdersConfig
from responder.policy.config import PolicyConfig
from responder.sections import (
    DatabaseConfig,
    GuardsConfig,
    HealthConfig,
    ImapConfig,
    PipelineConfig,
    SmtpConfig,
    StoreConfig,
)
from responder.triage.config import TriageConfig

__all__ = [  # the sections stay importable from here
    "SECRET_ENV", "Config", "DatabaseConfig", "GuardsConfig", "HealthConfig", "ImapConfig",
    "PipelineConfig", "SmtpConfig", "StoreConfig", "credential_file", "describe", "load", "secret",
]


class Config(StrictModel):
    """The whole config.toml."""

    store: StoreConfig = StoreConfig()
    imap: ImapConfig = ImapConfig()
    smtp: SmtpConfig = SmtpConfig()
    database: DatabaseConfig = DatabaseConfig()
    guards: GuardsConfig = GuardsConfig()
    pipeline: PipelineConfig = PipelineConfig()
    triage: TriageConfig = TriageConfig()
    orders: OrdersConfig = OrdersConfig()
    policy: PolicyConfig = PolicyConfig()
    templates: TemplatesConfig = TemplatesConfig()
    llm: LLMConfig = LLMConfig()
    approval: ApprovalConfig = ApprovalConfig()
    health: HealthConfig = HealthConfig()

    def for_approval(self) -> ApprovalSettings:
        """The sections the approval stage reads."""
        return ApprovalSettings(self.store, self.approval, self.imap, self.smtp, self.policy)


def load(path: Path) -> Config:
    """Read and validate config.toml; relative paths inside it are relative to its folder."""
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read the config file ({exc.strerror})") from exc
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: not valid TOML: {exc}") from exc
    try:
        return Config.model_validate(data)
    except ValidationError as exc:
        raise ConfigError(describe(path, exc)) from exc


def describe(path: Path, exc: ValidationError) -> str:
    """One line per problem: `file: dotted.key: what is wrong`."""
    lines = []
    for err in exc.errors():
        key = ".".join(str(p) for p in err["loc"])
        msg = "unknown setting" if err["type"] == "extra_forbidden" else (
            expected(Config, err["loc"], err["type"]) or err["msg"])
        lines.append(f"{path}: {key}: {msg}")
    return "\n".join(lines)


SECRET_ENV = {
    "imap_password": "RESPONDER_IMAP_PASSWORD",
    "smtp_password": "RESPONDER_SMTP_PASSWORD",
    "hmac_key": "RESPONDER_HMAC_KEY",
    "openai_api_key": "RESPONDER_OPENAI_API_KEY",
    "shopify_token": "RESPONDER_SHOPIFY_TOKEN",
    "woocommerce_key": "RESPONDER_WOOCOMMERCE_KEY",
    "woocommerce_secret": "RESPONDER_WOOCOMMERCE_SECRET",
}


def secret(name: str, *, required: bool = True) -> str:
    """A secret from the systemd credentials (see `credential_file`) or its environment variable."""
    env = SECRET_ENV[name]
    found = credential_file(name)
    if found is not None:
        try:
            return found.read_text(encoding="utf-8").strip()
        except OSError as exc:
            raise ConfigError(f"secret {name!r}: cannot read {found} ({exc.strerror})") from exc
    value = os.environ.get(env, "")
    if value or not required:
        return value
    raise ConfigError(
        f"secret {name!r} is missing: put it in the file /etc/responder/credentials/{name} "
        f"(the service loads that folder; run commands with sudo), or set the environment "
        f"variable {env}"
    )


def credential_file(name: str) -> Path | None:
    """`$CREDENTIALS_DIRECTORY/<name>`, or `responder_<name>` as systemd names the files of a
    whole folder loaded with `LoadCredential=responder:/etc/responder/credentials`."""
    folder = os.environ.get("CREDENTIALS_DIRECTORY")
    if not folder:
        return None
    for candidate in (Path(folder) / name, Path(folder) / f"responder_{name}"):
        if candidate.is_file():
            return candidate
    return None
