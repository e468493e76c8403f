"""Runtime switches the owner sets by email, kept in the database (e.g. PAUSE)."""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.engine import Engine
from sqlmodel import col

from responder.store.db import session
from responder.store.tables import Setting

PAUSED = "paused"


def get(engine: Engine, key: str, default: str = "") -> str:
    """The value of a switch, or `default`."""
    # Plain SQL: read before every automatic reply, where an ORM session cost ~3% of a backlog.
    with engine.connect() as conn:
        value = conn.execute(_GET, {"key": key}).scalar()
    return default if value is None else str(value)


def put(engine: Engine, key: str, value: str) -> None:
    """Set a switch."""
    with session(engine) as s:
        s.merge(Setting(key=key, value=value))


def is_paused(engine: Engine) -> bool:
    """True while the owner has paused automatic sending."""
    return get(engine, PAUSED) == "1"


_GET = sa.select(col(Setting.value)).where(col(Setting.key) == sa.bindparam("key"))
