"""Ingestion: fetched mail becomes `inbound` rows, committed together with the UID cursor.

At-least-once from IMAP plus idempotent inserts keyed in the database gives exactly-once
processing. A UIDVALIDITY change never causes a second reply (T11): known mail
is matched by Message-ID and SHA-256, and unknown old mail is parked, not answered.
"""

from __future__ import annotations

import hashlib
import logging
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine
from sqlmodel import Session, col, or_, select

from responder.protocols import Fetched, aware, utc_now
from responder.store.db import session
from responder.store.locks import is_dead
from responder.store.tables import InboundRow, InboundStatus, MailboxState

log = logging.getLogger(__name__)
RESYNC_GRACE = timedelta(hours=1)
LEASE = timedelta(seconds=30)
REFUSED = (sa.exc.StatementError, ValueError, ArithmeticError)
"""What a database (or its driver, binding a value) raises for a row it will not store."""
_MSGID = re.compile(rb"^message-id:[ \t]*(<[^>\r\n]*>)", re.I | re.M)


@dataclass(frozen=True)
class Cursor:
    """Where ingestion stands in a mailbox."""

    last_uid: int
    resynced: bool
    """UIDVALIDITY changed: old unknown mail must not be answered automatically."""


def open_cursor(engine: Engine, mailbox: str, uidvalidity: int) -> Cursor:
    """The stored cursor for `mailbox`, reset (without losing history) if UIDVALIDITY changed."""
    with session(engine) as s:
        state = s.get(MailboxState, mailbox)
        if state is None:
            s.add(MailboxState(mailbox=mailbox, uidvalidity=uidvalidity, last_uid=0))
            return Cursor(0, resynced=False)
        if state.uidvalidity == uidvalidity:
            return Cursor(state.last_uid, resynced=False)
        log.warning("%s: UIDVALIDITY changed %s -> %s; rebuilding the cursor without replying "
                    "again to known mail", mailbox, state.uidvalidity, uidvalidity)
        state.uidvalidity, state.last_uid = uidvalidity, 0
        s.add(state)
        return Cursor(0, resynced=True)


def store_batch(engine: Engine, mailbox: str, uidvalidity: int, batch: Sequence[Fetched],
                *, resynced: bool) -> int:
    """Insert new rows for a batch and advance the cursor, in one transaction; returns rows added.

    A row the database refuses does not hold up its batch (R72): the batch is stored again
    one row at a time, and the refused row is kept as a quarantined (shunted) row."""
    if not batch:
        return 0
    try:
        return _store(engine, mailbox, uidvalidity, batch, resynced=resynced)
    except sa.exc.OperationalError:
        raise  # the database is unreachable or busy: the batch is fetched again
    except REFUSED as exc:
        log.warning("%s: the database refused a batch (%s); storing it row by row", mailbox,
                    type(getattr(exc, "orig", None) or exc).__name__)
    added = 0
    for item in batch:  # each in its own transaction: known UIDs are skipped after a crash
        try:
            added += _store(engine, mailbox, uidvalidity, [item], resynced=resynced)
        except sa.exc.OperationalError:
            raise
        except REFUSED as exc:
            added += _quarantine(engine, mailbox, uidvalidity, item, exc)
    return added


def _store(engine: Engine, mailbox: str, uidvalidity: int, batch: Sequence[Fetched],
           *, resynced: bool) -> int:
    with session(engine) as s:
        cutoff = _resync_cutoff(s, mailbox) if resynced else None
        rows = _new_rows(s.connection(), mailbox, uidvalidity, batch, cutoff)
        if rows:
            s.connection().execute(sa.insert(InboundRow), rows)
        _advance(s, mailbox, batch)
    return len(rows)


def _advance(s: Session, mailbox: str, batch: Sequence[Fetched]) -> None:
    state = s.get(MailboxState, mailbox)
    if state is not None:
        state.last_uid = max(state.last_uid, *(f.uid for f in batch))
        state.last_check_at = utc_now()
        s.add(state)


def _quarantine(engine: Engine, mailbox: str, uidvalidity: int, item: Fetched,
                exc: Exception) -> int:
    """Keep the bytes as a shunted row with only values any database takes; 1 if stored."""
    reason = (f"R72: quarantined: the database refused this email ({type(exc).__name__}); "
              "the bytes are kept as received, a person should look at it")
    row = InboundRow(mailbox=mailbox, uidvalidity=uidvalidity, uid=item.uid,
                     sha256=hashlib.sha256(item.raw).hexdigest(), raw=item.raw,
                     size=len(item.raw), status=InboundStatus.SHUNTED, outcome="shunt", reason=reason,
                     error=str(exc)[:500].replace("\x00", ""))
    try:
        with session(engine) as s:
            s.connection().execute(sa.insert(InboundRow), [row.model_dump(exclude={"id"})])
            _advance(s, mailbox, [item])
    except sa.exc.OperationalError:
        raise
    except REFUSED:  # not even the bytes: it stays in the mailbox, untouched
        log.exception("%s uid %s: cannot be stored at all; left in the mailbox", mailbox, item.uid)
        with session(engine) as s:
            _advance(s, mailbox, [item])
        return 0
    log.error("%s uid %s: %s", mailbox, item.uid, reason)
    return 1


def _new_rows(conn: Connection, mailbox: str, uidvalidity: int, batch: Sequence[Fetched],
              cutoff: datetime | None) -> list[dict[str, Any]]:
    """Rows for the mail not stored yet: a UID already known, or the same bytes with the same
    Message-ID (a UIDVALIDITY change, or a copy in the same batch), is skipped."""
    digests = {f.uid: hashlib.sha256(f.raw).hexdigest() for f in batch}
    known_uids = set(conn.execute(_KNOWN_UIDS, {"mailbox": mailbox, "uidvalidity": uidvalidity,
                                                "uids": list(digests)}).scalars())
    known = conn.execute(_KNOWN_MAIL, {"mailbox": mailbox,
                                       "digests": list(set(digests.values()))}).all()
    by_digest: dict[str, set[str]] = {}
    for digest, msgid in known:
        by_digest.setdefault(digest, set()).add(msgid)
    rows = []
    for item in batch:
        digest, msgid = digests[item.uid], _message_id(item.raw)
        seen = by_digest.get(digest)
        if item.uid in known_uids or (seen is not None and (not msgid or msgid in seen)):
            continue
        known_uids.add(item.uid)
        by_digest.setdefault(digest, set()).add(msgid)
        rows.append(_row(mailbox, uidvalidity, item, digest, msgid, cutoff).model_dump(exclude={"id"}))
    return rows


def _row(mailbox: str, uidvalidity: int, item: Fetched, digest: str, msgid: str,
         cutoff: datetime | None) -> InboundRow:
    row = InboundRow(mailbox=mailbox, uidvalidity=uidvalidity, uid=item.uid, message_id=msgid,
                     sha256=digest, raw=item.raw, size=item.size, internaldate=item.internaldate)
    if item.truncated:
        row.status, row.outcome = InboundStatus.SHUNTED, "shunt"
        row.reason = f"too large: {item.size} bytes (imap.max_message_bytes); headers kept"
    elif cutoff is not None and item.internaldate is not None and item.internaldate < cutoff:
        row.kind = "resync"  # the pipeline parks these instead of answering
    return row


_KNOWN_UIDS = sa.select(col(InboundRow.uid)).where(
    col(InboundRow.mailbox) == sa.bindparam("mailbox"),
    col(InboundRow.uidvalidity) == sa.bindparam("uidvalidity"),
    col(InboundRow.uid).in_(sa.bindparam("uids", expanding=True)))
_KNOWN_MAIL = sa.select(col(InboundRow.sha256), col(InboundRow.message_id)).where(
    col(InboundRow.mailbox) == sa.bindparam("mailbox"),
    col(InboundRow.sha256).in_(sa.bindparam("digests", expanding=True)))


def _resync_cutoff(s: Session, mailbox: str) -> datetime | None:
    newest = s.exec(select(sa.func.max(InboundRow.internaldate)).where(
        InboundRow.mailbox == mailbox, col(InboundRow.processed_at).is_not(None))).first()
    if newest is None:
        return None
    return aware(newest) - RESYNC_GRACE


def _message_id(raw: bytes) -> str:
    head = raw.split(b"\r\n\r\n", 1)[0].split(b"\n\n", 1)[0]
    found = _MSGID.search(head)
    # NUL removed (R72): PostgreSQL refuses it in text, and it would fail the whole batch
    return found.group(1).decode("ascii", "replace").replace("\x00", "").strip() if found else ""


def claim(engine: Engine, mailbox: str, limit: int, worker: str, now: datetime,
          lease: timedelta = LEASE, *, shared: bool = True) -> list[int]:
    """Claim up to `limit` waiting rows for `worker`, oldest first; ids of the rows claimed.

    `FOR UPDATE SKIP LOCKED` lets any number of processes claim at once on PostgreSQL
    (SQLite has one writer and ignores it). A claim is a lease: rows of a worker that died
    are taken over once it runs out. Correctness does not rest on the lease: the outcome
    is recorded only if the row is still `new` (see processor).
    """
    query = select(InboundRow).where(InboundRow.mailbox == mailbox, InboundRow.status == InboundStatus.NEW)
    with session(engine) as s:
        if shared:  # one process alone (SQLite) owns every claim, including a crashed run's
            free = [worker, *_dead_workers(s, mailbox, worker, now)]
            query = query.where(or_(col(InboundRow.claimed_until).is_(None),
                                    col(InboundRow.claimed_until) < now,
                                    col(InboundRow.claimed_by).in_(free)))
        rows = s.exec(query.order_by(col(InboundRow.id)).limit(limit)
                      .with_for_update(skip_locked=True)).all()
        for row in rows:
            row.claimed_by, row.claimed_until = worker, now + lease
            s.add(row)
        return [r.id for r in rows if r.id is not None]


def _dead_workers(s: Session, mailbox: str, worker: str, now: datetime) -> list[str]:
    others = s.exec(select(InboundRow.claimed_by).distinct().where(
        InboundRow.mailbox == mailbox, InboundRow.status == InboundStatus.NEW,
        InboundRow.claimed_by != worker,
        InboundRow.claimed_by != "", col(InboundRow.claimed_until) >= now)).all()
    conn = s.connection()
    return [w for w in others if is_dead(conn, w)]


def release(engine: Engine, worker: str) -> None:
    """Give back the claims of a worker that is stopping, so others need not wait."""
    with session(engine) as s:
        for row in s.exec(select(InboundRow).where(InboundRow.claimed_by == worker,
                                                   InboundRow.status == InboundStatus.NEW)).all():
            row.claimed_by, row.claimed_until = "", None
            s.add(row)
