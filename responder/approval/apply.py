"""Carrying out an approver's decision on a draft: one code path for email and the CLI.

`check` runs first and changes nothing, so a refused edit leaves the code unused; `apply`
then moves the draft and queues what must be sent, all in the caller's transaction. The
running daemon sends the queued rows on its next cycle.
"""

from __future__ import annotations

from sqlmodel import Session

from responder.approval.decide import ActionKind, ApprovalAction
from responder.approval.outmail import Mailer, customer_reply, issue_requests, stored_view
from responder.approval.tokens import content_hash
from responder.drafting.factlock import check_owner_edit
from responder.store.settings import PAUSED
from responder.store.tables import DraftRow, Setting

WAITING = ("parked", "held")
"""Draft states an approver can still act on."""
DRAFT_KINDS = frozenset({ActionKind.SEND, ActionKind.SEND_EDITED, ActionKind.REDRAFT,
                         ActionKind.REJECT, ActionKind.HOLD, ActionKind.ESCALATE})


def check(action: ApprovalAction, draft: DraftRow | None) -> str | None:
    """Why the action cannot be carried out (draft gone, edit breaks the rules), or None."""
    if action.kind not in DRAFT_KINDS:
        return None
    if draft is None or draft.state not in WAITING:
        return "the draft is no longer waiting for approval"
    if action.kind in (ActionKind.SEND_EDITED, ActionKind.REDRAFT):
        problems = check_owner_edit(draft.text, action.edited_text, draft.language)
        if problems:
            return "your edited reply was not used: " + "; ".join(problems)
    return None


def apply(s: Session, m: Mailer, action: ApprovalAction, draft: DraftRow | None, *,
          by: str) -> DraftRow | None:
    """Carry out a checked action; returns the new draft of a redraft, else None."""
    if action.kind in (ActionKind.PAUSE, ActionKind.RESUME):
        s.merge(Setting(key=PAUSED, value="1" if action.kind is ActionKind.PAUSE else "0"))
        return None
    if draft is None or action.kind not in DRAFT_KINDS:
        return None
    redraft = _on_draft(s, m, action, draft)
    draft.note = (action.reason if action.kind is not ActionKind.SEND else draft.note)[:2000]
    if draft.state not in WAITING:
        draft.decided_at, draft.decided_by = m.now, by
    s.add(draft)
    return redraft


def _on_draft(s: Session, m: Mailer, action: ApprovalAction, draft: DraftRow) -> DraftRow | None:
    """The state change (and mail) of one action on one draft."""
    kind = action.kind
    if kind is ActionKind.SEND:
        customer_reply(s, m, draft, draft.text, draft.html)
        draft.state, draft.result = "sent", "unchanged"
    elif kind is ActionKind.SEND_EDITED:
        customer_reply(s, m, draft, action.edited_text, "")
        draft.state, draft.result = "sent", "edited"
    elif kind is ActionKind.REDRAFT:
        draft.state, draft.result = "superseded", "edited"
        return _redraft(s, m, draft, action.edited_text)
    elif kind is ActionKind.REJECT:
        draft.state, draft.result = "rejected", "rejected"
    else:
        draft.state = "held"
    return None


def _redraft(s: Session, m: Mailer, old: DraftRow, text: str) -> DraftRow:
    """Park the approver's own text as a new draft and ask for approval of exactly that text."""
    new = DraftRow(
        inbound_id=old.inbound_id, conversation_id=old.conversation_id,
        customer_email=old.customer_email, subject=old.subject, language=old.language,
        template=old.template, intent=old.intent, text=text, html="",
        facts_json=old.facts_json, reasons_json=old.reasons_json, priority=old.priority,
        approver_group=old.approver_group, content_sha256=content_hash(text), created_at=m.now,
        note=f"edited from #D{old.id}")
    s.add(new)
    s.flush()
    issue_requests(s, m, new, stored_view(new, f"this is the approver's own edit of #D{old.id}"))
    return new
