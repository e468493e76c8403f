"""The spine end to end: real Dovecot in, real SMTP out, a real `responder run` process."""

from __future__ import annotations

import signal
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from sqlmodel import Session, select

from responder.dev.devmail import Dovecot, SmtpSink
from responder.store.db import open_engine
from responder.store.tables import InboundRow, MailboxState
from tests.corpus_paths import VENDORED

from .conftest import PASSWORD, SUPPORT, DaemonProc, wait_for, write_config
from .mails import customer_mail

pytestmark = pytest.mark.integration
ALICE = "alice@example.com"


def replies_to(sink: SmtpSink, message_id: str) -> list[bytes]:
    """Replies in the sink whose In-Reply-To is `message_id`."""
    return [m.raw for m in sink.messages if m.message["In-Reply-To"] == message_id]


def test_customer_mail_is_answered_once_and_threaded(
        tmp_path: Path, dovecot: Dovecot, sink: SmtpSink, database_url: str,
        start_daemon: Callable[..., DaemonProc]) -> None:
    """An email appended to INBOX gets exactly one reply, threaded, marked automatic."""
    daemon = start_daemon(write_config(tmp_path, dovecot, sink, database_url=database_url))
    dovecot.append(SUPPORT, customer_mail(1, headers={"References": "<older@example.com>"}))
    wait_for(lambda: replies_to(sink, "<m1.alice@example.com>"), what="the reply")
    assert daemon.stop() == 0
    [sent] = sink.messages
    msg = sent.message
    assert sent.rcpt_tos == [ALICE]
    assert sent.mail_from == "bounces@shop.example"
    assert msg["Subject"] == "Re: Where is my order #1001?"
    assert msg["References"] == "<older@example.com> <m1.alice@example.com>"
    assert msg["Auto-Submitted"] == "auto-replied"
    assert msg["X-Auto-Response-Suppress"] == "All"
    assert msg["Cc"] is None and msg["Bcc"] is None
    assert "1001" in sent.raw.decode("utf-8", "replace")


AUTOMATED = {
    "auto-submitted": {"Auto-Submitted": "auto-replied"},
    "precedence-bulk": {"Precedence": "bulk"},
    "list-id": {"List-Id": "<news.shop.example>"},
    "null-return-path": {"Return-Path": "<>"},
    "noreply-sender": {"From": "Marketplace <noreply@marketplace.example>"},
}


def test_automated_mail_gets_no_reply(tmp_path: Path, dovecot: Dovecot, sink: SmtpSink,
                                      start_daemon: Callable[..., DaemonProc]) -> None:
    """H-rows, a real bounce and a real vacation reply get nothing; a human mail after them does."""
    daemon = start_daemon(write_config(tmp_path, dovecot, sink))
    for n, headers in enumerate(AUTOMATED.values(), start=10):
        dovecot.append(SUPPORT, customer_mail(n, headers=headers))
    dovecot.append(SUPPORT, (VENDORED / "bounces/bounce_email-ruby/bounces/tt_bounce_01.txt").read_bytes())
    dovecot.append(SUPPORT, (VENDORED / "bounces/bounceparser-perl/t/corpus/autoreply.msg").read_bytes())
    dovecot.append(SUPPORT, customer_mail(99))
    wait_for(lambda: replies_to(sink, "<m99.alice@example.com>"), what="the human reply")
    assert daemon.stop() == 0
    assert [m.message["In-Reply-To"] for m in sink.messages] == ["<m99.alice@example.com>"]
    log = daemon.output()
    assert log.count(" skip ") >= len(AUTOMATED) + 2


def test_mail_arriving_while_stopped_is_answered_even_if_seen(
        tmp_path: Path, dovecot: Dovecot, sink: SmtpSink,
        start_daemon: Callable[..., DaemonProc]) -> None:
    """Mail appended while the daemon is down, one already \\Seen, is answered after start."""
    config = write_config(tmp_path, dovecot, sink)
    first = start_daemon(config)
    dovecot.append(SUPPORT, customer_mail(1))
    wait_for(lambda: replies_to(sink, "<m1.alice@example.com>"), what="first reply")
    assert first.stop() == 0
    dovecot.append(SUPPORT, customer_mail(2, sender="bob@example.com", name="Bob"))
    dovecot.append(SUPPORT, customer_mail(3, sender="carol@example.com", name="Carol"),
                   flags=(b"\\Seen",))
    second = start_daemon(config)
    wait_for(lambda: len(sink.messages) == 3, what="catch-up replies")
    assert second.stop() == 0
    assert sorted(m.rcpt_tos[0] for m in sink.messages) == [
        ALICE, "bob@example.com", "carol@example.com"]


@pytest.mark.parametrize("point", ["after_fetch", "after_claim", "after_commit", "after_smtp"])
def test_kill_9_at_any_point_answers_exactly_once(
        point: str, tmp_path: Path, dovecot: Dovecot, sink: SmtpSink, database_url: str,
        start_daemon: Callable[..., DaemonProc]) -> None:
    """SIGKILL at a crash point, then a restart: every email is answered exactly once."""
    config = write_config(tmp_path, dovecot, sink, database_url=database_url)
    for n in range(1, 4):
        dovecot.append(SUPPORT, customer_mail(n, sender=f"c{n}@example.com", name=f"C{n}"))
    crashed = start_daemon(config, crash_at=point)
    assert crashed.proc.wait(timeout=60) == -signal.SIGKILL
    again = start_daemon(config)
    wait_for(lambda: len(sink.messages) >= 3, what="all three replies")
    wait_for(lambda: "handled" in again.output() or len(sink.messages) >= 3, what="settle")
    assert again.stop() == 0
    rcpts = sorted(m.rcpt_tos[0] for m in sink.messages)
    assert rcpts == ["c1@example.com", "c2@example.com", "c3@example.com"]
    ids = [m.message["Message-ID"] for m in sink.messages]
    assert len(set(ids)) == 3


def test_reconnects_after_server_restart_during_idle(
        tmp_path: Path, dovecot: Dovecot, sink: SmtpSink,
        start_daemon: Callable[..., DaemonProc]) -> None:
    """Dovecot restarted while the daemon idles: it reconnects and answers mail sent meanwhile."""
    daemon = start_daemon(write_config(tmp_path, dovecot, sink))
    dovecot.append(SUPPORT, customer_mail(1))
    wait_for(lambda: replies_to(sink, "<m1.alice@example.com>"), what="first reply")
    time.sleep(1)  # let the daemon go back to IDLE
    dovecot.stop()
    dovecot.start()
    dovecot.append(SUPPORT, customer_mail(2, sender="bob@example.com", name="Bob"))
    wait_for(lambda: replies_to(sink, "<m2.bob@example.com>"), timeout=60, what="reply after reconnect")
    assert daemon.stop() == 0
    assert "reconnecting" in daemon.output()
    assert len(sink.messages) == 2


def test_server_without_idle_is_polled(tmp_path: Path, sink: SmtpSink,
                                       start_daemon: Callable[..., DaemonProc]) -> None:
    """T24: a server that does not offer IDLE is polled at the configured interval."""
    plain = Dovecot(users={SUPPORT: PASSWORD}, idle=False).start()
    try:
        config = write_config(tmp_path, plain, sink, "", database_url="")
        config.write_text(config.read_text().replace("idle_renew_seconds = 60",
                                                     "idle_renew_seconds = 60\npoll_seconds = 1"))
        daemon = start_daemon(config)
        plain.append(SUPPORT, customer_mail(1))
        wait_for(lambda: replies_to(sink, "<m1.alice@example.com>"), what="the polled reply")
        assert daemon.stop() == 0
    finally:
        plain.cleanup()


def test_oversized_mail_is_shunted_not_loaded(tmp_path: Path, dovecot: Dovecot, sink: SmtpSink,
                                              start_daemon: Callable[..., DaemonProc]) -> None:
    """T25: mail over imap.max_message_bytes is kept as headers, shunted with its reason."""
    config = write_config(tmp_path, dovecot, sink)
    config.write_text(config.read_text().replace("read_timeout = 10",
                                                 "read_timeout = 10\nmax_message_bytes = 20000"))
    daemon = start_daemon(config)
    dovecot.append(SUPPORT, customer_mail(1, body="x" * 60_000))
    dovecot.append(SUPPORT, customer_mail(2, sender="bob@example.com", name="Bob"))
    wait_for(lambda: replies_to(sink, "<m2.bob@example.com>"), what="the normal reply")
    assert daemon.stop() == 0
    engine = open_engine(f"sqlite:///{tmp_path / 'responder.db'}")
    with Session(engine) as s:
        big = s.exec(select(InboundRow).where(InboundRow.message_id == "<m1.alice@example.com>")).one()
    assert big.status == "shunted"
    assert "too large" in big.reason
    assert len(big.raw) < 20_000
    assert not replies_to(sink, "<m1.alice@example.com>")


def test_uidvalidity_change_sends_no_second_reply(tmp_path: Path, dovecot: Dovecot, sink: SmtpSink,
                                                  start_daemon: Callable[..., DaemonProc]) -> None:
    """T11: after a UIDVALIDITY change the old mail is recognised, nobody is answered twice."""
    config = write_config(tmp_path, dovecot, sink)
    first = start_daemon(config)
    for n in range(1, 4):
        dovecot.append(SUPPORT, customer_mail(n, sender=f"c{n}@example.com", name=f"C{n}"))
    wait_for(lambda: len(sink.messages) == 3, what="three replies")
    assert first.stop() == 0
    engine = open_engine(f"sqlite:///{tmp_path / 'responder.db'}")
    with Session(engine) as s:  # what a server restore or a recreated mailbox looks like to us
        state = s.exec(select(MailboxState)).one()
        state.uidvalidity += 1
        s.add(state)
        s.commit()
    second = start_daemon(config)
    dovecot.append(SUPPORT, customer_mail(9, sender="new@example.com", name="New"))
    wait_for(lambda: replies_to(sink, "<m9.new@example.com>"), what="the new reply")
    assert second.stop() == 0
    assert len(sink.messages) == 4
    assert "UIDVALIDITY changed" in second.output()
