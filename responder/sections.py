"""The sections of config.toml that belong to no feature package: the store, the mailbox,
SMTP, the database, the guards, the pipeline and the health alarms.

Feature packages keep their own section beside them (approval/config.py, orders/config.py...);
`responder.config` composes all of them into `Config`. These live apart from that composition
so the mail adapters, the guards and the service can take their section without importing
the whole config (and, through it, every feature package).
"""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from responder.config_base import StrictModel


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

    @property
    def domain(self) -> str:
        """The support address's domain, lower-case: our Message-IDs and loop token carry it."""
        return self.support_address.rsplit("@", 1)[-1].lower()


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


class HealthConfig(StrictModel):
    """The [health] section: when to email the owner that something is stuck."""

    stall_minutes: int = Field(default=30, ge=1)
    """No successful mailbox check for this long raises the `stall` alarm."""
    outbox_stuck_minutes: int = Field(default=60, ge=1)
    """Replies waiting, failed or in doubt for this long raise the `outbox_stuck` alarm."""
    shunted_per_day: int = Field(default=5, ge=1)
    """This many emails set aside for a person in 24 hours raise the `shunted` alarm."""
    metrics_port: int = Field(default=0, ge=0, le=65535)
    """Serve Prometheus metrics on 127.0.0.1 at this port; 0 turns them off."""
    check_seconds: float = Field(default=60.0, gt=0)
    """How often the checks run (also while the mailbox is unreachable)."""
