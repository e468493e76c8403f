"""The approval stage wired to the processor: ask approvers by email, act on their answers.

`ApprovalFlow.on_outcome` is a processor Listener: a parked draft gets one code and one
approval email per approver, in the transaction that parks it. `ApprovalFlow.intercept` is a
processor Interceptor: owner mail (see owner_mail.py) is taken out of the customer pipeline,
authenticated, decided (decide.evaluate) and carried out (apply.py) in ONE transaction with
the code being used up, the audit row and the notice. Codes never reach a log line: the
daemon installs `install_redaction()`, and reasons are redacted before they are stored.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.engine import Engine
from sqlmodel import Session, col, select

from responder.approval import apply as applying
from responder.approval.auth import AuthResult, DnsFunc, authenticate
from responder.approval.commands import parse_owner_reply
from responder.approval.config import OWNER_GROUP, ApprovalSettings
from responder.approval.decide import ActionKind, ApprovalAction, Notify, TokenLookup, evaluate
from responder.approval.outmail import (
    Mailer,
    RequestView,
    issue_requests,
    notice,
    recently_told,
    refusal_kind,
    subject_for,
)
from responder.approval.owner_mail import OwnerMail, automated, recognise
from responder.approval.reminders import after_decision, remind
from responder.approval.tables import ApprovalToken, consume_token, find_token, newest_digest
from responder.approval.tokens import RedactFilter, redact, token_digest
from responder.models import Action, Inbound, Outcome, Triage
from responder.store.db import session
from responder.store.tables import AuditRow, DraftRow, InboundRow

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Evidence:
    """What the audit row records about one owner reply (never the code itself, R25)."""

    auth: AuthResult | None = None
    token_id: int | None = None
    digest: str = ""
    draft: DraftRow | None = None


@dataclass
class ApprovalFlow:
    """The approval stage's two processor hooks, with what they need."""

    engine: Engine
    cfg: ApprovalSettings
    key: bytes
    loop_token: str
    now: Callable[[], datetime]
    dnsfunc: DnsFunc | None = None
    """DNS lookup for our own DKIM check; None: real DNS (tests inject a fake)."""

    def remind(self) -> list[str]:
        """Queue the reminders due now (the daemon runs this on a timer); what was queued."""
        with session(self.engine) as s:
            return remind(s, self.cfg, self.key, self.now())

    def mailer(self) -> Mailer:
        """A Mailer for this moment."""
        return Mailer(self.cfg, self.key, self.loop_token, self.now())

    def on_outcome(self, s: Session, row: InboundRow, outcome: Outcome,
                   parked: DraftRow | None) -> None:
        """Listener: each approver of a freshly parked draft gets its code by email."""
        inbound, decision = outcome.inbound, outcome.decision
        if outcome.action is not Action.PARK or parked is None or inbound is None or decision is None:
            return
        view = RequestView(decision, outcome.triage or Triage(), outcome.order, outcome.customer,
                           inbound.from_name)
        issue_requests(s, self.mailer(), parked, view)

    def intercept(self, row: InboundRow, inbound: Inbound, raw: bytes) -> Outcome | None:
        """Interceptor: act on owner mail and keep it away from the customer pipeline."""
        with session(self.engine) as s:
            mail = recognise(s, self.cfg.approval, inbound, raw)
            if mail is None:
                return None
            fresh = s.get(InboundRow, row.id)
            if fresh is None:
                return None
            done = _earlier(s, fresh)
            reason = done or self._handle(s, fresh, inbound, mail, raw)
            fresh.kind = "owner_reply"
            s.add(fresh)
        return Outcome(Action.SKIP, (f"owner reply: {reason}",), inbound)

    def _handle(self, s: Session, row: InboundRow, inbound: Inbound, mail: OwnerMail,
                raw: bytes) -> str:
        """Decide and act; returns the reason for the disposition line."""
        machine = automated(inbound, self.loop_token) or _repeated(s, row, inbound)
        if machine:
            action, ev = ApprovalAction(ActionKind.IGNORE, f"ignored: {machine}"), Evidence()
        else:
            action, ev = self._decide(s, inbound, mail, raw)
        action = self._carry_out(s, row, inbound, action, ev)
        told = self._tell(s, row, inbound, action)
        _audit(s, row, inbound, action, ev, told)
        return f"{action.kind.value}: {redact(action.reason)}"

    def _decide(self, s: Session, inbound: Inbound, mail: OwnerMail,
                raw: bytes) -> tuple[ApprovalAction, Evidence]:
        """Parse, authenticate, look the code up and evaluate (decide.py)."""
        approval = self.cfg.approval
        command = parse_owner_reply(mail.text, mail.html, accept_html=approval.accept_html_only)
        record = find_token(s, mail.codes[0]) if len(mail.codes) == 1 else None
        draft = s.get(DraftRow, record.draft_id) if record else None
        group = draft.approver_group if draft else OWNER_GROUP
        auth = authenticate(raw, mail.sender, approval, group=group, dnsfunc=self.dnsfunc)
        waiting = draft is not None and draft.state in applying.WAITING
        newest = record is not None and newest_digest(s, mail.sender) == record.digest
        lookup = TokenLookup(mail.codes, record, mail.draft_id,
                             draft.content_sha256 if waiting and draft else None,
                             draft.customer_email if draft else "", newest=newest)
        action = evaluate(command, lookup, auth, self.now(), sender=mail.sender,
                          confirm_edits=approval.confirm_edits)
        digest = token_digest(mail.codes[0]) if record else ""
        return action, Evidence(auth, _token_id(s, digest), digest, draft)

    def _carry_out(self, s: Session, row: InboundRow, inbound: Inbound, action: ApprovalAction,
                   ev: Evidence) -> ApprovalAction:
        """Use the code and apply the action; a late problem turns it into a refusal."""
        if action.kind in (ActionKind.IGNORE, ActionKind.REFUSE):
            return action
        draft = s.get(DraftRow, action.draft_id) if action.draft_id else None
        problem = applying.check(action, draft)
        if problem is None and action.consume_token:
            used = consume_token(s, ev.digest, self.now(), inbound.message_id or f"in{row.id}")
            problem = None if used else "token already used"
        if problem is not None:
            return _refusal(problem)
        applying.apply(s, self.mailer(), action, draft, by=inbound.from_addr)
        after_decision(draft, action.kind)
        return action

    def _tell(self, s: Session, row: InboundRow, inbound: Inbound, action: ApprovalAction) -> str:
        """Queue the confirmation or refusal notice; returns what happened to it."""
        if action.notify is Notify.NOBODY:
            return "none"
        m = self.mailer()
        to = self.cfg.store.owner_address if action.notify is Notify.OWNER else inbound.from_addr
        refused = action.kind is ActionKind.REFUSE
        kind = refusal_kind(action.reason) if refused else f"confirmation:{action.kind.value}"
        if refused and recently_told(s, m, kind, to):
            return "rate-limited"
        reply_to = inbound.message_id if action.notify is Notify.SENDER else None
        notice(s, m, to, subject_for(inbound.subject), action.message, kind=kind,
               scope=f"in{row.id}", inbound_id=row.id, in_reply_to=reply_to)
        return f"sent to {to}"


def _refusal(reason: str) -> ApprovalAction:
    """A refusal found after evaluation; the authenticated approver is told."""
    text = f"Your reply was not acted on: {reason}. Nothing was sent."
    return ApprovalAction(ActionKind.REFUSE, reason, Notify.SENDER, text)


def _earlier(s: Session, row: InboundRow) -> str | None:
    """The result of an earlier run on this email (a crash after our commit), or None."""
    query = select(AuditRow).where(AuditRow.inbound_id == row.id, AuditRow.stage == "approval")
    found = s.exec(query).first()
    return f"already handled ({found.action})" if found else None


def _repeated(s: Session, row: InboundRow, inbound: Inbound) -> str | None:
    """A replay: an earlier email with this Message-ID was already handled as owner mail."""
    if not inbound.message_id:
        return None
    query = (select(AuditRow.id).join(InboundRow, col(InboundRow.id) == AuditRow.inbound_id)
             .where(InboundRow.message_id == inbound.message_id, InboundRow.id != row.id,
                    AuditRow.stage == "approval"))
    return "repeated Message-ID (a copy of an owner mail already handled)" if s.exec(query).first() else None


def _token_id(s: Session, digest: str) -> int | None:
    """The id of a code's row, for the audit trail."""
    if not digest:
        return None
    return s.exec(select(ApprovalToken.id).where(ApprovalToken.digest == digest)).first()


def _audit(s: Session, row: InboundRow, inbound: Inbound, action: ApprovalAction, ev: Evidence,
           told: str) -> None:
    """One audit row per owner reply: approver, proof, code id, draft hash, result (R25)."""
    auth, draft = ev.auth, ev.draft
    detail = {
        "approver": inbound.from_addr, "reason": redact(action.reason), "notice": told,
        "method": auth.method if auth else "", "auth": redact(auth.reason) if auth else "",
        "dkim_domain": auth.dkim_domain if auth else "",
        "authentication_results": [redact(v)[:500] for v in
                                   inbound.header("authentication-results")[:3]],
        "token_id": ev.token_id, "draft_id": action.draft_id or (draft.id if draft else None),
        "draft_sha256": draft.content_sha256 if draft else None,
    }
    s.add(AuditRow(inbound_id=row.id, stage="approval", action=action.kind.value,
                   detail_json=json.dumps(detail, ensure_ascii=False)))
    log.info("%s approval %s: %s", inbound.message_id or f"<inbound:{row.id}>",
             action.kind.value, redact(action.reason)[:200])


def install_redaction() -> None:
    """Mask approval codes in every log line (T60): on the root logger and its handlers."""
    root = logging.getLogger()
    for target in (root, *root.handlers):
        if not any(isinstance(f, RedactFilter) for f in target.filters):
            target.addFilter(RedactFilter())


def build_flow(engine: Engine, cfg: ApprovalSettings, key: bytes, loop_token: str,
               now: Callable[[], datetime]) -> ApprovalFlow:
    """The approval stage for the daemon's composition root."""
    return ApprovalFlow(engine, cfg, key, loop_token, now)
