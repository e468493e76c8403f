"""`responder drafts`: list, show, approve, reject, edit and stats on a real SQLite database."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
from sqlmodel import Session, select
from typer.testing import CliRunner

from responder.cli.app import app
from responder.store.db import migrate, open_engine, session
from responder.store.tables import DraftRow, InboundRow, OutboxRow

CUSTOMER = (b"From: Bob <bob@example.com>\r\nTo: support@shop.example\r\nSubject: Lost parcel\r\n"
            b"Message-ID: <c1@example.com>\r\n\r\nWhere is it?\r\n")
TEXT = "Hi Bob,\nA new parcel is on its way.\n"


@pytest.fixture
def config(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A config whose database holds one parked draft (#D1)."""
    monkeypatch.setenv("RESPONDER_HMAC_KEY", "unit-test-hmac-key-0123456789")
    db = tmp_path / "r.db"
    path = tmp_path / "config.toml"
    path.write_text(f'[database]\nurl = "sqlite:///{db}"\n')
    engine = open_engine(f"sqlite:///{db}")
    migrate(engine)
    with session(engine) as s:
        row = InboundRow(mailbox="INBOX", uidvalidity=1, uid=1, raw=CUSTOMER, sha256="x",
                         message_id="<c1@example.com>")
        s.add(row)
        s.flush()
        s.add(DraftRow(inbound_id=row.id or 0, customer_email="bob@example.com", text=TEXT,
                       subject="Lost parcel", intent="delivered_not_received",
                       content_sha256=hashlib.sha256(TEXT.encode()).hexdigest()))
    engine.dispose()
    return path


def _cli(config: Path, *args: str) -> str:
    """Run `responder drafts ...`; returns its output, failing on a non-zero exit."""
    result = CliRunner().invoke(app, ["drafts", *args, "--config", str(config)])
    assert result.exit_code == 0, result.output
    return result.output


def _outbox(config: Path) -> list[OutboxRow]:
    engine = open_engine(f"sqlite:///{config.parent / 'r.db'}")
    with Session(engine) as s:
        return list(s.exec(select(OutboxRow)).all())


def test_list_and_show_the_parked_draft(config: Path) -> None:
    """`list` shows the waiting draft's first line; `show` prints the whole reply."""
    assert "#D1" in _cli(config, "list")
    assert "A new parcel is on its way." in _cli(config, "show", "1")


def test_approve_queues_the_reply_for_the_daemon(config: Path) -> None:
    """`approve` queues the exact draft as a non-automatic reply; approving twice fails."""
    assert "next cycle" in _cli(config, "approve", "1")
    [row] = _outbox(config)
    assert (row.kind, row.rcpt, row.automatic) == ("reply", "bob@example.com", False)
    assert b"In-Reply-To: <c1@example.com>" in row.raw
    again = CliRunner().invoke(app, ["drafts", "approve", "1", "--config", str(config)])
    assert again.exit_code == 1
    assert "no drafts waiting" in _cli(config, "list")


def test_reject_queues_nothing_and_counts_in_stats(config: Path) -> None:
    """`reject` closes the draft without mail; `stats` counts it for its intent."""
    _cli(config, "reject", "1", "--reason", "duplicate")
    assert _outbox(config) == []
    assert "delivered_not_received" in _cli(config, "stats")


def test_edit_with_markup_is_refused(config: Path) -> None:
    """`edit` runs the owner-edit check: HTML in the reply is refused and nothing is queued."""
    result = CliRunner().invoke(app, ["drafts", "edit", "1", "--text", "<b>Hi</b> Bob, it ships today.",
                                      "--config", str(config)])
    assert result.exit_code == 1
    assert _outbox(config) == []
    _cli(config, "edit", "1", "--text", "Hi Bob,\nYour new parcel ships today.\n")
    assert b"Your new parcel ships today." in _outbox(config)[0].raw


def test_drafts_speak_the_owners_language(config: Path) -> None:
    """With owner_language = "fa", show, approve and list answer in Persian; the draft as is."""
    config.write_text('[store]\nowner_language = "fa"\n' + config.read_text())
    shown = _cli(config, "show", "1")
    assert "\u200fمشتری: bob@example.com" in shown and "درخواست: تحویل‌شده ولی نرسیده" in shown
    assert "Hi Bob,\nA new parcel is on its way." in shown
    assert "#D1: ارسال انجام شد" in _cli(config, "approve", "1")
    assert "هیچ پیش‌نویسی منتظر نیست" in _cli(config, "list")
