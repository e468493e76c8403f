"""The database tables: the one place state lives, so a crash loses nothing and sends nothing twice.

Plain types only, so the same tables work on SQLite and PostgreSQL. Times are stored as
timezone-aware UTC.
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from responder.protocols import aware, utc_now


class InboundStatus(StrEnum):
    """Where a stored email stands: `new` until its outcome is recorded."""

    NEW = "new"
    DONE = "done"
    SHUNTED = "shunted"
    """Set aside for a person (unreadable, failing, or over the attempts)."""


class OutboxState(StrEnum):
    """An outgoing message's state (see outbox.py for the machine)."""

    PENDING = "pending"
    SENDING = "sending"
    SENT = "sent"
    UNKNOWN = "unknown"
    """Maybe sent before a crash; a person decides."""
    FAILED = "failed"
    CANCELLED = "cancelled"


class UtcDateTime(sa.TypeDecorator[datetime]):
    """A timestamp stored as UTC and read back aware in UTC, on SQLite as on PostgreSQL."""

    impl = sa.DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: sa.Dialect) -> datetime | None:
        """Convert to UTC before storing (SQLite would drop any other zone silently)."""
        return None if value is None else aware(value)

    def process_result_value(self, value: datetime | None, dialect: sa.Dialect) -> datetime | None:
        """Aware UTC, whatever the driver returns."""
        return None if value is None else aware(value)


def utc_column(*, nullable: bool = True, index: bool = False) -> sa.Column[datetime]:
    """A UTC timestamp column (every table's times)."""
    return sa.Column(UtcDateTime(), nullable=nullable, index=index)


class MailboxState(SQLModel, table=True):
    """The UIDVALIDITY+UID cursor of one mailbox: every UID up to last_uid is in `inbound`."""

    __tablename__ = "mailbox_state"
    mailbox: str = Field(primary_key=True)
    uidvalidity: int = Field(sa_type=sa.BigInteger)
    last_uid: int = Field(default=0, sa_type=sa.BigInteger)
    last_check_at: datetime | None = Field(default=None, sa_column=utc_column())


class InboundRow(SQLModel, table=True):
    """One email as fetched, with its raw bytes, and the one outcome it ended in."""

    __tablename__ = "inbound"
    __table_args__ = (sa.UniqueConstraint("mailbox", "uidvalidity", "uid"),)
    id: int | None = Field(default=None, primary_key=True)
    mailbox: str = Field(index=True)
    uidvalidity: int = Field(sa_type=sa.BigInteger)
    uid: int = Field(sa_type=sa.BigInteger)
    message_id: str = Field(default="", index=True)
    sha256: str = Field(index=True)
    raw: bytes = Field(sa_type=sa.LargeBinary)
    size: int = 0
    internaldate: datetime | None = Field(default=None, sa_column=utc_column())
    fetched_at: datetime = Field(default_factory=utc_now, sa_column=utc_column(nullable=False))
    status: str = Field(default=InboundStatus.NEW, index=True)
    """new | done | shunted"""
    attempts: int = 0
    outcome: str = ""
    """send | park | skip | shunt"""
    reason: str = ""
    error: str = ""
    kind: str = "customer"
    """customer | owner_reply | bounce | automated"""
    from_addr: str = Field(default="", index=True)
    subject_norm: str = ""
    intent: str = ""
    language: str = ""
    conversation_id: int | None = Field(default=None, index=True)
    processed_at: datetime | None = Field(default=None, sa_column=utc_column(index=True))
    claimed_by: str = ""
    """The worker processing this row; others leave it alone until `claimed_until`."""
    claimed_until: datetime | None = Field(default=None, sa_column=utc_column())
    codes_masked: bool = Field(default=False, sa_column_kwargs={"server_default": sa.false()})
    """Approval codes in `raw` were masked once processed (R76)."""


class Conversation(SQLModel, table=True):
    """A thread with one customer: every message and reply in it, so nobody repeats themselves."""

    __tablename__ = "conversations"
    id: int | None = Field(default=None, primary_key=True)
    customer_email: str = Field(index=True)
    subject: str = ""
    created_at: datetime = Field(default_factory=utc_now, sa_column=utc_column(nullable=False))
    holding_sent: bool = False
    templates_sent: str = ""
    """Space-separated template purposes already sent here, oldest first."""
    reading_intent: str = ""
    """The request this conversation is about (issue 14): intent, problem, requests (space
    separated) and order id, carried over when a reply only answers our question."""
    reading_problem: str = ""
    reading_requests: str = ""
    reading_order_id: str = ""


class ThreadRef(SQLModel, table=True):
    """Maps every Message-ID seen or sent to its conversation (threading by References)."""

    __tablename__ = "thread_refs"
    message_id: str = Field(primary_key=True)
    conversation_id: int = Field(index=True)


class OutboxRow(SQLModel, table=True):
    """A message to send: the exact bytes, committed before any network call."""

    __tablename__ = "outbox"
    __table_args__ = (
        sa.UniqueConstraint("inbound_id", "kind"),
        # the rate caps count recent replies for every email: a covering index keeps that
        # flat while a holiday backlog fills the 10-minute window
        sa.Index("ix_outbox_recent", "created_at", "kind", "state"),
    )
    id: int | None = Field(default=None, primary_key=True)
    inbound_id: int | None = Field(default=None, index=True)
    draft_id: int | None = Field(default=None, index=True)
    kind: str
    """reply | holding | approval | confirmation | alarm"""
    mailbox: str = Field(default="", index=True)
    """The store whose SMTP server sends it; empty: any."""
    message_id: str = Field(unique=True)
    rcpt: str = Field(index=True)
    envelope_from: str = ""
    raw: bytes = Field(sa_type=sa.LargeBinary)
    state: str = Field(default=OutboxState.PENDING, index=True)
    """pending | sending | sent | unknown | failed | cancelled"""
    automatic: bool = True
    """An automatic reply (counts for rate caps; may be resent once when the outcome is unknown)."""
    attempts: int = 0
    last_error: str = ""
    smtp_reply: str = ""
    next_attempt_at: datetime | None = Field(default=None, sa_column=utc_column())
    sending_at: datetime | None = Field(default=None, sa_column=utc_column())
    """When the last attempt started; a row `sending` for too long was left by a crash."""
    sent_by: str = Field(default="", sa_column_kwargs={"server_default": ""})
    """The worker that started the last attempt; if it died, another settles the row at once."""
    created_at: datetime = Field(default_factory=utc_now, sa_column=utc_column(nullable=False, index=True))
    sent_at: datetime | None = Field(default=None, sa_column=utc_column(index=True))
    conversation_id: int | None = Field(default=None, index=True)
    codes_masked: bool = Field(default=False, sa_column_kwargs={"server_default": sa.false()})
    """The approval code in `raw` was masked once spent (used, expired or draft decided, R76)."""


class DraftRow(SQLModel, table=True):
    """A reply parked until an approver decides."""

    __tablename__ = "drafts"
    id: int | None = Field(default=None, primary_key=True)
    inbound_id: int = Field(index=True)
    conversation_id: int | None = None
    state: str = Field(default="parked", index=True)
    """parked | held | sent | rejected | superseded"""
    customer_email: str = ""
    subject: str = ""
    language: str = "en"
    template: str = ""
    intent: str = ""
    text: str = ""
    html: str = ""
    facts_json: str = "{}"
    reasons_json: str = "[]"
    priority: int = 3
    approver_group: str = "owner"
    content_sha256: str = ""
    created_at: datetime = Field(default_factory=utc_now, sa_column=utc_column(nullable=False))
    decided_at: datetime | None = Field(default=None, sa_column=utc_column())
    decided_by: str = ""
    result: str = ""
    """unchanged | edited | rejected: how the approver answered (learning from the owner)"""
    note: str = ""
    reminders: int = Field(default=0, sa_column_kwargs={"server_default": "0"})
    """Reminder stages sent to the approvers (0, 1, 2 = urgent); -1: HOLD, no more reminders."""


class AuditRow(SQLModel, table=True):
    """Every decision with its reasons."""

    __tablename__ = "audit"
    id: int | None = Field(default=None, primary_key=True)
    inbound_id: int | None = Field(default=None, index=True)
    at: datetime = Field(default_factory=utc_now, sa_column=utc_column(nullable=False))
    stage: str
    action: str = ""
    detail_json: str = "{}"


class BlockedAddress(SQLModel, table=True):
    """An address our mail bounced from: not written to until `until`."""

    __tablename__ = "blocked_addresses"
    address: str = Field(primary_key=True)
    until: datetime = Field(sa_column=utc_column(nullable=False))
    status: str = ""
    reason: str = ""


def block_active(until: datetime | None, now: datetime) -> bool:
    """True when a block that lasts `until` (None: no block) is still in force at `now`."""
    return until is not None and aware(until) > now


class Setting(SQLModel, table=True):
    """Small runtime switches the owner sets by email (e.g. paused)."""

    __tablename__ = "settings"
    key: str = Field(primary_key=True)
    value: str = ""
