"""One IMAP watcher per mailbox, through a PostgreSQL advisory lock.

The lock lives on a dedicated connection: if the holder dies, PostgreSQL drops the
connection and the lock with it, and a standby process takes over on its next try (every
few seconds). SQLite means one process, so the lock is always ours.
"""

from __future__ import annotations

import hashlib
import logging

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine

log = logging.getLogger(__name__)


def lock_key(name: str) -> int:
    """A stable signed 64-bit key for `name` (what pg_advisory_lock takes)."""
    return int.from_bytes(hashlib.sha256(name.encode()).digest()[:8], "big", signed=True)


def is_dead(conn: Connection, worker: str) -> bool:
    """True when no live process holds `worker`'s liveness lock (its claims are free)."""
    key = lock_key(f"worker:{worker}")
    if not conn.execute(sa.text("SELECT pg_try_advisory_lock(:k)"), {"k": key}).scalar():
        return False
    conn.execute(sa.text("SELECT pg_advisory_unlock(:k)"), {"k": key})
    return True


class WatcherLock:
    """Who watches a mailbox: held for the life of this process, or until its connection dies.

    The same kind of lock, named `worker:<host:pid>`, tells other processes that a worker is
    alive: claims of a worker whose lock is free are taken over at once (see inbox.claim).
    """

    def __init__(self, engine: Engine, name: str) -> None:
        self.engine, self.name, self.key = engine, name, lock_key(name)
        self._conn: Connection | None = None

    @property
    def shared(self) -> bool:
        """True when several processes may use this database."""
        return self.engine.dialect.name == "postgresql"

    def acquire(self) -> bool:
        """Take the lock if free; True if we hold it (now or already)."""
        if not self.shared:
            return True
        if self._conn is not None and self._alive():
            return True
        self.release()
        conn = self.engine.connect()
        got = bool(conn.execute(sa.text("SELECT pg_try_advisory_lock(:k)"), {"k": self.key}).scalar())
        conn.commit()
        if not got:
            conn.close()
            return False
        self._conn = conn
        if not self.name.startswith("worker:"):
            log.info("watching %s (took the watcher lock)", self.name)
        return True

    def _alive(self) -> bool:
        assert self._conn is not None  # noqa: S101  (checked by caller)
        try:
            self._conn.execute(sa.text("SELECT 1"))
            self._conn.commit()
        except sa.exc.DBAPIError:
            log.warning("lost the database connection holding the watcher lock for %s", self.name)
            return False
        return True

    def release(self) -> None:
        """Give the lock up (closing the connection releases it)."""
        conn, self._conn = self._conn, None
        if conn is not None:
            try:
                conn.close()
            except sa.exc.DBAPIError:
                log.debug("closing a dead lock connection", exc_info=True)
