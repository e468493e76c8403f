"""Reminders to approvers about drafts that wait too long (docs/policy.md principle 4).

Stage 1: a parked or held draft still undecided `approval.reminder_hours` after it was
parked. Stage 2, marked urgent and one priority up: URGENT_SHARE of the holding reply's
promise (`policy.holding_reply_hours`, counted from the holding reply, else from the draft)
has passed. A draft already past both gets only the urgent one. A stage is claimed by a
conditional UPDATE of `drafts.reminders` in the caller's transaction (the health timer's),
so each goes out at most once per draft, with several workers and across restarts. HOLD
sets it to OFF ("keep it waiting, no more reminders"); ESCALATE turns reminders back on.

Codes: a clear code lives only in the bytes of the email that carried it. A reminder
repeats the approver's latest request, code included, when that code is unused, bound to
the draft's current text and valid for at least `reminder_hours` more, so the approver can
answer either email; otherwise it carries the same request with a fresh code. Older codes
stay valid until they expire: each is single use and any decision ends the draft's wait.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from datetime import datetime, timedelta
from email import message_from_bytes, policy

import sqlalchemy as sa
from sqlmodel import Session, col, select, update

from responder import ownerlang as ol
from responder.approval.apply import WAITING
from responder.approval.config import ApprovalSettings
from responder.approval.decide import ActionKind
from responder.approval.outmail import (
    REMINDER_KIND,
    REQUEST_KIND,
    Mailer,
    approver_language,
    queue_request,
    request_text,
    stored_view,
)
from responder.approval.request import LANGUAGES
from responder.approval.tables import find_token
from responder.approval.tokens import TokenRecord, find_codes
from responder.mail.msgid import loop_token
from responder.protocols import aware
from responder.store.tables import DraftRow, OutboxRow

log = logging.getLogger(__name__)
FIRST, URGENT = 1, 2
OFF = -1
"""`drafts.reminders` after HOLD: no more reminders for this draft."""
URGENT_SHARE = 0.8
"""The urgent reminder goes out when this share of the holding reply's promise has passed."""
HOLDING_KIND = "holding"
LABEL_RE = re.compile(r"^\u200f?\[([^\]]*)\]\s*")
HEADS = tuple(ol.text(lang, "head") for lang in LANGUAGES)
WHEN = "%Y-%m-%d %H:%M"
FRESH_NOTE = "sent again as a reminder, with a new approval code"


@dataclass(frozen=True)
class Earlier:
    """An approval email already sent to one approver whose code still works."""

    message_id: str
    subject: str
    body: str
    """From the request head on (without an earlier reminder's lines)."""
    record: TokenRecord


def remind(s: Session, cfg: ApprovalSettings, key: bytes, now: datetime) -> list[str]:
    """Queue the reminders due now in the caller's transaction; returns what was sent."""
    domain = cfg.store.domain
    m = Mailer(cfg, key, loop_token(key, domain), now)
    sent = []
    for draft in _candidates(s):
        stage = due_stage(s, cfg, draft, now)
        if stage > draft.reminders and _claim(s, draft, stage):
            count = _send(s, m, draft, stage)
            sent.append(f"reminder {stage} for #D{draft.id} to {count} approver(s)")
            log.info("reminder %d for #D%s queued for %d approver(s)", stage, draft.id, count)
    return sent


def after_decision(draft: DraftRow | None, kind: ActionKind) -> None:
    """HOLD stops the draft's reminders; ESCALATE starts them again."""
    if draft is None:
        return
    if kind is ActionKind.HOLD:
        draft.reminders = OFF
    elif kind is ActionKind.ESCALATE and draft.reminders == OFF:
        draft.reminders = 0


def _candidates(s: Session) -> list[DraftRow]:
    """Waiting drafts with a reminder left (a redraft can be due by its customer's promise)."""
    query = select(DraftRow).where(
        col(DraftRow.state).in_(WAITING), col(DraftRow.reminders).between(0, URGENT - 1))
    return list(s.exec(query.order_by(col(DraftRow.id))).all())


def due_stage(s: Session, cfg: ApprovalSettings, draft: DraftRow, now: datetime) -> int:
    """The highest reminder stage due for a waiting draft now (0: none yet)."""
    promise = timedelta(hours=cfg.policy.holding_reply_hours)
    if now >= promise_start(s, draft) + promise * URGENT_SHARE:
        return URGENT
    if now >= aware(draft.created_at) + timedelta(hours=cfg.approval.reminder_hours):
        return FIRST
    return 0


def promise_start(s: Session, draft: DraftRow) -> datetime:
    """When the customer was promised an answer: the holding reply, else the parked draft."""
    query = select(sa.func.min(OutboxRow.created_at)).where(
        OutboxRow.inbound_id == draft.inbound_id, OutboxRow.kind == HOLDING_KIND)
    held = s.exec(query).one()
    return aware(held) if held is not None else aware(draft.created_at)


def _claim(s: Session, draft: DraftRow, stage: int) -> bool:
    """Move the draft to `stage` unless someone did (or it was decided or held) meanwhile."""
    statement = update(DraftRow).where(
        col(DraftRow.id) == draft.id, col(DraftRow.state).in_(WAITING),
        col(DraftRow.reminders) >= 0, col(DraftRow.reminders) < stage).values(reminders=stage)
    return s.connection().execute(statement).rowcount == 1


def _send(s: Session, m: Mailer, draft: DraftRow, stage: int) -> int:
    """One reminder per approver of the draft's group; returns how many."""
    approvers = m.cfg.approval.approvers_for(draft.approver_group)
    for approver in approvers:
        _remind_one(s, m, draft, approver, stage)
    return len(approvers)


def _remind_one(s: Session, m: Mailer, draft: DraftRow, approver: str, stage: int) -> None:
    """Repeat the approver's request (a fresh code only when the old one is nearly spent)."""
    rows = _requests(s, draft, approver)
    earlier = next(filter(None, (_usable(s, m, draft, row) for row in rows)), None)
    lang = approver_language(m, approver)
    if earlier is not None:
        subject, body = earlier.subject, earlier.body
        code = ol.text(lang, "code_still", when=_when(m, lang, earlier.record.expires_at))
    else:
        subject, body = request_text(s, m, draft, approver, stored_view(draft, FRESH_NOTE))
        code = ol.text(lang, "code_new")
    text = ol.lines(lang, f"{_intro(s, m, draft, stage, lang)}\n{code}") + f"\n\n{body}"
    subject = reminder_subject(subject, draft.priority, stage, lang)
    queue_request(s, m, draft, approver, (subject, text),
                  f"{REMINDER_KIND}:{stage}", in_reply_to=rows[0].message_id if rows else None,
                  urgent=stage == URGENT)


def _requests(s: Session, draft: DraftRow, approver: str) -> list[OutboxRow]:
    """Approval emails and reminders already queued for this approver, newest first."""
    kinds = sa.or_(col(OutboxRow.kind) == REQUEST_KIND,
                   col(OutboxRow.kind).startswith(f"{REMINDER_KIND}:"))
    query = select(OutboxRow).where(OutboxRow.draft_id == draft.id, OutboxRow.rcpt == approver,
                                    kinds).order_by(col(OutboxRow.id).desc())
    return list(s.exec(query).all())


def _usable(s: Session, m: Mailer, draft: DraftRow, row: OutboxRow) -> Earlier | None:
    """The email's request when its one code is unused, for this text and not nearly expired."""
    msg = message_from_bytes(row.raw, policy=policy.default)
    part = msg.get_body(preferencelist=("plain",))
    body = str(part.get_content()) if part is not None else ""
    codes = find_codes(body)
    record = find_token(s, codes[0]) if len(codes) == 1 else None
    margin = timedelta(hours=m.cfg.approval.reminder_hours)
    if (record is None or record.consumed_at is not None or record.approver != row.rcpt
            or record.content_sha256 != draft.content_sha256 or record.expires_at < m.now + margin):
        return None
    start = min((at for at in (body.find(head) for head in HEADS) if at >= 0), default=0)
    start = body.rfind("\n", 0, start) + 1  # keep the head line's RTL mark
    return Earlier(row.message_id, str(msg["Subject"] or ""), body[max(start, 0):], record)


def _intro(s: Session, m: Mailer, draft: DraftRow, stage: int, lang: str = "en") -> str:
    """The reminder's first line: how long it waited, or the promise about to be broken."""
    waited = (m.now - aware(draft.created_at)).total_seconds() / 3600
    customer = ol.ltr(lang, draft.customer_email)
    if stage != URGENT:
        shown = ol.quantity(lang, "n_hours", round(waited), f"{waited:.0f}")
        return ol.text(lang, "remind_intro", customer=customer, hours=shown)
    hours = m.cfg.policy.holding_reply_hours
    deadline = promise_start(s, draft) + timedelta(hours=hours)
    shown = ol.quantity(lang, "n_hours", hours, f"{hours:g}")
    return ol.text(lang, "urgent_intro", customer=customer, hours=shown,
                   deadline=_when(m, lang, deadline))


def _when(m: Mailer, lang: str, moment: datetime) -> str:
    """A UTC time in the approver's calendar and digits."""
    if lang == "en" and m.cfg.store.owner_calendar == "gregorian":
        return f"{moment:{WHEN}}"
    return ol.date(lang, moment, m.cfg.store.owner_calendar, time=True)


def reminder_subject(subject: str, priority: int, stage: int, lang: str = "en") -> str:
    """`[Reminder P2] Approve reply? ...`; the urgent one is a priority up (P1 is the top)."""
    found = LABEL_RE.match(subject)
    vip = " VIP" if found and "VIP" in found.group(1).split() else ""
    label = ol.text(lang, "reminder" if stage != URGENT else "urgent")
    level = priority if stage != URGENT else max(1, priority - 1)
    mark = ol.RLM if ol.is_rtl(lang) else ""
    return f"{mark}[{label} P{level}{vip}] {LABEL_RE.sub('', subject, count=1)}"

