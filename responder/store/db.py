"""Opening the database and bringing its schema up to date with Alembic."""

from __future__ import annotations

import logging
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from alembic import command
from alembic.config import Config as AlembicConfig
from sqlalchemy.engine import Engine
from sqlmodel import Session

from responder.errors import ConfigError

log = logging.getLogger(__name__)
MIGRATIONS = Path(__file__).with_name("migrations")


def open_engine(url: str, *, base_dir: Path | None = None) -> Engine:
    """An engine for `url`; a relative SQLite path is taken relative to `base_dir`."""
    url = _resolve_sqlite(url, base_dir)
    if url.startswith("sqlite"):
        engine = sa.create_engine(url, connect_args={"timeout": 30, "check_same_thread": False})
        sa.event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    return sa.create_engine(url, pool_pre_ping=True, pool_size=5, max_overflow=5)


def _resolve_sqlite(url: str, base_dir: Path | None) -> str:
    prefix = "sqlite:///"
    if not url.startswith(prefix) or url == "sqlite:///:memory:":
        return url
    path = Path(url[len(prefix) :])
    if not path.is_absolute() and base_dir is not None:
        path = base_dir / path
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        _private(path)
    except OSError as exc:
        raise ConfigError(f"database.url: cannot create {path}: {exc}") from exc
    return f"{prefix}{path}"


def _private(path: Path) -> None:
    """Create the database file 0600 whatever the umask, and tighten an existing one (R76).

    SQLite gives its -wal and -shm files the mode of the database file, so they follow."""
    os.close(os.open(path, os.O_RDWR | os.O_CREAT, 0o600))
    for item in (path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")):
        if item.exists() and item.stat().st_mode & 0o077:
            try:
                item.chmod(0o600)
            except PermissionError:  # someone else's file: say so, do not stop
                log.warning("%s can be read by other users; run `chmod 600 %s`", item, item)


def _sqlite_pragmas(dbapi_conn: Any, _record: Any) -> None:
    # WAL lets the CLI read while the daemon writes; NORMAL sync is durable in WAL mode
    # across application crashes, which is the failure we guard against.
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA synchronous=NORMAL")
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute("PRAGMA busy_timeout=30000")
    cur.close()


def migrate(engine: Engine) -> None:
    """Apply every Alembic migration that this database has not seen yet."""
    cfg = AlembicConfig()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "head")


@contextmanager
def session(engine: Engine) -> Iterator[Session]:
    """A session that commits on success and rolls back on error."""
    with Session(engine, expire_on_commit=False) as s:
        try:
            yield s
            s.commit()
        except BaseException:
            s.rollback()
            raise
