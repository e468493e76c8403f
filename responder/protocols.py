"""The seams: every stage that touches the world, or that a later issue swaps, is a Protocol.

Real adapters and test fakes are passed in through constructors by the composition root
(`wiring.py`); nothing is patched by import path. Time is a `Callable[[], datetime]`
(`utc_now` below, a fixed clock in tests) everywhere.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Protocol, overload

from responder.models import (
    Customer,
    Decision,
    Draft,
    Inbound,
    Order,
    PolicyInput,
    RateStats,
    ThreadFacts,
    Triage,
)


def utc_now() -> datetime:
    """The real clock, in UTC: the default `now` of everything that takes one."""
    return datetime.now(UTC)


@overload
def aware(value: datetime) -> datetime: ...
@overload
def aware(value: None) -> None: ...
def aware(value: datetime | None) -> datetime | None:
    """A time in UTC; a naive one (SQLite, a CSV export, IMAP) is taken to be UTC already."""
    if value is None:
        return None
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


class Triager(Protocol):
    """Works out what an email is about."""

    def classify(self, inbound: Inbound) -> Triage:
        """Language, intent with confidence, extracted ids and signals of one email."""
        ...


class OrderSource(Protocol):
    """Where orders and customer profiles come from (local tables, Shopify, ...)."""

    def find_order(self, order_id: str) -> Order | None:
        """The order with this id (as the customer wrote it, normalised), or None."""
        ...

    def orders_for(self, email: str) -> Sequence[Order]:
        """Orders placed by this address, newest first."""
        ...

    def customer(self, email: str) -> Customer | None:
        """The profile of the customer with this address, or None for a stranger."""
        ...


class Policy(Protocol):
    """Decides what to do; pure."""

    def decide(self, data: PolicyInput) -> Decision:
        """The decision for one email, with its reasons."""
        ...


class Drafter(Protocol):
    """Renders the reply the decision asks for, in the customer's language."""

    def draft(self, decision: Decision, data: PolicyInput, inbound: Inbound) -> Draft:
        """The reply; raises TemplateFailed when the template cannot be rendered safely."""
        ...

    def holding(self, data: PolicyInput, inbound: Inbound, decision: Decision) -> Draft:
        """The short acknowledgement sent while a person decides."""
        ...


class Polisher(Protocol):
    """Optionally rewrites a draft; returns it unchanged (with notes) on any doubt."""

    def polish(self, draft: Draft, inbound: Inbound, decision: Decision) -> Draft:
        """A friendlier draft stating exactly the same facts, or the original draft."""
        ...


class History(Protocol):
    """What the store remembers about earlier mail (rate caps, conversations)."""

    def rates(self, inbound: Inbound) -> RateStats:
        """Recent activity of this sender and thread, this email excluded."""
        ...

    def thread(self, inbound: Inbound) -> ThreadFacts:
        """Templates and holding replies already sent in this email's conversation."""
        ...


@dataclass(frozen=True)
class SelectInfo:
    """What SELECT told us about the mailbox."""

    uidvalidity: int
    uidnext: int
    has_idle: bool
    keywords_allowed: bool


@dataclass(frozen=True)
class Fetched:
    """One message as fetched: raw bytes (headers only when it was over the size cap)."""

    uid: int
    raw: bytes
    size: int
    internaldate: datetime | None
    truncated: bool = False


class Mailbox(Protocol):
    """The support mailbox (IMAP); blocking calls, run in a worker thread.

    Every call raises MailboxUnavailable when the connection is lost (AuthFailed when the
    login is refused); the daemon reconnects.
    """

    @property
    def info(self) -> SelectInfo | None:
        """What the last SELECT said; None while not connected."""
        ...

    def connect(self) -> SelectInfo:
        """Log in and select the configured mailbox."""
        ...

    def new_uids(self, after: int) -> list[int]:
        """UIDs above `after`, ascending."""
        ...

    def fetch(self, uids: list[int]) -> list[Fetched]:
        """These messages' bytes (headers only above the size cap)."""
        ...

    def wait(self, stop: threading.Event, max_seconds: float) -> bool:
        """Block until new mail (True), `stop` or `max_seconds` (IDLE, or a poll)."""
        ...

    def append(self, folder: str, raw: bytes) -> None:
        """Store a copy of what we sent in `folder`."""
        ...

    def folder_has(self, folder: str, message_id: str) -> bool:
        """True when `folder` holds a message with this Message-ID."""
        ...

    def close(self) -> None:
        """Log out, or drop a broken connection."""
        ...


class Sender(Protocol):
    """Submits exact bytes to one recipient (SMTP)."""

    @property
    def smtputf8(self) -> bool:
        """The server offered SMTPUTF8 when probed (R73)."""
        ...

    async def probe(self) -> None:
        """Connect once at start, so a wrong setting fails early."""
        ...

    async def send(self, raw: bytes, envelope_from: str, rcpt: str) -> str:
        """The server's reply when accepted; SendDeferred: try later, SendRejected: never."""
        ...

    async def close(self) -> None:
        """Say QUIT, or drop a broken connection."""
        ...
