"""Hostile mail against the real daemon: no single email may stop it or be claimed forever (R70-R73)."""

from __future__ import annotations

import asyncio
import os
import stat
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from email import message_from_bytes, policy
from email.message import EmailMessage
from email.utils import format_datetime
from pathlib import Path

import pytest
from sqlmodel import Session, select

from responder import config as config_mod
from responder.config import SmtpConfig
from responder.dev.devmail import Dovecot, SmtpSink
from responder.errors import SendRejected
from responder.mail.imap import Fetched
from responder.mail.smtp import SmtpSender
from responder.models import Action
from responder.service.processor import Processor
from responder.service.wiring import Loaded, build_stages, identity
from responder.store import inbox
from responder.store.db import migrate, open_engine
from responder.store.history import DbHistory
from responder.store.tables import InboundRow

from .conftest import OWNER, SUPPORT, DaemonProc, wait_for, write_config
from .mails import customer_mail
from .test_approval import BOB, DNR, Shop, code_of, reply

pytestmark = pytest.mark.integration
CYRILLIC = "\u0430lice@example.com"  # the first letter is a Cyrillic a


def raw_mail(sender: str, msgid: str, subject: str = "Where is my order #1001?") -> bytes:
    """A customer email written byte for byte, as a hostile or unusual client sends it."""
    head = (f"Return-Path: <{sender}>\r\nFrom: {sender}\r\nTo: {SUPPORT}\r\n"
            f"Subject: {subject}\r\nDate: {format_datetime(datetime.now(UTC))}\r\n"
            f"Message-ID: {msgid}\r\nMIME-Version: 1.0\r\n"
            "Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n")
    return (head + "Hi, where is my order #1001? It has not arrived.\r\n").encode()


def rows(url: str) -> dict[str, InboundRow]:
    """Every stored email by Message-ID."""
    engine = open_engine(url)
    try:
        with Session(engine) as s:
            return {r.message_id: r for r in s.exec(select(InboundRow)).all()}
    finally:
        engine.dispose()


def answered(sink: SmtpSink, message_id: str) -> bool:
    """True when the sink holds a reply to `message_id`."""
    return any(m.message["In-Reply-To"] == message_id for m in sink.messages)


@pytest.fixture
def utf8_sink(dovecot: Dovecot) -> Iterator[SmtpSink]:
    """An SMTP sink that offers SMTPUTF8, as Gmail and Postfix (smtputf8_enable) do."""
    server = SmtpSink(dovecot, SUPPORT, smtputf8=True).start()
    yield server
    server.stop()


def test_poison_senders_are_parked_and_the_daemon_keeps_running(
        tmp_path: Path, dovecot: Dovecot, sink: SmtpSink,
        start_daemon: Callable[..., DaemonProc]) -> None:
    """A non-ASCII or malformed From is parked with its reason; the next email is still answered."""
    config = write_config(tmp_path, dovecot, sink)
    daemon = start_daemon(config)
    dovecot.append(SUPPORT, raw_mail(CYRILLIC, "<p1@example.com>"))
    dovecot.append(SUPPORT, raw_mail("x@y@example.com", "<p2@example.com>"))
    dovecot.append(SUPPORT, customer_mail(3))
    wait_for(lambda: answered(sink, "<m3.alice@example.com>"), what="the normal reply")
    assert daemon.proc.poll() is None, daemon.output()
    assert daemon.stop() == 0
    stored = rows(f"sqlite:///{tmp_path / 'responder.db'}")
    cyr, bad = stored["<p1@example.com>"], stored["<p2@example.com>"]
    assert (cyr.status, cyr.outcome) == ("done", "park")
    assert "SMTPUTF8" in cyr.reason
    assert bad.status in {"done", "shunted"} and bad.outcome in {"park", "shunt"}
    assert "address" in bad.reason
    assert [m.rcpt_tos for m in sink.messages if m.rcpt_tos != [OWNER]] == [["alice@example.com"]]
    again = start_daemon(config)  # a restart finds nothing left to choke on
    dovecot.append(SUPPORT, customer_mail(4))
    wait_for(lambda: answered(sink, "<m4.alice@example.com>"), what="the reply after restart")
    assert again.stop() == 0


def test_international_sender_is_answered_over_smtputf8(
        tmp_path: Path, dovecot: Dovecot, utf8_sink: SmtpSink,
        start_daemon: Callable[..., DaemonProc]) -> None:
    """Where the SMTP server offers SMTPUTF8, an internationalised address gets its reply."""
    daemon = start_daemon(write_config(tmp_path, dovecot, utf8_sink))
    dovecot.append(SUPPORT, raw_mail(CYRILLIC, "<p1@example.com>"))
    wait_for(lambda: answered(utf8_sink, "<p1@example.com>"), what="the reply over SMTPUTF8")
    assert daemon.stop() == 0
    [sent] = utf8_sink.messages
    assert sent.rcpt_tos == [CYRILLIC]
    assert CYRILLIC in str(sent.message["To"])


def test_nul_in_subject_is_stored_and_the_daemon_keeps_running(
        tmp_path: Path, dovecot: Dovecot, sink: SmtpSink, database_url: str,
        start_daemon: Callable[..., DaemonProc]) -> None:
    """A NUL in the decoded Subject (Dovecot turns raw NULs into 0x80) stops nothing."""
    daemon = start_daemon(write_config(tmp_path, dovecot, sink, database_url=database_url))
    dovecot.append(SUPPORT, raw_mail("bob@example.com", "<nul@example.com>",
                                     subject="=?utf-8?q?Order_#1001=00_late?="))
    dovecot.append(SUPPORT, customer_mail(3))
    wait_for(lambda: answered(sink, "<m3.alice@example.com>"), what="the normal reply")
    wait_for(lambda: rows(database_url)["<nul@example.com>"].status != "new",
             what="the NUL mail's outcome")
    assert daemon.proc.poll() is None, daemon.output()
    assert daemon.stop() == 0
    nul = rows(database_url)["<nul@example.com>"]
    assert nul.subject_norm == "order #1001 late"


def test_rows_the_database_refuses_are_quarantined_not_the_batch(database_url: str) -> None:
    """A NUL Message-ID is stored clean; a row the database refuses is quarantined, batch kept."""
    engine = open_engine(database_url)
    migrate(engine)
    nul = raw_mail("bob@example.com", "<n\x00ul@example.com>")
    batch = [Fetched(1, nul, len(nul), None), Fetched(2, customer_mail(2), 2**70, None),
             Fetched(3, customer_mail(3), 500, None)]
    assert inbox.store_batch(engine, "box", 7, batch, resynced=False) == 3
    engine.dispose()
    stored = {r.uid: r for r in rows(database_url).values()}
    assert stored[1].message_id == "<nul@example.com>" and stored[1].status == "new"
    assert b"\x00" in stored[1].raw  # the bytes as received are kept
    assert stored[2].status == "shunted" and "quarantined" in stored[2].reason
    assert stored[3].status == "new"


def test_email_that_keeps_killing_the_worker_is_shunted_at_claim(
        tmp_path: Path, dovecot: Dovecot, sink: SmtpSink,
        start_daemon: Callable[..., DaemonProc]) -> None:
    """An email whose processing kills the process every time is shunted after max_attempts."""
    config = write_config(tmp_path, dovecot, sink, "[pipeline]\nmax_attempts = 2\n")
    dovecot.append(SUPPORT, customer_mail(1))
    for _ in range(2):
        assert start_daemon(config, crash_at="after_claim").proc.wait(timeout=60) == -9
    survivor = start_daemon(config, crash_at="after_claim")
    wait_for(lambda: rows(f"sqlite:///{tmp_path / 'responder.db'}")[
        "<m1.alice@example.com>"].status == "shunted", what="the shunt at claim")
    assert survivor.proc.poll() is None, survivor.output()
    assert survivor.stop() == 0
    row = rows(f"sqlite:///{tmp_path / 'responder.db'}")["<m1.alice@example.com>"]
    assert "R71" in row.reason and row.attempts == 3
    assert not sink.messages


def processor(tmp_path: Path) -> Processor:
    """A Processor over a real SQLite file, wired from a real config."""
    path = tmp_path / "config.toml"
    path.write_text(f'[store]\nname = "Shop"\nsupport_address = "{SUPPORT}"\n'
                    f'owner_address = "{OWNER}"\n[database]\n'
                    f'url = "sqlite:///{tmp_path / "r.db"}"\n')
    loaded = Loaded(config_mod.load(path), path)
    engine = open_engine(loaded.cfg.database.url)
    migrate(engine)
    now = lambda: datetime.now(UTC)  # noqa: E731
    stages = build_stages(loaded, engine, DbHistory(engine, now), lambda _name: "")
    return Processor(engine, loaded.cfg, stages, identity(loaded.cfg, b"k" * 32), now)


def test_failure_while_recording_ends_the_email_shunted(tmp_path: Path) -> None:
    """R70: an exception inside the recording transaction is retried, then shunted, never raised."""
    proc = processor(tmp_path)
    raw = customer_mail(1)
    inbox.store_batch(proc.engine, "box", 1, [Fetched(1, raw, len(raw), None)], resynced=False)

    def broken_listener(*_args: object) -> None:
        raise RuntimeError("listener bug")

    proc.listeners.append(broken_listener)
    outcomes = [proc.process(1) for _ in range(proc.cfg.pipeline.max_attempts + 1)]
    assert [o.action if o else None for o in outcomes] == [Action.SHUNT] * 3 + [None]
    row = rows(proc.cfg.database.url)["<m1.alice@example.com>"]
    assert row.status == "shunted" and "listener bug" in row.reason


def outcomes(url: str, sender: str) -> list[tuple[str, str]]:
    """(outcome, reason) of every email from `sender`, oldest first."""
    found = sorted((r for r in rows(url).values() if r.from_addr == sender), key=lambda r: r.id or 0)
    return [(r.outcome, r.reason) for r in found]


def test_auto_responder_with_new_ticket_numbers_gets_two_replies_not_one_each(
        tmp_path: Path, dovecot: Dovecot, sink: SmtpSink,
        start_daemon: Callable[..., DaemonProc]) -> None:
    """R74: a helpdesk that drops threading and renumbers its ticket is seen as one subject."""
    daemon = start_daemon(write_config(tmp_path, dovecot, sink))
    desk = "helpdesk@vendor.example"
    for n in range(1, 5):
        dovecot.append(SUPPORT, customer_mail(n, sender=desk, name="Vendor Desk",
                                              subject=f"Re: [Ticket #{1000 + n}] Where is my order #1001?"))
    url = f"sqlite:///{tmp_path / 'responder.db'}"
    wait_for(lambda: len(outcomes(url, desk)) == 4 and all(o for o, _ in outcomes(url, desk))
             and len(sink.to(desk)) >= 2, what="four outcomes and the replies")
    assert daemon.stop() == 0
    assert [o for o, _ in outcomes(url, desk)] == ["send", "send", "park", "park"]
    assert len(sink.to(desk)) == 2


def test_sender_gets_at_most_the_daily_cap_of_automatic_replies(
        tmp_path: Path, dovecot: Dovecot, sink: SmtpSink,
        start_daemon: Callable[..., DaemonProc]) -> None:
    """R74: past guards.sender_max_replies_per_24h (5) a sender's mail is parked with the reason."""
    config = write_config(tmp_path, dovecot, sink, "[guards]\nsender_max_per_3h = 50\n")
    daemon = start_daemon(config)
    bot = "bob@example.com"
    for n in range(1, 8):
        dovecot.append(SUPPORT, customer_mail(n, sender=bot, name="Bob",
                                              subject=f"Question {n} on order #1001, ref {n * 7919}"))
    url = f"sqlite:///{tmp_path / 'responder.db'}"
    wait_for(lambda: len(outcomes(url, bot)) == 7 and all(o for o, _ in outcomes(url, bot))
             and len(sink.to(bot)) >= 5, what="seven outcomes and the replies")
    assert daemon.stop() == 0
    got = outcomes(url, bot)
    assert [o for o, _ in got] == ["send"] * 5 + ["park"] * 2
    assert all("R74" in reason for _, reason in got[5:])
    assert len(sink.to(bot)) == 5


def test_spent_approval_codes_are_masked_in_stored_mail(
        tmp_path: Path, dovecot: Dovecot, sink: SmtpSink,
        start_daemon: Callable[..., DaemonProc]) -> None:
    """R76: once used, a code is masked in the stored request and reply; hash and audit stay."""
    shop = Shop(tmp_path, dovecot, sink, start_daemon)
    shop.customer(BOB, *DNR)
    request = shop.request(1)
    code = code_of(request).encode()
    shop.deliver(reply(request, "APPROVE"))
    shop.settle()
    assert shop.daemon.stop() == 0

    def stored() -> bytes:
        return b"".join(bytes(r[0]) for r in shop.query(  # type: ignore[call-overload]
            "SELECT raw FROM outbox UNION ALL SELECT raw FROM inbound"))

    assert stored().count(code) == 2  # the request we sent and the owner's quoting reply
    again = start_daemon(tmp_path / "config.toml")  # a sweep runs at start, then every 5 min
    wait_for(lambda: code not in stored(), what="the masked code")
    assert again.stop() == 0
    assert stored().count(b"APR-[redacted]") >= 2
    assert shop.query("SELECT count(*) FROM approval_tokens WHERE consumed_at IS NOT NULL") == [(1,)]
    assert ("mask_codes",) in shop.query("SELECT action FROM audit")
    assert shop.query("SELECT state FROM drafts WHERE id = 1") == [("sent",)]


def test_sqlite_files_are_private_whatever_the_umask(tmp_path: Path) -> None:
    """R76: with umask 022 the database, its WAL and shared-memory files are created 0600."""
    old = os.umask(0o022)
    try:
        engine = open_engine(f"sqlite:///{tmp_path / 'private.db'}")
        migrate(engine)
        with engine.connect() as conn:  # keeps the WAL and -shm files open while we look
            conn.exec_driver_sql("SELECT count(*) FROM inbound").all()
            modes = {p.name: stat.S_IMODE(p.stat().st_mode) for p in tmp_path.iterdir()}
        engine.dispose()
    finally:
        os.umask(old)
    assert {"private.db", "private.db-wal", "private.db-shm"} <= set(modes)
    assert modes == dict.fromkeys(modes, 0o600)


def text_of(raw: bytes) -> str:
    """The plain-text body of a sent reply."""
    msg = message_from_bytes(raw, policy=policy.default)
    assert isinstance(msg, EmailMessage)
    part = msg.get_body(("plain",))
    assert part is not None
    return str(part.get_content())


@pytest.mark.parametrize("prober", ["mallory@evil.example", "erin@example.com"])
def test_order_numbers_cannot_be_probed_by_the_reply(
        prober: str, tmp_path: Path, dovecot: Dovecot, sink: SmtpSink,
        start_daemon: Callable[..., DaemonProc]) -> None:
    """R78: someone else's order #1001 and a made-up #1999 get word for word the same reply,
    from a stranger and from a customer with an order of their own."""
    daemon = start_daemon(write_config(tmp_path, dovecot, sink))
    for n, number in ((1, "1001"), (2, "1999")):
        dovecot.append(SUPPORT, customer_mail(n, sender=prober, name="Pat",
                                              subject=f"Where is my order #{number}?",
                                              body=f"Hi, where is my order #{number}? Thanks, Pat"))
    wait_for(lambda: len(sink.to(prober)) == 2, what="both replies")
    assert daemon.stop() == 0
    first, second = (text_of(m.raw) for m in sink.to(prober))
    assert first == second
    assert "Alice" not in first and "DHL" not in first


async def send_to(server: SmtpSink, rcpt: str) -> str:
    """Probe the server and submit one message to `rcpt` through SmtpSender."""
    sender = SmtpSender(SmtpConfig(port=server.port, security="none"), "")
    try:
        await sender.probe()
        return await sender.send(b"Subject: hi\r\n\r\nhello\r\n", "bounces@shop.example", rcpt)
    finally:
        await sender.close()


def test_smtputf8_is_used_when_offered_and_refused_clearly_when_not(
        sink: SmtpSink, utf8_sink: SmtpSink) -> None:
    """R73: a non-ASCII recipient goes out over SMTPUTF8, or is refused for good with a reason."""
    assert asyncio.run(send_to(utf8_sink, CYRILLIC)).startswith("OK")
    assert utf8_sink.messages[0].rcpt_tos == [CYRILLIC]
    with pytest.raises(SendRejected, match="non-ASCII"):
        asyncio.run(send_to(sink, CYRILLIC))
    assert not sink.messages


def test_hostile_set_is_handled_and_the_daemon_keeps_answering(
        tmp_path: Path, dovecot: Dovecot, sink: SmtpSink,
        start_daemon: Callable[..., DaemonProc]) -> None:
    """Keep: 100k References, a 20 MB body, Reply-To and bytes that are no mail each end in an
    outcome with its reason; replies go to From only, with a bounded References."""
    daemon = start_daemon(write_config(tmp_path, dovecot, sink))
    refs = " ".join(f"<r{i}@example.com>" for i in range(100_000))
    dovecot.append(SUPPORT, customer_mail(1, sender="ref@example.com", headers={"References": refs}))
    dovecot.append(SUPPORT, customer_mail(2, sender="big@example.com",
                                          body="Where is my order #1001?\n" + "x" * 20_000_000))
    dovecot.append(SUPPORT, customer_mail(3, sender="reply@example.com",
                                          headers={"Reply-To": "other@example.com"}))
    dovecot.append(SUPPORT, b"\x00\x01 this is not an email at all \xff\r\n")
    dovecot.append(SUPPORT, customer_mail(5))
    wait_for(lambda: answered(sink, "<m5.alice@example.com>"), timeout=120, what="the last reply")
    url = f"sqlite:///{tmp_path / 'responder.db'}"
    wait_for(lambda: all(r.status != "new" for r in rows(url).values()), what="every outcome")
    assert daemon.proc.poll() is None, daemon.output()
    assert daemon.stop() == 0
    stored = rows(url)
    assert all(r.outcome and r.reason for r in stored.values())
    assert stored["<m2.big@example.com>"].outcome in {"send", "park"}
    assert next(r for r in stored.values() if not r.message_id).reason.startswith("unreadable")
    [to_ref] = sink.to("ref@example.com")
    assert len(str(to_ref.message["References"]).split()) <= 22
    assert [m.rcpt_tos for m in sink.messages if "reply@example.com" in m.rcpt_tos or
            "other@example.com" in m.rcpt_tos] == [["reply@example.com"]]
