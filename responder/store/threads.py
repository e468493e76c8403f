"""Which conversation a Message-ID belongs to: the one write every caller shares."""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.engine import Connection
from sqlmodel import col

from responder.models import ThreadFacts
from responder.store.tables import Conversation, ThreadRef

_PG, _SQLITE = pg_insert(ThreadRef), sqlite_insert(ThreadRef)
_THREAD_REF = {  # a Message-ID mapped before moves along to the new conversation
    "postgresql": _PG.on_conflict_do_update(
        index_elements=["message_id"], set_={"conversation_id": _PG.excluded.conversation_id}),
    "sqlite": _SQLITE.on_conflict_do_update(
        index_elements=["message_id"], set_={"conversation_id": _SQLITE.excluded.conversation_id}),
}
"""Built once: building the statement per email cost as much as running it."""


def thread_ref(conn: Connection, message_id: str, conversation_id: int) -> None:
    """Map a Message-ID to its conversation (insert, or move it if it was mapped before)."""
    conn.execute(_THREAD_REF[conn.dialect.name],
                 {"message_id": message_id, "conversation_id": conversation_id})


_READING = sa.update(Conversation).where(col(Conversation.id) == sa.bindparam("conv")).values(
    reading_intent=sa.bindparam("intent", type_=sa.String),
    reading_problem=sa.bindparam("problem", type_=sa.String),
    reading_requests=sa.bindparam("requests", type_=sa.String),
    reading_order_id=sa.bindparam("order_id", type_=sa.String))


def remember_reading(conn: Connection, conversation_id: int, memory: ThreadFacts) -> None:
    """Store the request this conversation is about, for the customer's next reply (issue 14)."""
    conn.execute(_READING, {
        "conv": conversation_id,
        "intent": memory.earlier_intent.value if memory.earlier_intent else "",
        "problem": memory.earlier_problem.value,
        "requests": " ".join(r.value for r in memory.earlier_requests),
        "order_id": memory.earlier_order_id[:200]})
