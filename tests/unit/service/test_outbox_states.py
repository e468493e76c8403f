"""The Outbox's state machine on SQLite with a fake SMTP server and Sent folder (no mail server).

pending -> sending -> sent | pending (deferred) | failed, and after a crash between the
server's 250 and the `sent` commit: the Sent folder decides (see outbox.py's docstring).
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy.engine import Engine
from sqlmodel import Session

from responder.config import Config
from responder.errors import SendDeferred, SendRejected
from responder.protocols import Fetched, SelectInfo
from responder.service.outbox import Outbox, OutboxConfig
from responder.store.db import session
from responder.store.tables import OutboxRow

NOW = datetime(2024, 5, 6, 12, 0, tzinfo=UTC)
RAW = b"From: support@shop.example\r\nTo: ann@cust.example\r\nSubject: Re: order\r\n\r\nHello\r\n"


@dataclass
class FakeSender:
    """An SMTP server that answers from a script: a reply string or an exception per call."""

    script: list[str | Exception] = field(default_factory=list)
    sent: list[tuple[bytes, str, str]] = field(default_factory=list)
    smtputf8: bool = False

    async def probe(self) -> None:
        """Nothing to check."""

    async def send(self, raw: bytes, envelope_from: str, rcpt: str) -> str:
        """Accept (recording what was sent) or raise, as scripted; accepts when the script is empty."""
        answer = self.script.pop(0) if self.script else "250 2.0.0 queued"
        if isinstance(answer, Exception):
            raise answer
        self.sent.append((raw, envelope_from, rcpt))
        return answer

    async def close(self) -> None:
        """Nothing to close."""


@dataclass
class FakeMailbox:
    """A Sent folder in memory."""

    folders: dict[str, list[bytes]] = field(default_factory=dict)
    info: SelectInfo | None = None

    def connect(self) -> SelectInfo:
        """Not used by the outbox."""
        raise NotImplementedError

    def new_uids(self, after: int) -> list[int]:
        """Not used by the outbox."""
        raise NotImplementedError

    def fetch(self, uids: list[int]) -> list[Fetched]:
        """Not used by the outbox."""
        raise NotImplementedError

    def wait(self, stop: threading.Event, max_seconds: float) -> bool:
        """Not used by the outbox."""
        raise NotImplementedError

    def append(self, folder: str, raw: bytes) -> None:
        """Store a copy."""
        self.folders.setdefault(folder, []).append(raw)

    def folder_has(self, folder: str, message_id: str) -> bool:
        """True when a stored copy carries this Message-ID."""
        return any(f"Message-ID: {message_id}".encode() in m for m in self.folders.get(folder, []))

    def close(self) -> None:
        """Nothing to close."""


class Crash(BaseException):
    """Stands for the process dying at a hook point."""


def _outbox(engine: Engine, sender: FakeSender, box: FakeMailbox, *, max_attempts: int = 6,
            hook: str = "") -> Outbox:
    cfg = Config.model_validate({"smtp": {"max_attempts": max_attempts}})

    def crash(point: str) -> None:
        if point == hook:
            raise Crash(point)

    return Outbox(engine, OutboxConfig(cfg.smtp, cfg.imap), sender, box, lambda: NOW, crash,
                  quick_retry_wait=0)


def _queue(engine: Engine, *, automatic: bool = True, msgid: str = "<r1@shop.example>") -> int:
    raw = f"Message-ID: {msgid}\r\n".encode() + RAW
    with session(engine) as s:
        row = OutboxRow(kind="reply", message_id=msgid, rcpt="ann@cust.example", raw=raw,
                        automatic=automatic, created_at=NOW)
        s.add(row)
        s.flush()
        assert row.id is not None
        return row.id


def _get(engine: Engine, row_id: int) -> OutboxRow:
    with Session(engine) as s:
        row = s.get(OutboxRow, row_id)
    assert row is not None
    return row


async def test_accepted_reply_is_sent_once_and_copied_to_sent(engine: Engine) -> None:
    """250: the row is `sent` with the server's reply, the exact bytes went out and into Sent."""
    sender, box = FakeSender(), FakeMailbox()
    row_id = _queue(engine)
    assert await _outbox(engine, sender, box).flush() == 1
    row = _get(engine, row_id)
    assert (row.state, row.attempts, row.smtp_reply) == ("sent", 1, "250 2.0.0 queued")
    assert [s[0] for s in sender.sent] == [row.raw] and box.folders["Sent"] == [row.raw]
    assert await _outbox(engine, sender, box).flush() == 0  # nothing is sent twice


async def test_transient_failure_waits_then_gives_up_at_max_attempts(engine: Engine) -> None:
    """4xx: the row goes back to `pending` with a later attempt time; at the cap it is `failed`."""
    sender = FakeSender([SendDeferred("451 try later")] * 4)
    outbox = _outbox(engine, sender, FakeMailbox(), max_attempts=2)
    row_id = _queue(engine)
    assert await outbox.flush() == 0
    row = _get(engine, row_id)
    assert (row.state, row.attempts, row.last_error) == ("pending", 1, "451 try later")
    assert row.next_attempt_at is not None and row.next_attempt_at.replace(tzinfo=UTC) > NOW
    assert await outbox.flush() == 0 and outbox.due() == []  # not due before its time
    with session(engine) as s:  # its time has come
        fresh = s.get(OutboxRow, row_id)
        assert fresh is not None
        fresh.next_attempt_at = NOW - timedelta(seconds=1)
        s.add(fresh)
    assert await outbox.flush() == 0
    row = _get(engine, row_id)
    assert (row.state, row.attempts) == ("failed", 2) and sender.sent == []


async def test_permanent_failure_is_failed_at_once(engine: Engine) -> None:
    """5xx: the row is `failed` with the server's words after one attempt, never retried."""
    sender = FakeSender([SendRejected("550 no such user")])
    row_id = _queue(engine)
    assert await _outbox(engine, sender, FakeMailbox()).flush() == 0
    row = _get(engine, row_id)
    assert (row.state, row.attempts, row.last_error) == ("failed", 1, "550 no such user")
    assert await _outbox(engine, sender, FakeMailbox()).flush() == 0 and sender.sent == []


@pytest.mark.parametrize(("automatic", "in_sent", "state"), [
    (True, True, "sent"),  # the provider filed it in Sent (Gmail): known to be sent
    (True, False, "pending"),  # an automatic reply is resent once, the same bytes
    (False, False, "unknown"),  # an approved reply is never resent: a person decides
])
async def test_crash_between_250_and_commit_is_settled_by_the_sent_folder(
        engine: Engine, automatic: bool, in_sent: bool, state: str) -> None:
    """The one gap: accepted but not committed; reconcile reads Sent before anything is resent."""
    sender, box = FakeSender(), FakeMailbox()
    row_id = _queue(engine, automatic=automatic)
    with pytest.raises(Crash):
        await _outbox(engine, sender, box, hook="after_smtp").flush()
    assert _get(engine, row_id).state == "sending" and len(sender.sent) == 1
    if in_sent:
        box.append("Sent", sender.sent[0][0])
    restarted = _outbox(engine, sender, box)
    assert await restarted.reconcile() == 1
    assert _get(engine, row_id).state == state
    await restarted.flush()
    assert len(sender.sent) == (2 if state == "pending" else 1)
