"""What the store remembers: rate-cap counts and conversations, read from the database.

Counts live in the database, not in memory, so caps survive restarts and hold across
processes (R12, T8). They are read with plain SQL (no ORM objects): every count of one
email is a scalar subquery of a single statement, one round trip per email.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine
from sqlmodel import Session, col

from responder.mail.addresses import sendable
from responder.mail.guards import normalise_subject
from responder.models import Inbound, Intent, Problem, RateStats, Request, ThreadFacts
from responder.store.tables import (
    BlockedAddress,
    Conversation,
    InboundRow,
    OutboxRow,
    OutboxState,
    ThreadRef,
    block_active,
)

AUTO_KINDS = ("reply", "holding")


class DbHistory:
    """The History seam over the database."""

    def __init__(self, engine: Engine, now: Callable[[], datetime]) -> None:
        self.engine = engine
        self.now = now

    def rates(self, inbound: Inbound) -> RateStats:
        """Recent activity of this sender and thread, in two statements.

        Only recorded emails count, so the one being processed (still `new`, without
        `processed_at`) never counts against itself.
        """
        now, sender = self.now(), inbound.from_addr
        with self.engine.connect() as conn:
            mails = list(conn.execute(_RECENT_MAILS, {
                "sender": sender, "since": now - timedelta(hours=3)}).scalars())
            counts = conn.execute(_COUNTS, {
                "sender": sender, "rcpt": sendable(sender), "day": now - timedelta(hours=24),
                "ten_min": now - timedelta(minutes=10), "refs": _refs(inbound),
                "thread_ids": _thread_ids(inbound)}).one()
        subject = normalise_subject(inbound.subject)
        return RateStats(
            sender_mails_3h=len(mails),
            sender_same_subject_3h=sum(1 for m in mails if m == subject),
            sender_replies_24h=int(counts[0] or 0),
            thread_replies_24h=int(counts[1] or 0),
            global_replies_10min=int(counts[2] or 0),
            replies_to_our_mail=counts[3] is not None,
            sender_undeliverable=block_active(counts[4], now),
        )

    def thread(self, inbound: Inbound) -> ThreadFacts:
        """Templates and holding replies already sent in this conversation."""
        ids = _thread_ids(inbound)
        if not ids:
            return ThreadFacts()
        with self.engine.connect() as conn:
            found = conn.execute(_THREAD, {"thread_ids": ids}).first()
        if found is None:
            return ThreadFacts()
        return ThreadFacts(tuple(str(found[0]).split()), bool(found[1]), *remembered(*found[2:]))


# The statements are built once, with bound parameters: building them per email cost more
# than running them.
_CONVERSATION = sa.select(col(ThreadRef.conversation_id)).where(
    col(ThreadRef.message_id).in_(sa.bindparam("thread_ids", expanding=True))).limit(1)
_THREAD = sa.select(
    col(Conversation.templates_sent), col(Conversation.holding_sent),
    col(Conversation.reading_intent), col(Conversation.reading_problem),
    col(Conversation.reading_requests), col(Conversation.reading_order_id)).where(
    col(Conversation.id) == _CONVERSATION.scalar_subquery())
_RECENT_MAILS = sa.select(col(InboundRow.subject_norm)).where(
    col(InboundRow.from_addr) == sa.bindparam("sender"),
    col(InboundRow.fetched_at) >= sa.bindparam("since"), col(InboundRow.kind) == "customer",
    col(InboundRow.processed_at).is_not(None))


def _sent(since: str) -> sa.Select[Any]:
    return sa.select(sa.func.count()).select_from(OutboxRow).where(
        col(OutboxRow.kind).in_(AUTO_KINDS), col(OutboxRow.created_at) >= sa.bindparam(since),
        col(OutboxRow.state) != OutboxState.CANCELLED)


_COUNTS = sa.select(
    # automatic replies to the sender (24 h), in the thread (24 h), to anyone (10 min)
    _sent("day").where(col(OutboxRow.rcpt) == sa.bindparam("rcpt")).scalar_subquery(),
    _sent("day").where(col(OutboxRow.conversation_id) == _CONVERSATION.scalar_subquery())
    .scalar_subquery(),
    _sent("ten_min").scalar_subquery(),
    # one of our Message-IDs among the references; the sender's block
    sa.select(col(OutboxRow.id)).where(col(OutboxRow.message_id).in_(
        sa.bindparam("refs", expanding=True))).limit(1).scalar_subquery(),
    sa.select(col(BlockedAddress.until)).where(
        col(BlockedAddress.address) == sa.bindparam("sender")).scalar_subquery(),
)


def remembered(intent: str | None, problem: str | None, requests: str | None, order_id: str | None
               ) -> tuple[Intent | None, Problem, tuple[Request, ...], str]:
    """The stored reading of a conversation; labels this version does not know are dropped."""
    known_requests = tuple(Request(r) for r in (requests or "").split() if r in Request._value2member_map_)
    return (
        Intent(intent) if intent and intent in Intent._value2member_map_ else None,
        Problem(problem) if problem and problem in Problem._value2member_map_ else Problem.OTHER,
        known_requests,
        order_id or "",
    )


def _refs(inbound: Inbound) -> list[str]:
    refs = list(inbound.references)
    if inbound.in_reply_to:
        refs.append(inbound.in_reply_to)
    return refs


def _thread_ids(inbound: Inbound) -> list[str]:
    refs = _refs(inbound)
    if inbound.message_id:
        refs.append(inbound.message_id)
    return refs


def conversation_of(s: Session | Connection, inbound: Inbound) -> int | None:
    """The conversation this email belongs to, found through In-Reply-To and References."""
    ids = _thread_ids(inbound)
    if not ids:
        return None
    found = s.execute(_CONVERSATION, {"thread_ids": ids}).scalar()
    return int(found) if found is not None else None
