"""Ingestion: fetched mail becomes `inbound` rows, committed together with the UID cursor.

At-least-once from IMAP plus idempotent inserts keyed in the database gives exactly-once
processing (RELIABILITY 2.4). A UIDVALIDITY change never causes a second reply: known mail
is matched by Message-ID and SHA-256, and unknown old mail is parked, not answered.
"""

from __future__ import annotations

import hashlib
import logging
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

import sqlalchemy as sa
from sqlalchemy.engine import Engine
from sqlmodel import Session, col, select

from responder.mail.imap import Fetched
from responder.store.db import session
from responder.store.tables import InboundRow, MailboxState, utcnow

log = logging.getLogger(__name__)
RESYNC_GRACE = timedelta(hours=1)
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
    """Insert new rows for a batch and advance the cursor, in one transaction; returns rows added."""
    if not batch:
        return 0
    added = 0
    with session(engine) as s:
        cutoff = _resync_cutoff(s, mailbox) if resynced else None
        for item in batch:
            added += _insert(s, mailbox, uidvalidity, item, cutoff)
        state = s.get(MailboxState, mailbox)
        if state is not None:
            state.last_uid = max(state.last_uid, *(f.uid for f in batch))
            state.last_check_at = utcnow()
            s.add(state)
    return added


def _insert(s: Session, mailbox: str, uidvalidity: int, item: Fetched,
            cutoff: datetime | None) -> int:
    digest = hashlib.sha256(item.raw).hexdigest()
    msgid = _message_id(item.raw)
    if _already_have(s, mailbox, uidvalidity, item.uid, digest, msgid):
        return 0
    row = InboundRow(mailbox=mailbox, uidvalidity=uidvalidity, uid=item.uid, message_id=msgid,
                     sha256=digest, raw=item.raw, size=item.size, internaldate=item.internaldate)
    if item.truncated:
        row.status, row.outcome = "shunted", "shunt"
        row.reason = f"too large: {item.size} bytes (imap.max_message_bytes); headers kept"
    elif cutoff is not None and item.internaldate is not None and item.internaldate < cutoff:
        row.kind = "resync"  # the pipeline parks these instead of answering
    s.add(row)
    return 1


def _already_have(s: Session, mailbox: str, uidvalidity: int, uid: int, digest: str,
                  msgid: str) -> bool:
    same_uid = select(InboundRow.id).where(
        InboundRow.mailbox == mailbox, InboundRow.uidvalidity == uidvalidity, InboundRow.uid == uid)
    if s.exec(same_uid).first() is not None:
        return True
    same_mail = select(InboundRow.id).where(InboundRow.mailbox == mailbox,
                                            InboundRow.sha256 == digest)
    if msgid:
        same_mail = same_mail.where(InboundRow.message_id == msgid)
    return s.exec(same_mail).first() is not None


def _resync_cutoff(s: Session, mailbox: str) -> datetime | None:
    newest = s.exec(select(sa.func.max(InboundRow.internaldate)).where(
        InboundRow.mailbox == mailbox, col(InboundRow.processed_at).is_not(None))).first()
    if newest is None:
        return None
    if newest.tzinfo is None:  # SQLite hands back naive UTC
        newest = newest.replace(tzinfo=utcnow().tzinfo)
    return newest - RESYNC_GRACE


def _message_id(raw: bytes) -> str:
    head = raw.split(b"\r\n\r\n", 1)[0].split(b"\n\n", 1)[0]
    found = _MSGID.search(head)
    return found.group(1).decode("ascii", "replace").strip() if found else ""


def pending(engine: Engine, mailbox: str, limit: int) -> list[int]:
    """Ids of rows still waiting for an outcome, oldest first."""
    with Session(engine) as s:
        rows = s.exec(select(InboundRow.id).where(
            InboundRow.mailbox == mailbox, InboundRow.status == "new",
        ).order_by(col(InboundRow.id)).limit(limit)).all()
    return [r for r in rows if r is not None]
