"""Mail the approval stage queues: approval requests, notices to approvers, approved replies.

Nothing here talks to a server: each function adds an OutboxRow with the exact bytes to the
caller's session, so it commits (or rolls back) with the decision that caused it. Message-IDs
are deterministic per draft, approver or inbound email, so a retry queues the same message.
Approval requests belong to a draft, not to an inbound email (inbound_id is None), which keeps
UNIQUE(inbound_id, kind) free for a draft with several approvers or a re-issued request.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from email.message import EmailMessage

import sqlalchemy as sa
from sqlmodel import Session, col, select

from responder import ownerlang as ol
from responder.approval.config import ApprovalSettings
from responder.approval.notices import localise
from responder.approval.request import ApprovalRequest, build_request
from responder.approval.tables import ApprovalToken
from responder.approval.tokens import issue, redact
from responder.mail.addresses import sendable
from responder.mail.compose import Envelope, build_notice, build_reply, reply_subject, to_bytes
from responder.mail.msgid import make_message_id
from responder.mail.parse import parse
from responder.models import Action, Customer, Decision, Draft, Intent, Order, Triage
from responder.store.tables import Conversation, DraftRow, InboundRow, OutboxRow
from responder.store.threads import thread_ref

REQUEST_KIND = "approval"
REMINDER_KIND = "reminder"
OWNER_KINDS = (REQUEST_KIND, "confirmation", "refusal", REMINDER_KIND)
"""Kinds (or kind prefixes) of mail we send to approvers; replies to them are owner mail."""
NOTICE_INTERVAL = timedelta(hours=1)


@dataclass(frozen=True)
class Mailer:
    """What building our mail needs: the config, the Message-ID key and the time."""

    cfg: ApprovalSettings
    key: bytes
    loop_token: str
    now: datetime

    @property
    def envelope(self) -> Envelope:
        """From header and loop token of everything we send."""
        return Envelope(self.cfg.store.name, self.cfg.store.support_address, self.loop_token)

    def message_id(self, scope: str, kind: str) -> str:
        """The deterministic Message-ID of mail `kind` about `scope` (e.g. `draft7`)."""
        domain = self.cfg.store.domain
        return make_message_id(self.key, scope, kind, domain)


@dataclass(frozen=True)
class RequestView:
    """What the approval email shows besides the draft itself."""

    decision: Decision
    triage: Triage
    order: Order | None = None
    customer: Customer | None = None
    customer_name: str = ""
    extra: tuple[str, ...] = ()
    """Lines added to the policy reasons (e.g. who edited the draft)."""


def _queue(s: Session, m: Mailer, msg: EmailMessage, rcpt: str, kind: str, **links: object) -> OutboxRow:
    """Add one outbox row with the exact bytes of `msg`."""
    row = OutboxRow(kind=kind, message_id=str(msg["Message-ID"]), rcpt=rcpt,
                    envelope_from=m.cfg.smtp.envelope_from, raw=to_bytes(msg),
                    created_at=m.now, **links)  # type: ignore[arg-type]
    s.add(row)
    return row


def notice(s: Session, m: Mailer, to: str, subject: str, text: str, *, kind: str,
           scope: str, inbound_id: int | None = None, in_reply_to: str | None = None) -> OutboxRow:
    """Queue a short auto-generated message to an approver or the owner; codes are masked."""
    msgid = m.message_id(scope, kind)
    lang = approver_language(m, to)
    body = redact(localise(lang, kind, text))
    msg = build_notice(to, subject, body, m.envelope, msgid, now=m.now,
                       in_reply_to=in_reply_to or None)
    _add_html(msg, lang, body)
    return _queue(s, m, msg, to, kind, inbound_id=inbound_id, automatic=False)


def recently_told(s: Session, m: Mailer, kind: str, rcpt: str) -> bool:
    """True when `rcpt` got a notice of this kind within the last hour (R23 rate limit)."""
    query = select(OutboxRow.id).where(
        OutboxRow.kind == kind, OutboxRow.rcpt == rcpt,
        col(OutboxRow.created_at) >= m.now - NOTICE_INTERVAL)
    return s.exec(query).first() is not None


def refusal_kind(reason: str) -> str:
    """The outbox kind of a refusal notice: one per reason, so the rate limit is per reason."""
    return "refusal:" + hashlib.sha256(reason.encode()).hexdigest()[:12]


def issue_requests(s: Session, m: Mailer, draft: DraftRow, view: RequestView) -> int:
    """One code and one approval email per approver of the draft's group; returns how many."""
    approvers = m.cfg.approval.approvers_for(draft.approver_group)
    for approver in approvers:
        _request(s, m, draft, approver, view)
    return len(approvers)


def _request(s: Session, m: Mailer, draft: DraftRow, approver: str, view: RequestView) -> None:
    """Issue the code and queue the approval email."""
    queue_request(s, m, draft, approver, request_text(s, m, draft, approver, view), REQUEST_KIND)


def approver_language(m: Mailer, approver: str) -> str:
    """The language this approver reads (their own setting, else the owner's)."""
    return ol.language_for(m.cfg.approval.approver_languages, m.cfg.store.owner_language, approver)


def request_text(s: Session, m: Mailer, draft: DraftRow, approver: str,
                 view: RequestView) -> tuple[str, str]:
    """Issue a code, store its hash; the request's subject and body (the clear code is only here)."""
    assert draft.id is not None  # noqa: S101  (flushed by the caller)
    token, record = issue(draft.id, draft.text, approver, m.now, m.cfg.approval.token_ttl_hours)
    s.add(ApprovalToken.from_record(record, m.now))
    decision = view.decision
    if view.extra:
        decision = replace(decision, reasons=(*decision.reasons, *view.extra))
    return build_request(ApprovalRequest(
        draft.id, token, record.expires_at, draft.customer_email, draft.subject, draft.text,
        decision, view.triage, view.order, view.customer, customer_name=view.customer_name,
        lang=approver_language(m, approver), calendar=m.cfg.store.owner_calendar))


def queue_request(s: Session, m: Mailer, draft: DraftRow, approver: str, mail: tuple[str, str],
                  kind: str, *, in_reply_to: str | None = None, urgent: bool = False) -> OutboxRow:
    """Queue an email that carries a code (not redacted), threaded into the draft's conversation."""
    subject, body = mail
    msgid = m.message_id(f"draft{draft.id}", f"{kind}:{approver}")
    msg = build_notice(approver, subject, body, m.envelope, msgid, now=m.now, in_reply_to=in_reply_to)
    _add_html(msg, approver_language(m, approver), body)
    if urgent:
        msg["Importance"], msg["X-Priority"] = "high", "1 (Highest)"
    row = _queue(s, m, msg, approver, kind, draft_id=draft.id, automatic=False,
                 conversation_id=draft.conversation_id)
    if draft.conversation_id is not None:
        thread_ref(s.connection(), msgid, draft.conversation_id)
    return row


def _add_html(msg: EmailMessage, lang: str, body: str) -> None:
    """Arabic and Persian mail gets an HTML part with dir="rtl" beside the plain text."""
    if ol.is_rtl(lang):
        msg.add_alternative(ol.html(lang, body), subtype="html", cte="quoted-printable")


def stored_view(draft: DraftRow, note: str) -> RequestView:
    """A request view rebuilt from a stored draft (a redraft has no fresh triage)."""
    reasons = tuple(str(r) for r in json.loads(draft.reasons_json or "[]"))
    intent = draft.intent if draft.intent in Intent._value2member_map_ else Intent.OTHER.value
    decision = Decision(action=Action.PARK, reasons=reasons, priority=draft.priority,
                        approver_group=draft.approver_group)
    return RequestView(decision, Triage(language=draft.language, intent=Intent(intent),
                                        confidence=1.0), extra=(note,))


def customer_reply(s: Session, m: Mailer, draft: DraftRow, text: str, html: str) -> OutboxRow:
    """Queue the approved reply to the customer, threaded under their email; not automatic."""
    parent_row = s.get(InboundRow, draft.inbound_id)
    if parent_row is None:
        raise LookupError(f"the customer's email of draft {draft.id} is gone")
    parent = parse(parent_row.raw, max_bytes=m.cfg.imap.max_message_bytes)
    reply = Draft(text=text, html=html, language=draft.language, template=draft.template)
    msgid = m.message_id(f"draft{draft.id}", "reply")
    msg = build_reply(parent, reply, m.envelope, msgid, now=m.now, automatic=False)
    row = _queue(s, m, msg, sendable(parent.from_addr), "reply", inbound_id=draft.inbound_id,
                 draft_id=draft.id, automatic=False, conversation_id=draft.conversation_id)
    _note_sent(s, draft, msgid)
    return row


def _note_sent(s: Session, draft: DraftRow, msgid: str) -> None:
    """Thread the reply into the conversation and remember its template."""
    conv = s.get(Conversation, draft.conversation_id) if draft.conversation_id else None
    if conv is None or conv.id is None:
        return
    conv.templates_sent = f"{conv.templates_sent} {draft.template}".strip()
    s.add(conv)
    thread_ref(s.connection(), msgid, conv.id)


def subject_for(subject: str) -> str:
    """The subject of a notice answering an approver's email."""
    return reply_subject(subject)


def owner_mail_ids(s: Session, refs: list[str]) -> list[OutboxRow]:
    """Our approver-facing outbox rows among these Message-IDs (what a reply refers to)."""
    if not refs:
        return []
    kinds = sa.or_(*(col(OutboxRow.kind).startswith(k) for k in OWNER_KINDS))
    return list(s.exec(select(OutboxRow).where(col(OutboxRow.message_id).in_(refs), kinds)).all())
