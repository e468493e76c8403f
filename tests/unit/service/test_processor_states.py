"""The Processor's state machine on SQLite, no mail server: claim -> outcome, crash, retry, cap.

Real stages (offline triage, the demo's orders, the templates) run on real demo mail; only a
crash is simulated, by a hook that raises at the named point as a killed process would stop.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from responder.config import Config
from responder.models import Action, Inbound, Triage
from responder.orders.csvimport import import_csv
from responder.protocols import Fetched
from responder.service.processor import Processor
from responder.service.wiring import Loaded, build_stages, identity
from responder.store import inbox
from responder.store.history import DbHistory
from responder.store.tables import AuditRow, DraftRow, InboundRow, OutboxRow

DEMO = Path(__file__).resolve().parents[3] / "responder" / "dev" / "demo_data"
NOW = datetime(2024, 5, 6, 12, 0, tzinfo=UTC)
"""Alice's order 1001 shipped on May 3 and is expected on May 10: a status reply goes out."""


class Crash(BaseException):
    """Stands for the process dying at a hook point (not an Exception: nothing catches it)."""


@pytest.fixture
def processor(tmp_path: Path, engine: Engine) -> Processor:
    """A Processor over the migrated database with the demo's orders and the real stages."""
    import_csv(DEMO / "orders.csv", engine)
    cfg = Config.model_validate({"store": {"name": "Shop", "support_address": "support@shop.example"}})
    loaded = Loaded(cfg, tmp_path / "config.toml")
    stages = build_stages(loaded, engine, DbHistory(engine, lambda: NOW), lambda _name: "")
    return Processor(engine, cfg, stages, identity(cfg, b"k" * 32), lambda: NOW)


def _store(engine: Engine, name: str = "01-alice.eml", uid: int = 1) -> int:
    raw = (DEMO / name).read_bytes()
    inbox.store_batch(engine, "box", 1, [Fetched(uid, raw, len(raw), None)], resynced=False)
    with Session(engine) as s:
        row = s.exec(select(InboundRow).where(InboundRow.uid == uid)).one()
    assert row.id is not None
    return row.id


def _row(engine: Engine, row_id: int) -> InboundRow:
    with Session(engine) as s:
        row = s.get(InboundRow, row_id)
    assert row is not None
    return row


def _outbox(engine: Engine) -> list[OutboxRow]:
    with Session(engine) as s:
        return list(s.exec(select(OutboxRow)).all())


def _crash_at(point: str, times: int) -> tuple[list[str], Callable[[str], None]]:
    """A hook that raises Crash at `point` the first `times` calls; returns the log of crashes."""
    crashed: list[str] = []

    def hook(name: str) -> None:
        if name == point and len(crashed) < times:
            crashed.append(name)
            raise Crash(name)

    return crashed, hook


def test_claimed_email_gets_its_outcome_reply_and_audit_in_one_go(processor: Processor) -> None:
    """A processed email is `done` with its outcome, one queued reply to the sender and an audit row."""
    row_id = _store(processor.engine)
    outcome = processor.process(row_id)
    assert outcome is not None and outcome.action is Action.SEND
    row = _row(processor.engine, row_id)
    assert (row.status, row.outcome, row.attempts) == ("done", "send", 1)
    [reply] = _outbox(processor.engine)
    assert (reply.kind, reply.rcpt, reply.state) == ("reply", "alice@example.com", "pending")
    with Session(processor.engine) as s:
        assert s.exec(select(AuditRow).where(AuditRow.inbound_id == row_id)).one().action == "send"
    assert processor.process(row_id) is None  # already done: not claimed again
    assert len(_outbox(processor.engine)) == 1


def test_crash_after_claim_leaves_the_email_new_and_it_is_answered_once(processor: Processor) -> None:
    """A crash between claim and commit keeps nothing but the attempt; the next claim answers once."""
    row_id = _store(processor.engine)
    crashed, processor.hook = _crash_at("after_claim", 1)
    with pytest.raises(Crash):
        processor.process(row_id)
    row = _row(processor.engine, row_id)
    assert (row.status, row.attempts, crashed) == ("new", 1, ["after_claim"])
    assert _outbox(processor.engine) == []
    outcome = processor.process(row_id)
    assert outcome is not None and outcome.action is Action.SEND
    assert (_row(processor.engine, row_id).status, len(_outbox(processor.engine))) == ("done", 1)


def test_an_email_that_keeps_killing_the_process_is_shunted_unanswered(processor: Processor) -> None:
    """R71: after max_attempts claims that died, the next claim shunts it for a person, no reply."""
    row_id = _store(processor.engine)
    tries = processor.cfg.pipeline.max_attempts
    _crashed, processor.hook = _crash_at("after_claim", tries)
    for _ in range(tries):
        with pytest.raises(Crash):
            processor.process(row_id)
    outcome = processor.process(row_id)
    assert outcome is not None and outcome.action is Action.SHUNT
    row = _row(processor.engine, row_id)
    assert row.status == "shunted" and "R71" in row.reason and row.attempts == tries + 1
    assert _outbox(processor.engine) == []


class BrokenTriager:
    """A triage stage with a bug."""

    def classify(self, inbound: Inbound) -> Triage:
        """Always fails."""
        raise RuntimeError(f"bug while reading {inbound.subject!r}")


def test_a_stage_error_is_retried_then_shunted_with_its_error(processor: Processor) -> None:
    """T26: a failing stage leaves the email `new` for another pass, and shunts it at the cap."""
    processor.stages = replace(processor.stages, triager=BrokenTriager())
    row_id = _store(processor.engine)
    first = processor.process(row_id)
    assert first is not None and first.retry
    row = _row(processor.engine, row_id)
    assert row.status == "new" and row.error.startswith("retry: RuntimeError")
    for _ in range(processor.cfg.pipeline.max_attempts - 1):
        last = processor.process(row_id)
    assert last is not None and not last.retry
    row = _row(processor.engine, row_id)
    assert row.status == "shunted" and row.reason.startswith("failed 3 times")


def test_paused_store_parks_the_reply_it_would_have_sent(processor: Processor) -> None:
    """PAUSE: the reply is kept as a draft for a person; nothing is queued for the customer."""
    processor.paused = lambda: True
    row_id = _store(processor.engine)
    outcome = processor.process(row_id)
    assert outcome is not None and outcome.action is Action.PARK
    assert outcome.reasons[-1] == "automatic sending is paused (the owner sent PAUSE)"
    assert [r.kind for r in _outbox(processor.engine)] == []
    with Session(processor.engine) as s:
        assert s.exec(select(DraftRow).where(DraftRow.inbound_id == row_id)).one().state
