"""Runs the pipeline on stored emails and records each outcome in one transaction.

Claim (attempts+1, committed) -> pipeline.handle() -> one transaction with the outcome,
the conversation, the outbox rows with their exact bytes, the parked draft and the audit
trail. A crash anywhere before that commit leaves the row `new`; after too many attempts
it is shunted for a person (Mailman's MAX_BAK_COUNT pattern, T26).

No single email may stop the daemon (R70): an exception while processing or while recording
ends that email shunted with its reason, and a row whose claims keep dying with the process
(a hard kill, a crash in C code) is shunted at its next claim (R71).
"""

from __future__ import annotations

import hashlib
import json
import logging
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import cast

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine
from sqlmodel import Session, col

from responder import pipeline
from responder.config import Config
from responder.errors import MessageUnreadable
from responder.mail.addresses import needs_smtputf8, no_smtputf8, sendable
from responder.mail.compose import Envelope, reply_bytes
from responder.mail.guards import normalise_subject
from responder.mail.msgid import make_message_id
from responder.mail.parse import parse
from responder.mail.parse_headers import storable
from responder.models import Action, Draft, Inbound, Outcome
from responder.policy.memory import memory_after
from responder.store.db import session
from responder.store.history import conversation_of
from responder.store.tables import (
    AuditRow,
    Conversation,
    DraftRow,
    InboundRow,
    InboundStatus,
    OutboxRow,
    OutboxState,
)
from responder.store.threads import remember_reading, thread_ref

log = logging.getLogger("responder.disposition")

Hook = Callable[[str], None]
"""Test hook called at named points ("after_claim", "after_commit") to simulate crashes."""

Interceptor = Callable[[InboundRow, Inbound, bytes], Outcome | None]
"""Sees every parsed email before the guards; returns an Outcome to take it out of the
customer pipeline (an owner's reply to an approval request), or None to let it through.
It commits its own changes and must be idempotent: a crash may run it twice."""

Listener = Callable[[Session, InboundRow, Outcome, DraftRow | None], None]
"""Runs inside the transaction that records an outcome (bounce bookkeeping, approval
requests for a parked draft); anything it adds commits or rolls back with the outcome.
The row is a detached copy holding the recorded values: change the table with a statement,
never with `s.add(row)` (that would insert it again)."""


@dataclass
class Processor:
    """Turns `new` inbound rows into outcomes."""

    engine: Engine
    cfg: Config
    stages: pipeline.Stages
    me: pipeline.Identity
    now: Callable[[], datetime]
    hook: Hook = lambda _point: None
    interceptors: list[Interceptor] = field(default_factory=list)
    listeners: list[Listener] = field(default_factory=list)
    worker: str = ""
    """This process's name in claims (host:pid)."""
    paused: Callable[[], bool] = lambda: False
    """The owner's kill switch, read per email; the policy parks what would go out."""
    smtputf8: Callable[[], bool] = lambda: False
    """The SMTP server offers SMTPUTF8: addresses with non-ASCII local parts can be answered."""

    def process(self, row_id: int) -> Outcome | None:
        """Process one stored email; returns its outcome (None if it was already done)."""
        row = self._claim(row_id)
        if row is None:
            return None
        if row.attempts > self.cfg.pipeline.max_attempts:  # R71: earlier claims died with us
            outcome = _exhausted(row)
        else:
            self.hook("after_claim")
            outcome = self._outcome(row)
        try:
            self._record(row, outcome)
        except sa.exc.OperationalError:
            raise  # the database itself is unreachable or busy: the row stays `new`
        except Exception as exc:  # R70: recording must not stop the mailbox either
            log.exception("inbound %s: recording its outcome failed", row_id)
            outcome = self._failed(row, exc)
            self._record(row, outcome, bare=True)  # plain values: no draft, reply or listener
        self.hook("after_commit")
        return outcome

    def _outcome(self, row: InboundRow) -> Outcome:
        try:
            return self._run(row)
        except Exception as exc:  # a stage bug must not stop the mailbox (T26, R70)
            log.exception("inbound %s: stage error", row.id)
            return self._failed(row, exc)

    def _claim(self, row_id: int) -> InboundRow | None:
        """Count the attempt (committed) and hand back a detached copy of the row."""
        with self.engine.begin() as conn:
            found = conn.execute(_CLAIM, {"row_id": row_id}).first()
        return None if found is None else InboundRow(**found._asdict())

    def _run(self, row: InboundRow) -> Outcome:
        try:
            inbound = parse(row.raw, max_bytes=self.cfg.imap.max_message_bytes)
        except MessageUnreadable as exc:
            return Outcome(Action.SHUNT, (f"unreadable: {exc}",), error=str(exc))
        for intercept in self.interceptors:
            taken = intercept(row, inbound, row.raw)
            if taken is not None:
                return taken
        outcome = pipeline.handle_inbound(inbound, self.stages, self.me, self.cfg.guards,
                                          now=self.now(), paused=self.paused(),
                                          resync=row.kind == "resync")
        if (outcome.action is not Action.SKIP and needs_smtputf8(inbound.from_addr)
                and not self.smtputf8()):  # R73
            return _park(outcome, no_smtputf8(inbound.from_addr, self.cfg.smtp.host))
        return outcome

    def _failed(self, row: InboundRow, exc: Exception) -> Outcome:
        attempts, error = row.attempts, storable(repr(exc))[:2000]  # as counted by this claim
        if attempts < self.cfg.pipeline.max_attempts:
            return Outcome(Action.SHUNT, ("retry",), error=f"retry: {error}", retry=True)
        return Outcome(Action.SHUNT, (f"failed {attempts} times: {error}",), error=error)

    def _record(self, row: InboundRow, outcome: Outcome, *, bare: bool = False) -> None:
        with session(self.engine) as s:
            conn = s.connection()
            if outcome.retry:  # stays `new`: tried again on the next pass
                conn.execute(_RETRY, {"row_id": row.id, "error": outcome.error})
                return
            if not self._apply(s, row, outcome, bare=bare):
                s.rollback()  # another worker recorded it meanwhile: ours is dropped
                return
        _disposition(row, outcome)

    def _apply(self, s: Session, row: InboundRow, outcome: Outcome, *, bare: bool = False) -> bool:
        """Write the outcome; False when the row was no longer `new` (nothing is kept then)."""
        inbound, conn, now = outcome.inbound, s.connection(), self.now()
        values = _outcome_values(outcome, now)
        if inbound is not None:
            values["conversation_id"] = conv = _conversation(conn, inbound, now)
            if outcome.triage is not None:
                remember_reading(conn, conv, memory_after(outcome))
        # Row-locked and re-checked in one statement (plain SQL: an ORM load and flush per
        # email cost more than the rest of the recording).
        if conn.execute(_DONE, {"row_id": row.id, **values}).rowcount != 1:
            return False
        for name, value in values.items():
            if value is not None:
                setattr(row, name, value)  # the listeners see the recorded row
        conn.execute(sa.insert(AuditRow), {
            "inbound_id": row.id, "at": now, "stage": "outcome",
            "action": outcome.action.value,
            "detail_json": json.dumps(_audit(outcome), ensure_ascii=False)})
        parked = None
        if inbound is not None and outcome.draft is not None:
            parked = self._route(s, row, inbound, outcome)
        for listener in () if bare else self.listeners:
            listener(s, row, outcome, parked)
        return True

    def _route(self, s: Session, row: InboundRow, inbound: Inbound,
               outcome: Outcome) -> DraftRow | None:
        draft, decision = outcome.draft, outcome.decision
        assert draft is not None and decision is not None  # noqa: S101  (checked by caller)
        conv, conn = row.conversation_id, s.connection()
        if outcome.action is Action.SEND:
            self.queue(conn, row, inbound, draft, "reply", conv)
            if conv is not None:
                conn.execute(_TEMPLATE_SENT, {"conv": conv, "template": draft.template})
        elif outcome.action is Action.PARK:
            return self._park(s, row, outcome, draft, conv)
        return None

    def _park(self, s: Session, row: InboundRow, outcome: Outcome, draft: Draft,
              conv: int | None) -> DraftRow:
        inbound, decision = outcome.inbound, outcome.decision
        assert inbound is not None and decision is not None  # noqa: S101
        text = storable(draft.text)  # R72: an LLM's NUL must not fail the whole record
        parked = DraftRow(
            inbound_id=row.id or 0, conversation_id=row.conversation_id,
            customer_email=inbound.from_addr, subject=inbound.subject, language=draft.language,
            template=draft.template, intent=row.intent, text=text, html=storable(draft.html),
            facts_json=json.dumps({k: str(v) for k, v in decision.facts.items()},
                                  ensure_ascii=False),
            reasons_json=json.dumps(list(outcome.reasons), ensure_ascii=False),
            priority=decision.priority, approver_group=decision.approver_group,
            content_sha256=hashlib.sha256(text.encode()).hexdigest(), created_at=self.now())
        s.add(parked)
        s.flush()
        if outcome.holding is not None:
            conn = s.connection()
            self.queue(conn, row, inbound, outcome.holding, "holding", conv)
            if conv is not None:
                conn.execute(sa.update(Conversation).where(col(Conversation.id) == conv)
                             .values(holding_sent=True))
        return parked

    def queue(self, conn: Connection, row: InboundRow, inbound: Inbound, draft: Draft, kind: str,
              conv: int | None, *, automatic: bool = True) -> str:
        """Add an outbox row with the exact bytes of a reply to the customer; its Message-ID."""
        domain = self.cfg.store.domain
        msgid = make_message_id(self.me.hmac_key, f"in{row.id}", kind, domain)
        env = Envelope(self.cfg.store.name, self.cfg.store.support_address, self.me.loop_token)
        raw = reply_bytes(inbound, draft, env, msgid, now=self.now(), automatic=automatic)
        conn.execute(sa.insert(OutboxRow), {
            "inbound_id": row.id, "kind": kind, "message_id": msgid,
            "rcpt": sendable(inbound.from_addr),
            "mailbox": row.mailbox, "envelope_from": self.cfg.smtp.envelope_from, "raw": raw,
            "state": OutboxState.PENDING, "automatic": automatic, "attempts": 0, "last_error": "",
            "smtp_reply": "", "created_at": self.now(), "conversation_id": conv})
        if conv is not None:
            thread_ref(conn, msgid, conv)
        return msgid


# Statements built once (building them per email cost as much as running them).
_CLAIMED = ("id", "mailbox", "uidvalidity", "uid", "message_id", "sha256", "raw", "size",
            "internaldate", "fetched_at", "status", "attempts", "kind")
"""The columns of a claimed row that the interceptors and the pipeline read."""
_CLAIM = (sa.update(InboundRow)
          .where(col(InboundRow.id) == sa.bindparam("row_id"), col(InboundRow.status) == InboundStatus.NEW)
          .values(attempts=col(InboundRow.attempts) + 1)
          .returning(*(col(getattr(InboundRow, name)) for name in _CLAIMED)))
_NEW_ROW = sa.update(InboundRow).where(col(InboundRow.id) == sa.bindparam("row_id"),
                                        col(InboundRow.status) == InboundStatus.NEW)
_RETRY = _NEW_ROW.values(error=sa.bindparam("error"))
_KEPT = ("from_addr", "subject_norm", "conversation_id", "intent", "language", "kind")
"""Columns an outcome may leave as they are (a None parameter keeps the stored value)."""


def _param(name: str) -> sa.BindParameter[object]:
    return sa.bindparam(name, type_=getattr(InboundRow, name).type)


_DONE = _NEW_ROW.values(
    {name: _param(name) for name in ("outcome", "processed_at", "status", "reason", "error")}
    | {name: sa.func.coalesce(_param(name), getattr(InboundRow, name)) for name in _KEPT})
"""Records an outcome; matches nothing once another worker recorded the row."""
_SENT = col(Conversation.templates_sent)
_TEMPLATE = sa.bindparam("template", type_=sa.String)  # typed: PostgreSQL must not guess
_TEMPLATE_SENT = sa.update(Conversation).where(col(Conversation.id) == sa.bindparam("conv")).values(
    templates_sent=sa.case((_SENT == "", _TEMPLATE), else_=_SENT + " " + _TEMPLATE))
_NEW_CONVERSATION = sa.insert(Conversation).returning(col(Conversation.id))


def _outcome_values(outcome: Outcome, now: datetime) -> dict[str, object]:
    """The parameters of `_DONE` for this outcome; None leaves a column as it is."""
    inbound, triage, verdict = outcome.inbound, outcome.triage, outcome.verdict
    automated = verdict is not None and verdict.automated
    return {
        "outcome": outcome.action.value, "processed_at": now,
        "status": InboundStatus.SHUNTED if outcome.action is Action.SHUNT else InboundStatus.DONE,
        "reason": storable("; ".join(outcome.reasons))[:2000],
        "error": storable(outcome.error or ""),
        "from_addr": inbound.from_addr if inbound else None,
        "subject_norm": normalise_subject(inbound.subject) if inbound else None,
        "conversation_id": None,
        "intent": triage.intent.value if triage else None,
        "language": triage.language if triage else None,
        # An interceptor may have set `kind` (owner_reply) after the claim: kept unless automated.
        "kind": ("bounce" if verdict.bounce else "automated") if verdict and automated else None,
    }


def _conversation(conn: Connection, inbound: Inbound, now: datetime) -> int:
    found = conversation_of(conn, inbound)
    if found is None:
        found = cast(int, conn.execute(_NEW_CONVERSATION, {
            "customer_email": inbound.from_addr, "subject": inbound.subject[:500],
            "created_at": now, "holding_sent": False, "templates_sent": ""}).scalar_one())
    if inbound.message_id:
        thread_ref(conn, inbound.message_id, found)
    return found


def _exhausted(row: InboundRow) -> Outcome:
    tries = row.attempts - 1
    return Outcome(Action.SHUNT, (f"R71: processing this email stopped the program {tries} "
                                  "times before it could finish; a person should look at it",),
                   error=f"attempts exhausted: {tries} claims without an outcome")


def _park(outcome: Outcome, reason: str) -> Outcome:
    return replace(outcome, action=Action.PARK, reasons=(*outcome.reasons, reason), holding=None)


def _audit(outcome: Outcome) -> dict[str, object]:
    t, d = outcome.triage, outcome.decision
    return {
        "reasons": list(outcome.reasons),
        "guard": outcome.verdict.rule if outcome.verdict else None,
        "intent": t.intent.value if t else None,
        "confidence": round(t.confidence, 3) if t else None,
        "problem": t.problem.value if t else None,
        "requests": [r.value for r in t.requests] if t else [],
        "resolution": d.resolution if d else None,
        "template": d.template if d else None,
        "draft_notes": list(outcome.draft.notes) if outcome.draft else [],
    }


def _disposition(row: InboundRow, outcome: Outcome) -> None:
    # One line per email, starting with its Message-ID (journald-friendly, no body text).
    log.info("%s %s intent=%s reason=%s", row.message_id or f"<inbound:{row.id}>",
             outcome.action.value, row.intent or "-", (outcome.reasons or ("-",))[0][:200])
