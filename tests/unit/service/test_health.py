"""Stall alarms: raised once, remembered across restarts, cleared once."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from email import message_from_bytes, policy

from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from responder.config import Config
from responder.mail.msgid import make_message_id
from responder.sections import HealthConfig
from responder.service.health import AlarmMail, Health, apply_alarms, check_health
from responder.store import settings
from responder.store.db import session
from responder.store.tables import InboundRow, OutboxRow

NOW = datetime(2024, 5, 10, 12, 0, tzinfo=UTC)
KEY = b"k" * 32


def _alarm_rows(engine: Engine) -> list[OutboxRow]:
    with Session(engine) as s:
        return list(s.exec(select(OutboxRow).where(OutboxRow.rcpt == "owner@shop.example")).all())


def _outbox(engine: Engine, state: str, age: timedelta, n: int = 1) -> None:
    with session(engine) as s:
        for i in range(n):
            s.add(OutboxRow(kind="reply", message_id=f"<{state}{i}{age}@x>", rcpt="c@example.com",
                            raw=b"x", state=state, created_at=NOW - age))


def _shunted(engine: Engine, n: int, age: timedelta) -> None:
    with session(engine) as s:
        for i in range(n):
            s.add(InboundRow(mailbox=f"m{age}", uidvalidity=1, uid=i + 1, sha256=str(i), raw=b"",
                             status="shunted", processed_at=NOW - age))


def test_quiet_store_has_no_alarms(engine: Engine) -> None:
    """A fresh database and a recent IMAP check raise nothing."""
    assert check_health(engine, HealthConfig(), NOW, NOW - timedelta(minutes=1)) == []


def test_each_check_fires_past_its_threshold(engine: Engine) -> None:
    """Stall, stuck outbox and too many shunted emails each raise their own alarm."""
    _outbox(engine, "pending", timedelta(minutes=90))
    _shunted(engine, 5, timedelta(hours=3))
    alarms = check_health(engine, HealthConfig(), NOW, NOW - timedelta(minutes=45))
    assert [a.name for a in alarms] == ["stall", "outbox_stuck", "shunted"]
    assert "5 emails" in alarms[2].text


def test_below_thresholds_and_old_history_do_not_fire(engine: Engine) -> None:
    """Fresh pending rows, sent rows, week-old failures and yesterday's shunts are fine."""
    _outbox(engine, "pending", timedelta(minutes=5))
    _outbox(engine, "sent", timedelta(hours=5))
    _outbox(engine, "failed", timedelta(days=9))
    _shunted(engine, 5, timedelta(days=2))
    _shunted(engine, 1, timedelta(hours=1))
    assert check_health(engine, HealthConfig(), NOW, NOW - timedelta(minutes=29)) == []


def test_alarm_is_sent_once_and_cleared_once(engine: Engine, cfg: Config) -> None:
    """Raising twice queues one owner email; recovering queues one 'cleared' email."""
    _outbox(engine, "unknown", timedelta(hours=2))
    for _ in range(2):
        alarms = check_health(engine, HealthConfig(), NOW, None)
        with session(engine) as s:
            apply_alarms(s, alarms, _mail(cfg), NOW)
    [raised] = _alarm_rows(engine)
    epoch = str(int(NOW.timestamp()))
    assert raised.kind == "alarm:outbox_stuck" and not raised.automatic
    assert raised.message_id == make_message_id(KEY, f"alarm:outbox_stuck:{epoch}", "raised", "shop.example")
    assert b"[Alarm] replies are not going out" in raised.raw
    assert settings.get(engine, "alarm.outbox_stuck") == epoch
    with session(engine) as s:
        assert apply_alarms(s, [], _mail(cfg), NOW + timedelta(hours=1)) == ["outbox_stuck cleared"]
        assert apply_alarms(s, [], _mail(cfg), NOW + timedelta(hours=2)) == []
    cleared = _alarm_rows(engine)[1]
    assert b"[Resolved]" in cleared.raw and settings.get(engine, "alarm.outbox_stuck") == ""


def test_alarm_state_survives_a_restart(engine: Engine, cfg: Config) -> None:
    """A new Health object (a restarted daemon) does not repeat a raised alarm."""
    clock = iter([NOW, NOW + timedelta(minutes=31), NOW + timedelta(minutes=40)])
    first = Health(engine, cfg.health, _mail(cfg), lambda: next(clock))
    assert first.tick(None) == []
    assert first.tick(None) == ["stall raised"]
    second = Health(engine, cfg.health, _mail(cfg), lambda: next(clock), started=NOW)
    assert second.tick(None) == []
    assert second.active == {"stall": str(int((NOW + timedelta(minutes=31)).timestamp()))}
    assert len(_alarm_rows(engine)) == 1


def test_recovered_mailbox_clears_the_stall(engine: Engine, cfg: Config) -> None:
    """A successful IMAP check after a stall sends the 'cleared' notice."""
    health = Health(engine, cfg.health, _mail(cfg), lambda: NOW, started=NOW - timedelta(hours=1))
    assert health.tick(None) == ["stall raised"]
    assert health.tick(NOW) == ["stall cleared"]
    assert [r.kind for r in _alarm_rows(engine)] == ["alarm:stall", "alarm:stall"]


def _mail(cfg: Config) -> AlarmMail:
    """Alarm mail as the daemon builds it."""
    return AlarmMail(cfg.store, cfg.smtp.envelope_from, KEY)


def test_stall_alarm_is_written_in_the_owners_language(engine: Engine, cfg: Config) -> None:
    """A Persian owner's stall alarm and its all-clear are in Persian, right to left."""
    persian = cfg.model_copy(update={"store": cfg.store.model_copy(update={"owner_language": "fa"})})
    alarms = check_health(engine, HealthConfig(), NOW, NOW - timedelta(hours=2))
    with session(engine) as s:
        apply_alarms(s, alarms, _mail(persian), NOW)
        apply_alarms(s, [], _mail(persian), NOW + timedelta(hours=1))
    raised, cleared = (message_from_bytes(r.raw, policy=policy.default) for r in _alarm_rows(engine))
    assert str(raised["Subject"]) == "\u200f[هشدار] صندوق ایمیل بررسی نمی‌شود"
    body = raised.get_body(("plain",)).get_content()  # type: ignore[union-attr]
    assert body.startswith("\u200fصندوق ایمیل پشتیبانی از ۲۰۲۴/۰۵/۱۰ ۱۰:۰۰ (به وقت UTC)")
    assert "\u200fصندوق ایمیل پشتیبانی دوباره بررسی می‌شود." in cleared.get_body(("plain",)).get_content()  # type: ignore[union-attr]


def test_stall_alarm_shows_the_persian_calendar_when_chosen(engine: Engine, cfg: Config) -> None:
    """owner_calendar = "persian": the stall time reads ۱۴۰۳/۰۲/۲۱ (10 May 2024)."""
    store = cfg.store.model_copy(update={"owner_language": "fa", "owner_calendar": "persian"})
    alarms = check_health(engine, HealthConfig(), NOW, NOW - timedelta(hours=2))
    with session(engine) as s:
        apply_alarms(s, alarms, _mail(cfg.model_copy(update={"store": store})), NOW)
    [raised] = _alarm_rows(engine)
    msg = message_from_bytes(raised.raw, policy=policy.default)
    body = msg.get_body(("plain",)).get_content()  # type: ignore[union-attr]
    assert "از ۱۴۰۳/۰۲/۲۱ ۱۰:۰۰ (به وقت UTC)" in body
