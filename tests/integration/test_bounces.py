"""T9 end to end: a DSN for one of our replies blocks the address; nobody answers the DSN."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from responder.dev.devmail import Dovecot, SmtpSink
from responder.store.db import open_engine
from responder.store.tables import AuditRow, BlockedAddress, InboundRow, OutboxRow

from ..unit.service.dsn import dsn
from .conftest import SUPPORT, DaemonProc, wait_for, write_config
from .mails import customer_mail

pytestmark = pytest.mark.integration
ALICE = "alice@example.com"
BOB = "bob@example.com"


def inbound(engine: Engine, message_id: str) -> InboundRow | None:
    """The stored inbound row with this Message-ID, once it has an outcome."""
    with Session(engine) as s:
        row = s.exec(select(InboundRow).where(InboundRow.message_id == message_id)).first()
    return row if row is not None and row.status == "done" else None


def reply_to(sink: SmtpSink, message_id: str) -> bytes | None:
    """The raw reply the sink received to `message_id`, if any."""
    found = [m.raw for m in sink.messages if m.message["In-Reply-To"] == message_id]
    return found[0] if found else None


def test_dsn_for_our_reply_blocks_the_customer_address(
        tmp_path: Path, dovecot: Dovecot, sink: SmtpSink,
        start_daemon: Callable[..., DaemonProc]) -> None:
    """A 5.1.1 DSN quoting our reply: no answer, reply marked, later mail from Alice skipped."""
    daemon = start_daemon(write_config(tmp_path, dovecot, sink))
    engine = open_engine(f"sqlite:///{tmp_path / 'responder.db'}")
    dovecot.append(SUPPORT, customer_mail(1))
    wait_for(lambda: reply_to(sink, "<m1.alice@example.com>"), what="the first reply")
    ours = reply_to(sink, "<m1.alice@example.com>")
    assert ours is not None
    dovecot.append(SUPPORT, dsn(ours, rcpt=ALICE))  # arrives while the daemon re-enters IDLE
    wait_for(lambda: inbound(engine, "<dsn1.aliceexamplecom@mx.example.net>"), what="the DSN")
    dovecot.append(SUPPORT, customer_mail(2, body="Hello again, any news on order #1001?\n"))
    dovecot.append(SUPPORT, customer_mail(3, sender=BOB, name="Bob"))
    wait_for(lambda: reply_to(sink, "<m3.bob@example.com>"), what="Bob's reply")
    wait_for(lambda: inbound(engine, "<m2.alice@example.com>"), what="Alice's second email")
    assert daemon.stop() == 0
    assert sorted(m.rcpt_tos[0] for m in sink.messages) == [ALICE, BOB]
    assert_bookkeeping(engine)
    engine.dispose()


def assert_bookkeeping(engine: Engine) -> None:
    """Outbox row marked, DSN in the reply's conversation, Alice blocked once, her mail skipped."""
    bounce = inbound(engine, "<dsn1.aliceexamplecom@mx.example.net>")
    later = inbound(engine, "<m2.alice@example.com>")
    assert bounce is not None and later is not None
    with Session(engine) as s:
        out = s.exec(select(OutboxRow).where(OutboxRow.rcpt == ALICE)).one()
        block = s.get(BlockedAddress, ALICE)
        actions = s.exec(select(AuditRow.action).where(AuditRow.stage == "bounce")).all()
    assert (out.state, out.last_error) == ("sent", "bounced: 5.1.1")
    assert (bounce.kind, bounce.outcome, bounce.conversation_id) == ("bounce", "skip",
                                                                     out.conversation_id)
    assert block is not None and block.status == "5.1.1"
    assert list(actions) == ["blocked"]
    assert later.outcome == "skip"
    assert "bounced recently" in later.reason
