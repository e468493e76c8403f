"""What the store remembers: rate-cap counts and conversations, read from the database.

Counts live in the database, not in memory, so caps survive restarts (R12, T8).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import datetime, timedelta

import sqlalchemy as sa
from sqlalchemy.engine import Engine
from sqlmodel import Session, col, select

from responder.mail.guards import normalise_subject
from responder.models import Inbound, RateStats, ThreadFacts
from responder.store.tables import BlockedAddress, Conversation, InboundRow, OutboxRow, ThreadRef

AUTO_KINDS = ("reply", "holding")


class DbHistory:
    """The History seam over the database."""

    def __init__(self, engine: Engine, now: Callable[[], datetime],
                 current_id: Callable[[], int | None] = lambda: None) -> None:
        self.engine = engine
        self.now = now
        self.current_id = current_id
        """The inbound row being processed (excluded from its own counts)."""

    def rates(self, inbound: Inbound) -> RateStats:
        """Recent activity of this sender and thread."""
        now, sender = self.now(), inbound.from_addr
        with Session(self.engine) as s:
            mails = self._recent_mails(s, sender, now - timedelta(hours=3))
            subject = normalise_subject(inbound.subject)
            conv = conversation_of(s, inbound)
            return RateStats(
                sender_mails_3h=len(mails),
                sender_same_subject_3h=sum(1 for m in mails if m == subject),
                sender_replies_24h=self._sent(s, now - timedelta(hours=24), rcpt=sender),
                thread_replies_24h=self._sent(s, now - timedelta(hours=24), conv=conv or -1)
                if conv else 0,
                global_replies_10min=self._sent(s, now - timedelta(minutes=10)),
                replies_to_our_mail=_refers_to_ours(s, _refs(inbound)),
                sender_undeliverable=_blocked(s, sender, now),
            )

    def _recent_mails(self, s: Session, sender: str, since: datetime) -> list[str]:
        query = select(InboundRow.subject_norm).where(
            InboundRow.from_addr == sender, col(InboundRow.fetched_at) >= since,
            InboundRow.kind == "customer", col(InboundRow.processed_at).is_not(None))
        current = self.current_id()
        if current is not None:
            query = query.where(InboundRow.id != current)
        return list(s.exec(query).all())

    def _sent(self, s: Session, since: datetime, *, rcpt: str | None = None,
              conv: int | None = None) -> int:
        query = select(sa.func.count()).select_from(OutboxRow).where(
            col(OutboxRow.kind).in_(AUTO_KINDS), col(OutboxRow.created_at) >= since,
            OutboxRow.state != "cancelled")
        if rcpt is not None:
            query = query.where(OutboxRow.rcpt == rcpt)
        if conv is not None:
            query = query.where(OutboxRow.conversation_id == conv)
        return int(s.exec(query).one())

    def thread(self, inbound: Inbound) -> ThreadFacts:
        """Templates and holding replies already sent in this conversation."""
        with Session(self.engine) as s:
            conv_id = conversation_of(s, inbound)
            conv = s.get(Conversation, conv_id) if conv_id else None
        if conv is None:
            return ThreadFacts()
        return ThreadFacts(tuple(conv.templates_sent.split()), conv.holding_sent)


def _refs(inbound: Inbound) -> list[str]:
    refs = list(inbound.references)
    if inbound.in_reply_to:
        refs.append(inbound.in_reply_to)
    return refs


def conversation_of(s: Session, inbound: Inbound) -> int | None:
    """The conversation this email belongs to, found through In-Reply-To and References."""
    refs = _refs(inbound)
    if inbound.message_id:
        refs.append(inbound.message_id)
    if not refs:
        return None
    found = s.exec(select(ThreadRef.conversation_id).where(col(ThreadRef.message_id).in_(refs))
                   ).first()
    return int(found) if found is not None else None


def _refers_to_ours(s: Session, refs: Iterable[str]) -> bool:
    ids = list(refs)
    if not ids:
        return False
    return s.exec(select(OutboxRow.id).where(col(OutboxRow.message_id).in_(ids))).first() is not None


def _blocked(s: Session, address: str, now: datetime) -> bool:
    row = s.get(BlockedAddress, address)
    if row is None:
        return False
    until = row.until if row.until.tzinfo else row.until.replace(tzinfo=now.tzinfo)
    return until > now
