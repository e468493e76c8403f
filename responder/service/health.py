"""Stall alarms: tell the owner once when the service is stuck, and once when it recovers.

Three checks over cheap database counts: no successful IMAP check for a while, outbox rows
stuck, too many shunted emails in a day. An alarm becomes one email to the owner (an outbox
row with a deterministic Message-ID) and a `settings` row `alarm.<name>` holding the epoch it
was raised at, both in one transaction, so a restart neither repeats nor forgets it.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy import func
from sqlalchemy.engine import Engine
from sqlmodel import Session, col, select

from responder import ownerlang as ol
from responder.mail.compose import Envelope, build_notice, to_bytes
from responder.mail.msgid import loop_token, make_message_id
from responder.sections import HealthConfig, StoreConfig
from responder.store.db import session
from responder.store.tables import InboundRow, InboundStatus, OutboxRow, OutboxState, Setting

log = logging.getLogger(__name__)
NAMES = ("stall", "outbox_stuck", "shunted")
STUCK_STATES = (OutboxState.PENDING, OutboxState.UNKNOWN, OutboxState.FAILED)
HISTORY = timedelta(days=7)
"""Stuck outbox rows older than this are history the owner was already told about."""


@dataclass(frozen=True)
class AlarmMail:
    """What an alarm email needs: who we are, where it goes, the key of its Message-ID."""

    store: StoreConfig
    envelope_from: str
    hmac_key: bytes


@dataclass(frozen=True)
class Alarm:
    """One check that fired, with the sentence the owner reads."""

    name: str
    text: str
    facts: dict[str, str] = field(default_factory=dict)
    """The figures in `text`, to write it in the owner's language (ownerlang `alarm.<name>`)."""


def check_health(engine: Engine, cfg: HealthConfig, now: datetime,
                 last_imap_ok: datetime | None) -> list[Alarm]:
    """The alarms that hold right now (None for last_imap_ok: no stall check)."""
    alarms = []
    if last_imap_ok is not None and now - last_imap_ok >= timedelta(minutes=cfg.stall_minutes):
        facts = {"since": f"{last_imap_ok:%Y-%m-%d %H:%M}"}
        alarms.append(Alarm("stall", ol.text("en", "alarm.stall", **facts), facts))
    with Session(engine) as s:
        stuck = _stuck_outbox(s, now, cfg.outbox_stuck_minutes)
        shunted = _shunted_since(s, now - timedelta(days=1))
    if stuck:
        facts = {"n": str(stuck), "minutes": str(cfg.outbox_stuck_minutes)}
        alarms.append(Alarm("outbox_stuck", ol.text("en", "alarm.outbox_stuck", **facts), facts))
    if shunted >= cfg.shunted_per_day:
        facts = {"n": str(shunted)}
        alarms.append(Alarm("shunted", ol.text("en", "alarm.shunted", **facts), facts))
    return alarms


def _stuck_outbox(s: Session, now: datetime, minutes: int) -> int:
    query = select(func.count()).select_from(OutboxRow).where(
        col(OutboxRow.state).in_(STUCK_STATES),
        col(OutboxRow.created_at) <= now - timedelta(minutes=minutes),
        col(OutboxRow.created_at) >= now - HISTORY)
    return int(s.exec(query).one())


def _shunted_since(s: Session, since: datetime) -> int:
    query = select(func.count()).select_from(InboundRow).where(
        InboundRow.status == InboundStatus.SHUNTED, col(InboundRow.processed_at) >= since)
    return int(s.exec(query).one())


def alarm_state(s: Session) -> dict[str, str]:
    """Active alarms: name -> epoch it was raised at."""
    rows = s.exec(select(Setting).where(col(Setting.key).in_([f"alarm.{n}" for n in NAMES]))).all()
    return {r.key.removeprefix("alarm."): r.value for r in rows if r.value}


def apply_alarms(s: Session, alarms: list[Alarm], mail: AlarmMail, now: datetime) -> list[str]:
    """Queue a notice for each alarm that changed and record it; returns e.g. ['stall raised']."""
    active, firing = alarm_state(s), {a.name: a for a in alarms}
    changes = []
    for name in NAMES:
        if name in firing and name not in active:
            epoch = str(int(now.timestamp()))
            _notify(s, mail, now, (name, epoch, "raised"), firing[name].facts)
            s.merge(Setting(key=f"alarm.{name}", value=epoch))
            changes.append(f"{name} raised")
        elif name in active and name not in firing:
            _notify(s, mail, now, (name, active[name], "cleared"), None)
            s.merge(Setting(key=f"alarm.{name}", value=""))
            changes.append(f"{name} cleared")
    return changes


def _shown(store: StoreConfig, key: str, value: str) -> str:
    """An alarm's figure for the owner: their digits, and their calendar for the `since` time."""
    lang, calendar = store.owner_language, store.owner_calendar
    if key == "since" and (lang, calendar) != ("en", "gregorian"):
        return ol.date(lang, datetime.fromisoformat(value), calendar, time=True)
    return ol.digits(lang, value)


def _notify(s: Session, mail: AlarmMail, now: datetime, which: tuple[str, str, str],
            facts: dict[str, str] | None) -> None:
    """Queue the alarm (facts given) or its all-clear (None), in the owner's language."""
    name, epoch, phase = which
    store, hmac_key = mail.store, mail.hmac_key
    domain = store.domain
    msgid = make_message_id(hmac_key, f"alarm:{name}:{epoch}", phase, domain)
    lang = store.owner_language
    text = ol.text(lang, f"alarm.{name}" if facts is not None else f"cleared.{name}",
                   **{k: _shown(store, k, v) for k, v in (facts or {}).items()})
    env = Envelope(store.name, store.support_address, loop_token(hmac_key, domain))
    footer = ol.text(lang, "alarm.footer", address=ol.ltr(lang, store.support_address))
    body = ol.lines(lang, f"{text}\n\n{footer}")
    subject = f"[{ol.text(lang, f'alarm.{phase}')}] {ol.text(lang, f'subject.{name}')}"
    msg = build_notice(store.owner_address, (ol.RLM if ol.is_rtl(lang) else "") + subject,
                       body, env, msgid, now=now)
    s.add(OutboxRow(kind=f"alarm:{name}", message_id=msgid, rcpt=store.owner_address,
                    envelope_from=mail.envelope_from, raw=to_bytes(msg), automatic=False,
                    created_at=now))
    level = logging.INFO if phase == "cleared" else logging.ERROR
    log.log(level, "%s alarm %s %s: %s", name, phase, msgid, text)


@dataclass
class Health:
    """The checks with their state; the daemon runs `tick` on a timer, independent of the
    mail loop (which is what may be stuck)."""

    engine: Engine
    cfg: HealthConfig
    mail: AlarmMail
    now: Callable[[], datetime]
    started: datetime | None = None
    active: dict[str, str] = field(default_factory=dict)

    def tick(self, last_imap_ok: datetime | None) -> list[str]:
        """Check once and record changes; a never-successful check counts from start-up."""
        now = self.now()
        self.started = self.started or now
        alarms = check_health(self.engine, self.cfg, now, last_imap_ok or self.started)
        with session(self.engine) as s:
            changes = apply_alarms(s, alarms, self.mail, now)
            self.active = alarm_state(s)
        return changes
