"""The bounce handler against a real SQLite database (docs/reliability.md R3, T9, T10)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from responder.config import GuardsConfig
from responder.models import Action, GuardVerdict, Outcome
from responder.service.bounce_handler import BounceHandler, is_blocked
from responder.store.db import migrate, open_engine, session
from responder.store.tables import AuditRow, BlockedAddress, Conversation, InboundRow, OutboxRow

from .dsn import dsn

NOW = datetime(2024, 6, 3, 10, 0, tzinfo=UTC)
ALICE = "alice@example.com"
OURS = "<ar.aaaaaaaaaaaaaaaa.bbbbbbbbbb@shop.example>"
REPLY = (f"From: Test Shop <support@shop.example>\nTo: {ALICE}\nSubject: Re: order\n"
         f"Message-ID: {OURS}\n\nHello\n").encode()
BOUNCE = Outcome(Action.SKIP, ("R3",), verdict=GuardVerdict(
    False, Action.SKIP, "R3", "delivery report", bounce=True, automated=True))


@pytest.fixture
def engine(tmp_path: Path) -> Iterator[Engine]:
    """A migrated SQLite database holding one conversation and our sent reply in it."""
    eng = open_engine(f"sqlite:///{tmp_path / 'bounces.db'}")
    migrate(eng)
    with session(eng) as s:
        conv = Conversation(customer_email=ALICE, subject="order")
        s.add(conv)
        s.flush()
        s.add(OutboxRow(kind="reply", message_id=OURS, rcpt=ALICE, raw=REPLY, state="sent",
                        sent_at=NOW - timedelta(hours=1), conversation_id=conv.id))
    yield eng
    eng.dispose()


def handle(engine: Engine, raw: bytes, outcome: Outcome = BOUNCE, *, uid: int = 1,
           days: int = 60) -> InboundRow:
    """Store `raw` as an inbound row and run the handler on it in one transaction."""
    with session(engine) as s:
        row = InboundRow(mailbox="INBOX", uidvalidity=1, uid=uid, sha256=str(uid), raw=raw,
                         message_id=f"<dsn{uid}@mx.example.net>")
        s.add(row)
        s.flush()
        BounceHandler(GuardsConfig(bounce_block_days=days), lambda: NOW)(s, row, outcome, None)
    return row


def outbox(engine: Engine) -> OutboxRow:
    """Our one outbox row, fresh from the database."""
    with Session(engine) as s:
        return s.exec(select(OutboxRow)).one()


def audits(engine: Engine) -> list[AuditRow]:
    """Every bounce audit row, oldest first."""
    with Session(engine) as s:
        return list(s.exec(select(AuditRow).where(AuditRow.stage == "bounce")).all())


def blocked(engine: Engine, at: datetime = NOW) -> bool:
    """Is Alice blocked at `at`?"""
    with Session(engine) as s:
        return is_blocked(s, ALICE, at)


def test_bounce_marks_our_reply_and_joins_its_conversation(engine: Engine) -> None:
    """A DSN quoting our Message-ID marks the outbox row and lands in the reply's conversation."""
    row = handle(engine, dsn(REPLY))
    out = outbox(engine)
    assert (out.state, out.last_error) == ("sent", "bounced: 5.1.1")
    assert row.conversation_id == out.conversation_id is not None
    [audit] = audits(engine)
    assert json.loads(audit.detail_json)["outbox_id"] == out.id


def test_permanent_bounce_blocks_the_address_for_the_configured_days(engine: Engine) -> None:
    """5.1.1 blocks the recipient for bounce_block_days, audited once as `blocked`."""
    handle(engine, dsn(REPLY), days=60)
    with Session(engine) as s:
        entry = s.get(BlockedAddress, ALICE)
    assert entry is not None
    assert entry.status == "5.1.1"
    assert blocked(engine)
    assert blocked(engine, NOW + timedelta(days=59))
    assert not blocked(engine, NOW + timedelta(days=61))
    assert [a.action for a in audits(engine)] == ["blocked"]


def test_second_bounce_extends_the_block_without_a_second_notice(engine: Engine) -> None:
    """Only the first bounce of a blocked address is audited as `blocked`."""
    handle(engine, dsn(REPLY, n=1), uid=1)
    handle(engine, dsn(REPLY, n=2), uid=2)
    assert [a.action for a in audits(engine)] == ["blocked", "linked"]
    assert blocked(engine)


def test_delay_is_linked_but_blocks_nothing(engine: Engine) -> None:
    """A 4.x.x delay notice is linked to our reply, and the address stays open."""
    row = handle(engine, dsn(REPLY, status="4.4.7", action="delayed"))
    assert outbox(engine).last_error == "delayed: 4.4.7"
    assert row.conversation_id == outbox(engine).conversation_id
    assert not blocked(engine)
    assert [a.action for a in audits(engine)] == ["linked"]


def test_unknown_original_id_is_audited_and_blocks_nobody(engine: Engine) -> None:
    """T10: a bounce about mail we never sent changes nothing and does not crash."""
    stranger = REPLY.replace(OURS.encode(), b"<someone-else@elsewhere.example>")
    row = handle(engine, dsn(stranger))
    assert outbox(engine).last_error == ""
    assert row.conversation_id is None
    assert not blocked(engine)
    assert [a.action for a in audits(engine)] == ["unlinked"]


def test_unparseable_report_is_audited_and_blocks_nobody(engine: Engine) -> None:
    """T10: the guards called it a bounce but the raw bytes hold no report: audited only."""
    handle(engine, b"From: someone@example.com\n\nnot a report at all\n")
    assert not blocked(engine)
    [audit] = audits(engine)
    assert (audit.action, json.loads(audit.detail_json)["kind"]) == ("unlinked", None)


def test_missing_original_id_is_matched_by_failed_recipient(engine: Engine) -> None:
    """Without the original's headers, a recent reply to the failed recipient is the match."""
    handle(engine, dsn(None))
    assert outbox(engine).last_error == "bounced: 5.1.1"
    assert blocked(engine)


def test_bounce_on_owner_mail_blocks_nobody(engine: Engine) -> None:
    """A bounce of an approval request is linked, but owner addresses are never blocked."""
    with session(engine) as s:
        out = s.exec(select(OutboxRow)).one()
        out.kind = "approval"
        s.add(out)
    handle(engine, dsn(REPLY))
    assert outbox(engine).last_error == "bounced: 5.1.1"
    assert not blocked(engine)


def test_zero_block_days_switches_blocking_off(engine: Engine) -> None:
    """bounce_block_days = 0 links the bounce but blocks nobody."""
    handle(engine, dsn(REPLY), days=0)
    assert not blocked(engine)
    assert [a.action for a in audits(engine)] == ["linked"]


def test_other_outcomes_are_ignored(engine: Engine) -> None:
    """A customer email's outcome leaves the outbox and the block list alone."""
    handle(engine, dsn(REPLY), Outcome(Action.SEND, ("allowed",)))
    assert outbox(engine).last_error == ""
    assert not audits(engine)
