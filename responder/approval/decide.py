"""What an owner's reply makes us do: pure, every refusal with its reason (R22, R23).

Automatic mail (out-of-office) is ignored silently (T56). A reply that fails authentication
is refused and the store owner is told, never the claimed sender. Everything else that is
doubtful is refused with a notice to the (authenticated) approver. PAUSE and RESUME are not
about one draft, but a signed owner mail can be replayed by anyone who has a copy, so they
need the code of the newest approval email sent to this approver (used or not, unexpired),
which an old copy cannot carry. Commands on a draft need its single, unexpired, unused code, issued to this
approver for this draft's exact text (T45, T53-T55).
"""

from __future__ import annotations

import hmac
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from responder.approval.auth import AuthResult
from responder.approval.commands import CommandKind, OwnerCommand
from responder.approval.tokens import TokenRecord, matches

SWITCH_HOWTO = (
    "reply to the newest approval email with PAUSE (or RESUME) alone on the first line and "
    "keep the quoted text with its 'Approval code: APR-...' line below"
)


class ActionKind(StrEnum):
    """What the caller does."""

    SEND = "send"
    """Release the stored draft unchanged into the outbox; consume the code in that transaction."""
    SEND_EDITED = "send_edited"
    """Send `edited_text` instead (after the fact-lock check); the draft is superseded."""
    REDRAFT = "redraft"
    """Park `edited_text` as a new draft and send a new approval request for it (R24)."""
    REJECT = "reject"
    HOLD = "hold"
    ESCALATE = "escalate"
    PAUSE = "pause"
    RESUME = "resume"
    REFUSE = "refuse"
    """Do nothing to the draft; send `message` to `notify`."""
    IGNORE = "ignore"
    """Automatic mail: do nothing, tell nobody."""


class Notify(StrEnum):
    """Who gets `ApprovalAction.message`."""

    NOBODY = "nobody"
    SENDER = "sender"
    """The approver who wrote (authenticated)."""
    OWNER = "owner"
    """The store owner's address from config, never the unauthenticated sender."""


@dataclass(frozen=True)
class TokenLookup:
    """What the caller found for the codes in a reply."""

    codes: tuple[str, ...]
    """Distinct codes in the whole reply (`tokens.find_codes`)."""
    record: TokenRecord | None
    """The stored record of the one code, None when unknown or when there are several."""
    reply_draft_id: int | None = None
    """The draft the reply's subject tag (or In-Reply-To) names."""
    draft_sha256: str | None = None
    """Hash of the record's draft text as stored now; None when it no longer waits."""
    customer: str = ""
    """The customer's address, for the confirmation."""
    newest: bool = False
    """The one code is the newest issued to this approver (what PAUSE and RESUME need)."""


@dataclass(frozen=True)
class ApprovalAction:
    """The one thing to do for an owner's reply, and what to tell whom."""

    kind: ActionKind
    reason: str
    notify: Notify = Notify.NOBODY
    message: str = ""
    draft_id: int | None = None
    edited_text: str = ""
    consume_token: bool = False


def evaluate(
    command: OwnerCommand,
    lookup: TokenLookup,
    auth: AuthResult,
    now: datetime,
    *,
    sender: str,
    automated: bool = False,
    confirm_edits: bool = True,
) -> ApprovalAction:
    """Decide what an owner's reply does; refusals carry the reason and a notice."""
    general = _general(command, auth, sender=sender, automated=automated)
    if general is not None:
        return general
    switch = _switch(command, lookup, sender.lower(), now)
    if switch is not None:
        return switch
    checked = check_token(lookup, sender.lower(), now)
    if isinstance(checked, str):
        return _refuse(checked)
    action = _draft_action(command, checked.draft_id, lookup.customer)
    if action.kind is ActionKind.SEND_EDITED and confirm_edits:
        return _redraft(action, lookup.customer)
    return action


def _general(
    command: OwnerCommand, auth: AuthResult, *, sender: str, automated: bool
) -> ApprovalAction | None:
    """The action that needs no code (ignore, refuse, pause, resume), or None."""
    if automated:
        return ApprovalAction(ActionKind.IGNORE, "automatic reply to an approval email")
    if not auth.ok:
        reason = f"not authenticated: {auth.reason}"
        text = f"A reply claiming to be from {sender} was refused ({reason}). Nothing was sent."
        return ApprovalAction(ActionKind.REFUSE, reason, Notify.OWNER, text)
    if command.kind is CommandKind.NONE:
        return _refuse(command.reason or "no command")
    return None


def _switch(command: OwnerCommand, lookup: TokenLookup, sender: str, now: datetime) -> ApprovalAction | None:
    """PAUSE or RESUME with the newest code, a refusal without it; None for other commands."""
    if command.kind not in (CommandKind.PAUSE, CommandKind.RESUME):
        return None
    problem = _switch_code_problem(lookup, sender, now)
    if problem:
        return _refuse(f"{problem}; {SWITCH_HOWTO}")
    if command.kind is CommandKind.PAUSE:
        return _tell(ActionKind.PAUSE, "Paused all automatic sending. To restart, reply RESUME "
                     "to the newest approval email, keeping its quoted text.")
    return _tell(ActionKind.RESUME, "Resumed automatic sending.")


def _switch_code_problem(lookup: TokenLookup, sender: str, now: datetime) -> str | None:
    """Why the reply's code cannot switch sending on or off, or None."""
    record = lookup.record
    if len(lookup.codes) != 1 or record is None or not matches(lookup.codes[0], record):
        return "PAUSE and RESUME need one approval code"
    if record.approver != sender:
        return "the approval code was sent to another approver"
    if now >= record.expires_at or not lookup.newest:
        return "PAUSE and RESUME need the code of your newest approval email"
    return None


def check_token(lookup: TokenLookup, sender: str, now: datetime) -> TokenRecord | str:
    """The record when the reply's code allows acting on its draft, else why it does not."""
    record = lookup.record
    problem = _code_problem(lookup, now) or _binding_problem(lookup, record, sender)
    if problem or record is None:
        return problem or "unknown approval code"
    return record


def _code_problem(lookup: TokenLookup, now: datetime) -> str | None:
    """Why the code itself is no good (missing, several, unknown, used, expired), or None."""
    if not lookup.codes:
        return "no approval code in the reply"
    if len(lookup.codes) > 1:
        return "more than one approval code in the reply"
    record = lookup.record
    if record is None or not matches(lookup.codes[0], record):
        return "unknown approval code"
    if record.consumed_at is not None:
        return "token already used"
    if now >= record.expires_at:
        return "approval code expired; the draft stays parked"
    return None


def _binding_problem(lookup: TokenLookup, record: TokenRecord | None, sender: str) -> str | None:
    """Why the code does not fit this approver or draft (thread, changed text, gone), or None."""
    if record is None or record.approver != sender:
        return "the approval code was sent to another approver"
    if lookup.reply_draft_id is not None and lookup.reply_draft_id != record.draft_id:
        return "the approval code belongs to another draft"
    if lookup.draft_sha256 is None:
        return "the draft is no longer waiting for approval"
    if not hmac.compare_digest(lookup.draft_sha256, record.content_sha256):
        return "the draft changed after this approval request; answer the newest request"
    return None


def _draft_action(command: OwnerCommand, draft_id: int, customer: str) -> ApprovalAction:
    """The action for a valid command on one draft, with the confirmation text."""
    who = customer or "the customer"
    tag = f"#D{draft_id}"
    kind = command.kind
    if kind is CommandKind.APPROVE:
        text = f"Sent your reply to {who} ({tag})."
        return _act(ActionKind.SEND, draft_id, text, consume=True)
    if kind is CommandKind.EDIT:
        edited = command.edited_text
        text = f"Sent your own reply to {who} instead of the draft ({tag}):\n\n{edited}"
        return _act(ActionKind.SEND_EDITED, draft_id, text, consume=True, edited=edited)
    if kind is CommandKind.REJECT:
        note = f" Your reason: {command.reason}" if command.reason else ""
        text = f"Rejected; nothing was sent to {who} ({tag}).{note}"
        return _act(ActionKind.REJECT, draft_id, text, consume=True, note=command.reason)
    if kind is CommandKind.HOLD:
        text = f"Holding {tag}; no reminders until you answer."
        return _act(ActionKind.HOLD, draft_id, text, note=command.reason)
    text = f"Escalated {tag}; it stays parked and the reminders go on."
    return _act(ActionKind.ESCALATE, draft_id, text, note=command.reason)


def _act(
    kind: ActionKind,
    draft_id: int,
    text: str,
    *,
    consume: bool = False,
    edited: str = "",
    note: str = "",
) -> ApprovalAction:
    """An accepted command on a draft; the approver gets the confirmation."""
    reason = f"{kind.value}: {note}" if note else kind.value
    return ApprovalAction(
        kind, reason, Notify.SENDER, text, draft_id, edited_text=edited, consume_token=consume
    )


def _redraft(edit: ApprovalAction, customer: str) -> ApprovalAction:
    """The owner's own text goes back to them as a new request instead of out at once."""
    text = (
        f"Your own reply to {customer or 'the customer'} replaces the draft. A new approval "
        f"request with it follows; answer APPROVE there to send it:\n\n{edit.edited_text}"
    )
    return ApprovalAction(
        ActionKind.REDRAFT,
        "redraft",
        Notify.SENDER,
        text,
        edit.draft_id,
        edited_text=edit.edited_text,
        consume_token=True,
    )


def _tell(kind: ActionKind, text: str) -> ApprovalAction:
    """An accepted command that is not about a draft."""
    return ApprovalAction(kind, kind.value, Notify.SENDER, text)


def _refuse(reason: str) -> ApprovalAction:
    """Nothing happens; the authenticated approver is told why."""
    text = f"Your reply was not acted on: {reason}. Nothing was sent."
    return ApprovalAction(ActionKind.REFUSE, reason, Notify.SENDER, text)
