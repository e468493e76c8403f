"""Real servers for integration tests: Dovecot on loopback and an aiosmtpd sink."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from responder.dev.devdb import Postgres
from responder.dev.devmail import Dovecot, SmtpSink
from responder.orders.csvimport import import_csv
from responder.store.db import migrate, open_engine

SUPPORT = "support@shop.example"
OWNER = "owner@shop.example"
PASSWORD = "support-pw"
REPO = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="session")
def postgres() -> Iterator[Postgres]:
    """One PostgreSQL server for the session; each test gets its own database."""
    server = Postgres().start()
    yield server
    server.stop()


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """The spine runs on both backends: a SQLite file, or a fresh PostgreSQL database."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'responder.db'}"
    server: Postgres = request.getfixturevalue("postgres")
    return server.new_database(f"t{uuid.uuid4().hex[:12]}")


@pytest.fixture
def dovecot() -> Iterator[Dovecot]:
    """A fresh Dovecot with the support and owner mailboxes."""
    server = Dovecot(users={SUPPORT: PASSWORD, OWNER: "owner-pw"}).start()
    yield server
    server.cleanup()


@pytest.fixture
def sink(dovecot: Dovecot) -> Iterator[SmtpSink]:
    """An SMTP sink that, like Gmail, keeps a copy of submitted mail in Sent."""
    server = SmtpSink(dovecot, SUPPORT).start()
    yield server
    server.stop()


def write_config(tmp: Path, dovecot: Dovecot, sink: SmtpSink, extra: str = "",
                 database_url: str = "", name: str = "config.toml", user: str = SUPPORT) -> Path:
    """A config.toml for the local servers; `extra` is appended (TOML sections)."""
    url = database_url or f"sqlite:///{tmp / 'responder.db'}"
    orders = REPO / "tests" / "data" / "orders" / "orders.csv"
    path = tmp / name
    path.write_text(f"""
[store]
name = "Test Shop"
support_address = "{user}"
owner_address = "{OWNER}"

[imap]
host = "127.0.0.1"
port = {dovecot.port}
security = "none"
username = "{user}"
append_to_sent = false
idle_renew_seconds = 60
read_timeout = 10
connect_timeout = 5

[smtp]
host = "127.0.0.1"
port = {sink.port}
security = "none"
envelope_from = "bounces@shop.example"

[database]
url = "{url}"

[approval]
approvers = ["{OWNER}"]
{extra}
""")
    engine = open_engine(url)
    migrate(engine)
    import_csv(orders, engine)
    engine.dispose()
    return path


def env() -> dict[str, str]:
    """The environment for a daemon under test: secrets as environment variables."""
    return {**os.environ, "RESPONDER_IMAP_PASSWORD": PASSWORD,
            "RESPONDER_HMAC_KEY": "test-hmac-key-0123456789abcdef"}


@dataclass
class DaemonProc:
    """A `responder run` subprocess."""

    proc: subprocess.Popen[bytes]
    log: Path

    def stop(self, sig: int = signal.SIGTERM, timeout: float = 30) -> int:
        """Signal it and wait for it to exit; returns the exit code."""
        if self.proc.poll() is None:
            self.proc.send_signal(sig)
        return self.proc.wait(timeout=timeout)

    def output(self) -> str:
        """Everything it logged."""
        return self.log.read_text(errors="replace")


@pytest.fixture
def start_daemon(tmp_path: Path) -> Iterator[Callable[..., DaemonProc]]:
    """Starts `responder run` processes; every one is killed at the end of the test."""
    procs: list[DaemonProc] = []

    def start(config: Path | list[Path], crash_at: str = "",
              extra_env: dict[str, str] | None = None) -> DaemonProc:
        log = tmp_path / f"daemon-{len(procs)}.log"
        e = {**env(), **(extra_env or {})}
        if crash_at:
            e["RESPONDER_FAULT_CRASH_AT"] = crash_at
        with log.open("wb") as out:  # the child keeps its own copy of the descriptor
            paths = config if isinstance(config, list) else [config]
            args = [arg for path in paths for arg in ("--config", str(path))]
            proc = subprocess.Popen([sys.executable, "-m", "responder", "run", *args],
                                    stdout=out, stderr=subprocess.STDOUT, env=e)
        dp = DaemonProc(proc, log)
        procs.append(dp)
        return dp

    yield start
    for p in procs:
        if p.proc.poll() is None:
            p.proc.kill()
            p.proc.wait()


def wait_for(cond: Callable[[], object], timeout: float = 30, what: str = "condition") -> None:
    """Poll until `cond()` is truthy; fail with `what` after `timeout` seconds."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if cond():
            return
        time.sleep(0.05)
    raise AssertionError(f"timed out waiting for {what}")
