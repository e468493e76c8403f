"""The outbox sender: exact stored bytes, never dropped, doubled only in one stated case.

pending --commit sending--> SMTP --250--> commit sent --> APPEND to Sent
A row found `sending` at start is reconciled by searching the Sent folder for its
Message-ID before anything is resent (docs/reliability.md T29, T30).

What "once" means: the one gap no database closes is a crash after the SMTP server's 250
and before the `sent` commit. Then the Sent folder decides. A provider that files submitted
mail in Sent itself (Gmail) lets reconcile mark the row sent. A plain relay keeps no copy
(and our own APPEND to Sent comes after the commit), so an automatic reply goes out once
more, the same bytes with the same Message-ID: the customer may get it twice. An approved
reply is not resent; it waits as `unknown` for a person. Every other crash point neither
loses nor doubles a reply.
"""

from __future__ import annotations

import asyncio
import logging
import os
import random
import socket
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta

import sqlalchemy as sa
from sqlalchemy.engine import Engine
from sqlmodel import Session, col, or_, select
from tenacity import (
    AsyncRetrying,
    retry_if_exception_type,
    stop_after_attempt,
    wait_random_exponential,
)

from responder.errors import MailboxUnavailable, SendDeferred, SendRejected
from responder.protocols import Mailbox, Sender
from responder.sections import ImapConfig, SmtpConfig
from responder.service.bounce_handler import CUSTOMER_KINDS, is_blocked
from responder.store.db import session
from responder.store.locks import is_dead
from responder.store.tables import OutboxRow, OutboxState

log = logging.getLogger(__name__)
SETTLE_EVERY = 5.0
"""Seconds between looks for sends a dead process left behind (PostgreSQL only)."""


@dataclass(frozen=True)
class OutboxConfig:
    """The settings the sender reads; replaced as a whole on reload."""

    smtp: SmtpConfig
    imap: ImapConfig


@dataclass
class Outbox:
    """Sends what the processor queued."""

    engine: Engine
    cfg: OutboxConfig
    smtp: Sender
    imap: Mailbox
    """Where the Sent folder is: searched after a crash, and given a copy of each reply."""
    now: Callable[[], datetime]
    hook: Callable[[str], None] = lambda _point: None
    quick_retry_wait: float = 1.0
    """Seconds of jittered wait between the quick retries (0 in tests)."""
    mailbox: str = ""
    """Send rows of this store (and rows of no store in particular)."""
    shared: bool = False
    """Several processes share the database: only settle `sending` rows that are orphaned."""
    worker: str = field(default_factory=lambda: f"{socket.gethostname()}:{os.getpid()}")
    """This process, as named in claims and liveness locks (see daemon)."""
    _last_settle: float = field(default=0.0, init=False, repr=False)
    _one_at_a_time: asyncio.Lock = field(default_factory=asyncio.Lock, init=False, repr=False)

    async def reconcile(self) -> int:
        """Settle rows left `sending` by a crash: sent if Sent has them, else resend or park."""
        query = select(OutboxRow).where(OutboxRow.state == OutboxState.SENDING,
                                        col(OutboxRow.mailbox).in_((self.mailbox, "")))
        with Session(self.engine) as s:
            rows = [r for r in s.exec(query).all() if not self.shared or self._orphaned(s, r)]
        for row in rows:
            await self._settle(row)
        return len(rows)

    def _orphaned(self, s: Session, row: OutboxRow) -> bool:
        """A `sending` row another process left: its sender died, or it is long overdue."""
        if row.sent_by and row.sent_by != self.worker:
            return is_dead(s.connection(), row.sent_by)
        stale = self.now() - timedelta(seconds=self.cfg.smtp.data_timeout + 60)
        return row.sending_at is None or row.sending_at < stale

    async def _settle(self, row: OutboxRow) -> None:
        try:
            found = await asyncio.to_thread(self.imap.folder_has, self.cfg.imap.sent_folder,
                                            row.message_id)
        except MailboxUnavailable:
            log.warning("cannot check Sent for %s yet; trying again later", row.message_id)
            return
        with session(self.engine) as s:
            fresh = s.get(OutboxRow, row.id, with_for_update=True)
            if fresh is None or fresh.state != OutboxState.SENDING:
                return
            if found:
                fresh.state, fresh.sent_at = OutboxState.SENT, fresh.sent_at or self.now()
                fresh.last_error = "found in Sent after a restart"
            elif fresh.automatic and fresh.attempts <= 1:
                fresh.state = OutboxState.PENDING  # resend once, same bytes and Message-ID
                fresh.last_error = "outcome unknown after a restart: resending once"
            else:
                fresh.state = OutboxState.UNKNOWN  # may have been sent: a person decides
                fresh.last_error = "may have been sent before a crash; not resent automatically"
            s.add(fresh)
        log.info("%s reconciled: %s", row.message_id, "in Sent" if found else "not in Sent")

    def due(self, limit: int = 100) -> list[int]:
        """Ids of rows ready to send, oldest first."""
        query = sa.select(col(OutboxRow.id)).where(
            col(OutboxRow.state) == OutboxState.PENDING, col(OutboxRow.mailbox).in_((self.mailbox, "")),
            or_(col(OutboxRow.next_attempt_at).is_(None),
                col(OutboxRow.next_attempt_at) <= self.now()),
        ).order_by(col(OutboxRow.id)).limit(limit)
        with self.engine.connect() as conn:
            return [i for i in conn.execute(query).scalars() if i is not None]

    async def flush(self, stop: asyncio.Event | threading.Event | None = None) -> int:
        """Send due rows, oldest first, until none is left or `stop` is set; returns how many went."""
        if self.shared and time.monotonic() - self._last_settle > SETTLE_EVERY:
            self._last_settle = time.monotonic()  # another process may have died mid-send
            await self.reconcile()
        sent = 0
        async with self._one_at_a_time:  # one SMTP conversation at a time
            while not (stop is not None and stop.is_set()):
                ids = await asyncio.to_thread(self.due)
                if not ids:
                    break
                progress = 0
                for row_id in ids:
                    if stop is not None and stop.is_set():
                        break
                    progress += await self.send_one(row_id)
                sent += progress
                if not progress:  # every row deferred, refused or taken: try them later
                    break
        return sent

    async def send_one(self, row_id: int) -> int:
        """Send one row through its state machine; 1 if it went out."""
        row = self._mark_sending(row_id)
        if row is None:
            return 0
        try:
            reply = await self._submit(row)
        except SendRejected as exc:
            self._finish(row_id, OutboxState.FAILED, str(exc))
            return 0
        except SendDeferred as exc:
            self._defer(row_id, str(exc))
            return 0
        self.hook("after_smtp")
        self._finish(row_id, OutboxState.SENT, reply)
        await self._copy_to_sent(row)
        return 1

    def _mark_sending(self, row_id: int) -> OutboxRow | None:
        """Commit pending -> sending (attempts+1) before any network call; a detached copy."""
        with self.engine.begin() as conn:
            # The row lock makes the pending -> sending step exclusive across processes.
            found = conn.execute(_PENDING, {"row_id": row_id}).first()
            if found is None:
                return None
            row = OutboxRow(**found._asdict())
            if row.kind in CUSTOMER_KINDS and is_blocked(conn, row.rcpt, self.now()):
                conn.execute(_UPDATE, {"row_id": row_id, "state": OutboxState.CANCELLED,
                                       "last_error": "not sent: the address bounced for good"})
                log.warning("%s to %s not sent: address blocked after a bounce", row.message_id, row.rcpt)
                return None
            row.state, row.attempts, row.sending_at = OutboxState.SENDING, row.attempts + 1, self.now()
            row.sent_by = self.worker
            conn.execute(_UPDATE, {"row_id": row_id, "state": row.state, "attempts": row.attempts,
                                   "sending_at": row.sending_at, "sent_by": row.sent_by})
            return row

    async def _submit(self, row: OutboxRow) -> str:
        retrying = AsyncRetrying(
            retry=retry_if_exception_type(SendDeferred), stop=stop_after_attempt(2),
            wait=wait_random_exponential(multiplier=self.quick_retry_wait, max=5), reraise=True)
        async for attempt in retrying:
            with attempt:
                return await self.smtp.send(row.raw, row.envelope_from, row.rcpt)
        raise SendDeferred("unreachable")  # pragma: no cover

    def _finish(self, row_id: int, state: OutboxState, reply: str) -> None:
        values: dict[str, object] = {"row_id": row_id, "state": state}
        if state == OutboxState.SENT:
            values.update(smtp_reply=reply[:500], sent_at=self.now())
        else:
            values["last_error"] = reply[:500]
        with self.engine.begin() as conn:
            done = conn.execute(_FINISH, values).first()
        if done is not None and state != OutboxState.SENT:
            log.error("%s to %s refused for good: %s", done[0], done[1], reply)

    def _defer(self, row_id: int, error: str) -> None:
        with session(self.engine) as s:
            row = s.get(OutboxRow, row_id)
            if row is None:
                return
            row.last_error = error[:500]
            if row.attempts >= self.cfg.smtp.max_attempts:
                row.state = OutboxState.FAILED
                log.error("%s to %s gave up after %d attempts: %s", row.message_id, row.rcpt,
                          row.attempts, error)
            else:
                row.state = OutboxState.PENDING
                row.next_attempt_at = self.now() + _backoff(row.attempts)
                log.warning("%s deferred (%s); next try %s", row.message_id, error,
                            row.next_attempt_at.isoformat())
            s.add(row)

    async def _copy_to_sent(self, row: OutboxRow) -> None:
        if not self.cfg.imap.append_to_sent:
            return
        try:
            await asyncio.to_thread(self.imap.append, self.cfg.imap.sent_folder, row.raw)
        except MailboxUnavailable as exc:  # the reply went out; a missing copy is cosmetic
            log.warning("%s sent, but storing it in Sent failed: %s", row.message_id, exc)


_SENDING = ("id", "kind", "message_id", "rcpt", "envelope_from", "raw", "state", "automatic",
            "attempts")
"""The columns the sender reads from a row it is about to send."""
_PENDING = sa.select(*(col(getattr(OutboxRow, c)) for c in _SENDING)).where(
    col(OutboxRow.id) == sa.bindparam("row_id"),
    col(OutboxRow.state) == OutboxState.PENDING).with_for_update()
_UPDATE = sa.update(OutboxRow).where(col(OutboxRow.id) == sa.bindparam("row_id"))
"""Sets the columns named in the parameters (besides row_id)."""
_FINISH = _UPDATE.returning(col(OutboxRow.message_id), col(OutboxRow.rcpt))


def _backoff(attempts: int) -> timedelta:
    # 1, 2, 4 ... minutes with jitter, capped at an hour (FreeScout retries hourly).
    base = min(60.0, 2.0 ** max(0, attempts - 1))
    return timedelta(minutes=base * random.uniform(0.8, 1.2))
