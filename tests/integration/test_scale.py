"""Scale-out on PostgreSQL: three processes, two mailboxes, one database, each email once."""

from __future__ import annotations

import re
import signal
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path

import pytest
import sqlalchemy as sa

from responder.dev.devdb import Postgres
from responder.dev.devmail import Dovecot, SmtpSink
from responder.store.db import open_engine

from .conftest import PASSWORD, DaemonProc, wait_for, write_config
from .mails import customer_mail

pytestmark = pytest.mark.integration
STORE_A, STORE_B = "support@shop.example", "help@other.example"
EMAILS = 1000


@pytest.fixture
def two_mailboxes() -> Callable[[], Dovecot]:
    """A Dovecot with two support mailboxes (two stores)."""
    servers: list[Dovecot] = []

    def make() -> Dovecot:
        server = Dovecot(users={STORE_A: PASSWORD, STORE_B: PASSWORD}).start()
        servers.append(server)
        return server

    yield make  # type: ignore[misc]
    for server in servers:
        server.cleanup()


def fill(dovecot: Dovecot, count: int, start: int = 0) -> None:
    """Deliver `count` customer emails, alternating between the two stores."""
    for user in (STORE_A, STORE_B):
        with dovecot.client(user) as client:
            for i in range(start, start + count // 2):
                mail = customer_mail(i, sender=f"c{i}-{user[:4]}@example.com", name=f"C{i}",
                                     headers={"To": user})
                client.append("INBOX", mail)


def outcomes(url: str) -> list[tuple[str, str, str]]:
    """(mailbox, message_id, status) of every stored email."""
    engine = open_engine(url)
    with engine.connect() as conn:
        rows = conn.execute(sa.text("SELECT mailbox, message_id, status FROM inbound")).all()
    engine.dispose()
    return [(r[0], r[1], r[2]) for r in rows]


def replies(sink: SmtpSink) -> list[str]:
    """In-Reply-To of every customer reply the sink accepted."""
    return [str(m.message["In-Reply-To"]) for m in sink.messages if m.message["In-Reply-To"]]


def holder(procs: list[DaemonProc], mailbox_user: str) -> DaemonProc:
    """The process that logged taking the watcher lock of a mailbox most recently."""
    for proc in procs:
        if proc.proc.poll() is None and re.search(
                rf"watching {re.escape(mailbox_user)}@\S+ \(took the watcher lock\)", proc.output()):
            return proc
    raise AssertionError("no process holds the watcher lock")


def test_three_processes_share_two_mailboxes_and_survive_kill_9(
        tmp_path: Path, two_mailboxes: Callable[[], Dovecot], postgres: Postgres,
        start_daemon: Callable[..., DaemonProc]) -> None:
    """1,000 emails, 3 processes, kill -9 of a watcher: every email one outcome, one reply."""
    dovecot = two_mailboxes()
    sink = SmtpSink(dovecot, STORE_A).start()
    url = postgres.new_database("scale")
    caps = "[guards]\nglobal_max_replies_per_10min = 100000\n"
    configs = [write_config(tmp_path, dovecot, sink, caps, database_url=url, name=f"{u[:4]}.toml",
                            user=u) for u in (STORE_A, STORE_B)]
    extra = {"RESPONDER_LOG_LEVEL": "INFO"}
    fill(dovecot, EMAILS)
    procs = [start_daemon(configs, extra_env=extra) for _ in range(3)]
    wait_for(lambda: len(replies(sink)) >= EMAILS // 3, timeout=180, what="a third of the replies")
    victim = holder(procs, STORE_A)
    victim.proc.send_signal(signal.SIGKILL)
    victim.proc.wait()
    fill(dovecot, 100, start=EMAILS)
    total = EMAILS + 100
    wait_for(lambda: len(replies(sink)) >= total, timeout=300, what="every reply")
    time.sleep(2)  # anything doubled would arrive now
    for proc in procs:
        if proc is not victim:
            assert proc.stop() == 0
    stored = outcomes(url)
    assert len(stored) == total
    assert Counter(mid for _, mid, _ in stored).most_common(1)[0][1] == 1
    assert {status for *_, status in stored} == {"done"}
    answered = Counter(replies(sink))
    assert len(answered) == total
    assert answered.most_common(1)[0][1] == 1
    sink.stop()
