"""Which conversation a Message-ID belongs to: the one write every caller shares."""

from __future__ import annotations

from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.engine import Connection

from responder.store.tables import ThreadRef

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
