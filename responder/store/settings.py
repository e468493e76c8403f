"""Runtime switches the owner sets by email, kept in the database (e.g. PAUSE)."""

from __future__ import annotations

from sqlalchemy.engine import Engine
from sqlmodel import Session

from responder.store.db import session
from responder.store.tables import Setting

PAUSED = "paused"


def get(engine: Engine, key: str, default: str = "") -> str:
    """The value of a switch, or `default`."""
    with Session(engine) as s:
        row = s.get(Setting, key)
        return row.value if row is not None else default


def put(engine: Engine, key: str, value: str) -> None:
    """Set a switch."""
    with session(engine) as s:
        s.merge(Setting(key=key, value=value))


def is_paused(engine: Engine) -> bool:
    """True while the owner has paused automatic sending."""
    return get(engine, PAUSED) == "1"
