"""A throwaway PostgreSQL cluster on loopback for tests and benchmarks (Debian's packages).

Runs as the `postgres` system user (PostgreSQL refuses to run as root) in a temporary
folder, with trust authentication on 127.0.0.1 only. Nothing here is used in production.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from responder.dev.devmail import _wait_port, apt_install, free_port


def pg_bin() -> Path:
    """The folder with initdb and pg_ctl, installing Debian's postgresql when missing (root)."""
    found = sorted(Path("/usr/lib/postgresql").glob("*/bin/pg_ctl"))
    if not found:
        apt_install("postgresql", "PostgreSQL")
        found = sorted(Path("/usr/lib/postgresql").glob("*/bin/pg_ctl"))
    return Path(found[-1]).parent


def _as_postgres(args: list[str]) -> list[str]:
    return ["runuser", "-u", "postgres", "--", *args] if os.geteuid() == 0 else args


@dataclass
class Postgres:
    """One PostgreSQL server with one database, `responder`."""

    base: Path = field(default_factory=lambda: Path(tempfile.mkdtemp(prefix="pg-")))
    port: int = 0

    @property
    def url(self) -> str:
        """SQLAlchemy URL of the test database."""
        return f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/responder"

    def start(self) -> Postgres:
        """initdb, start, create the database."""
        bindir = pg_bin()
        self.port = self.port or free_port()
        data = self.base / "data"
        if os.geteuid() == 0:
            shutil.chown(self.base, "postgres")
        if not data.exists():
            subprocess.run(_as_postgres([str(bindir / "initdb"), "-D", str(data), "-A", "trust",
                                         "-U", "postgres", "--no-sync"]),
                           check=True, stdout=subprocess.DEVNULL)
        opts = (f"-c listen_addresses=127.0.0.1 -c port={self.port} -c unix_socket_directories={self.base} "
                "-c fsync=off -c max_connections=200")
        subprocess.run(_as_postgres([str(bindir / "pg_ctl"), "-D", str(data), "-o", opts, "-w",
                                     "-l", str(self.base / "pg.log"), "start"]),
                       check=True, stdout=subprocess.DEVNULL)
        _wait_port(self.port)
        subprocess.run(_as_postgres([str(bindir / "createdb"), "-h", "127.0.0.1", "-p", str(self.port),
                                     "-U", "postgres", "responder"]), check=False,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        return self

    def new_database(self, name: str) -> str:
        """Create an empty database and return its URL."""
        subprocess.run(_as_postgres([str(pg_bin() / "createdb"), "-h", "127.0.0.1", "-p", str(self.port),
                                     "-U", "postgres", name]), check=True)
        return f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/{name}"

    def stop(self) -> None:
        """Stop the server and delete its files."""
        subprocess.run(_as_postgres([str(pg_bin() / "pg_ctl"), "-D", str(self.base / "data"),
                                     "-m", "immediate", "stop"]), check=False,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        shutil.rmtree(self.base, ignore_errors=True)
