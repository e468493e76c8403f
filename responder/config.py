"""config.toml -> frozen, strict models; secrets from the environment or systemd credentials.

A wrong or unknown key fails with the file and the dotted key, e.g.
`config.toml: imap.idle_renew_secondz: unknown setting`. Passwords never live in the TOML:
each secret has a systemd credential name and an environment variable (see `secret()`).
"""

from __future__ import annotations

import os
import tomllib
from pathlib import Path
from typing import Literal

from pydantic import Field, ValidationError

from responder.approval.config import ApprovalConfig
from responder.config_base import StrictModel, expected
from responder.drafting.config import LLMConfig, TemplatesConfig
from responder.errors import ConfigError
from responder.health import HealthConfig
from responder.orders.config import OrdersConfig
from responder.policy.config import PolicyConfig
from responder.triage.config import TriageConfig


class StoreConfig(StrictModel):
    """Who the store is and which addresses are its own."""

    name: str = Field(default="", examples=["Blue Mug Co."])
    """Your store's name as customers know it; replies are signed with it. Empty: "The customer
    care team" (check-config reminds you)."""
    support_address: str = "support@shop.example"
    """The mailbox customers write to; replies come from here."""
    aliases: tuple[str, ...] = ()
    """Other addresses of the store (never answered, count as 'addressed to us')."""
    owner_address: str = "owner@shop.example"
    """Where alarms and confirmations go."""
    default_language: str = "en"
    timezone: str = "UTC"
    owner_language: Literal["en", "ar", "fa"] = "en"
    """The language of what the owner reads: approval emails, confirmations, reminders and
    the report ("ar" and "fa" are written right to left). Commands work in all three."""
    owner_calendar: Literal["gregorian", "persian"] = "gregorian"
    """Dates in the report and approval emails; "persian" (Solar Hijri) needs the
    `responder[persian]` extra (jdatetime)."""


class ImapConfig(StrictModel):
    """The support mailbox."""

    host: str = "127.0.0.1"
    port: int = Field(default=993, ge=1, le=65535)
    security: Literal["ssl", "starttls", "none"] = "ssl"
    username: str = "support@shop.example"
    mailbox: str = "INBOX"
    sent_folder: str = "Sent"
    append_to_sent: bool = True
    """Store each reply in the Sent folder; turn off when the provider does it (Gmail)."""
    idle_renew_seconds: int = Field(default=600, ge=10, le=1740)
    """Re-issue IDLE at least this often (RFC 2177 says under 29 minutes)."""
    poll_seconds: int = Field(default=60, ge=1)
    """How often to check for mail when the server has no IDLE."""
    connect_timeout: float = Field(default=15, gt=0)
    read_timeout: float = Field(default=60, gt=0)
    batch_size: int = Field(default=200, ge=1, le=5000)
    max_message_bytes: int = Field(default=25_000_000, ge=10_000)
    auth_failure_alert: int = Field(default=5, ge=1)
    """After this many refused logins in a row the owner is told."""


class SmtpConfig(StrictModel):
    """Where replies are submitted."""

    host: str = "127.0.0.1"
    port: int = Field(default=587, ge=1, le=65535)
    security: Literal["ssl", "starttls", "none"] = "starttls"
    username: str = ""
    """Empty: no login (a local relay)."""
    envelope_from: str = ""
    """MAIL FROM for automatic replies: `<>` when empty and allowed, else a bounce address."""
    timeout: float = Field(default=60, gt=0)
    data_timeout: float = Field(default=600, gt=0)
    """How long to wait for the server to accept the message (RFC 5321 says 10 minutes)."""
    max_attempts: int = Field(default=6, ge=1)


class DatabaseConfig(StrictModel):
    """Where state lives: SQLite file by default, PostgreSQL to scale out."""

    url: str = "sqlite:///var/responder.db"


class GuardsConfig(StrictModel):
    """Loop prevention and rate caps (docs/reliability.md R1-R16)."""

    sender_max_per_3h: int = Field(default=10, ge=1)
    same_subject_max_per_3h: int = Field(default=2, ge=1)
    thread_max_replies_per_24h: int = Field(default=3, ge=1)
    global_max_replies_per_10min: int = Field(default=60, ge=1)
    bounce_block_days: int = Field(default=60, ge=0)
    sender_max_replies_per_24h: int = Field(default=5, ge=1)
    """R74: automatic replies one address may get in 24 hours; beyond it, a person answers."""


class PipelineConfig(StrictModel):
    """How hard to try on an email before giving it to a person."""

    max_attempts: int = Field(default=3, ge=1)


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
