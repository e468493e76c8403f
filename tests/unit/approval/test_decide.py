"""What an owner's reply makes us do: codes, binding, authentication, notices (T45, T53-T56)."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest

from responder.approval.auth import AuthResult
from responder.approval.commands import CommandKind, OwnerCommand
from responder.approval.decide import ActionKind, Notify, TokenLookup, evaluate
from responder.approval.tokens import content_hash, issue

NOW = datetime(2026, 1, 5, 10, 0, tzinfo=UTC)
OWNER = "owner@shop-owner.example"
DRAFT = "Hi Alice, your parcel left on Monday with DHL."
TOKEN, RECORD = issue(7, DRAFT, OWNER, NOW - timedelta(hours=1), 72)
GOOD = TokenLookup(
    codes=(TOKEN,),
    record=RECORD,
    reply_draft_id=7,
    draft_sha256=content_hash(DRAFT),
    customer="alice@cust.example",
)
AUTH = AuthResult(True, "dmarc=pass", method="dmarc")
APPROVE = OwnerCommand(CommandKind.APPROVE)


def run(
    command: OwnerCommand = APPROVE,
    lookup: TokenLookup = GOOD,
    auth: AuthResult = AUTH,
    now: datetime = NOW,
    **kwargs: bool,
) -> tuple[ActionKind, str, Notify]:
    """Evaluate a reply from the owner and return what matters."""
    action = evaluate(command, lookup, auth, now, sender=OWNER, **kwargs)
    return action.kind, action.reason, action.notify


def test_valid_approval_sends_and_consumes_the_code() -> None:
    """T44: a good reply releases the draft once and uses up the code."""
    action = evaluate(APPROVE, GOOD, AUTH, NOW, sender=OWNER.upper())
    assert (action.kind, action.draft_id, action.consume_token) == (ActionKind.SEND, 7, True)
    assert action.message == "Sent your reply to alice@cust.example (#D7)."
    assert action.notify is Notify.SENDER


def test_used_code_is_refused() -> None:
    """T45: a replayed approval does nothing the second time."""
    used = replace(GOOD, record=replace(RECORD, consumed_at=NOW - timedelta(minutes=1)))
    assert run(lookup=used) == (ActionKind.REFUSE, "token already used", Notify.SENDER)


def test_refused_authentication_tells_the_owner_not_the_sender() -> None:
    """T46: a spoofed approval is refused and the alarm goes to the store owner's address."""
    kind, reason, notify = run(auth=AuthResult(False, "dmarc=fail"))
    assert (kind, notify) == (ActionKind.REFUSE, Notify.OWNER)
    assert "not authenticated: dmarc=fail" in reason


def test_expired_code_is_refused() -> None:
    """T53: after 72 hours the code no longer works."""
    kind, reason, _ = run(now=NOW + timedelta(hours=72))
    assert kind is ActionKind.REFUSE
    assert "expired" in reason


def test_code_of_another_draft_is_refused() -> None:
    """T54: draft 7's code in a reply to draft 8's request does nothing."""
    kind, reason, _ = run(lookup=replace(GOOD, reply_draft_id=8))
    assert (kind, reason) == (ActionKind.REFUSE, "the approval code belongs to another draft")


def test_regenerated_draft_invalidates_the_old_code() -> None:
    """T55: the draft text changed after the request, so the old code does not send it."""
    changed = replace(GOOD, draft_sha256=content_hash(DRAFT + " Tracking: 123"))
    kind, reason, _ = run(lookup=changed)
    assert kind is ActionKind.REFUSE
    assert "changed" in reason


@pytest.mark.parametrize("auth", [AUTH, AuthResult(False, "none")], ids=["authentic", "not"])
def test_automatic_reply_is_ignored_silently(auth: AuthResult) -> None:
    """T56: an out-of-office answer to the approval mail does nothing and tells nobody."""
    action = evaluate(APPROVE, GOOD, auth, NOW, sender=OWNER, automated=True)
    assert (action.kind, action.notify, action.message) == (ActionKind.IGNORE, Notify.NOBODY, "")


@pytest.mark.parametrize(
    ("lookup", "reason"),
    [
        (replace(GOOD, codes=()), "no approval code in the reply"),
        (replace(GOOD, codes=(TOKEN, TOKEN[::-1])), "more than one approval code in the reply"),
        (replace(GOOD, record=None), "unknown approval code"),
        (replace(GOOD, codes=(TOKEN[:-1] + ("y" if TOKEN.endswith("x") else "x"),)), "unknown approval code"),
        (replace(GOOD, draft_sha256=None), "the draft is no longer waiting for approval"),
        (
            replace(GOOD, record=replace(RECORD, approver="books@shop-owner.example")),
            "the approval code was sent to another approver",
        ),
    ],
    ids=["missing", "several", "unknown", "wrong-token", "draft-gone", "other-approver"],
)
def test_code_problems_are_refused_with_their_reason(lookup: TokenLookup, reason: str) -> None:
    """Every way a code can fail to fit is a refusal with its own reason."""
    assert run(lookup=lookup) == (ActionKind.REFUSE, reason, Notify.SENDER)


def test_unreadable_command_is_refused_with_a_notice() -> None:
    """R23: a reply without a command does nothing and the approver learns why."""
    action = evaluate(OwnerCommand(CommandKind.NONE, "unclear"), GOOD, AUTH, NOW, sender=OWNER)
    assert (action.kind, action.consume_token) == (ActionKind.REFUSE, False)
    assert "unclear" in action.message


def test_reject_confirms_that_nothing_was_sent() -> None:
    """REJECT uses up the code and says nothing went to the customer."""
    action = evaluate(OwnerCommand(CommandKind.REJECT, "too generous"), GOOD, AUTH, NOW, sender=OWNER)
    assert (action.kind, action.consume_token) == (ActionKind.REJECT, True)
    assert action.message.startswith("Rejected; nothing was sent to alice@cust.example")
    assert "too generous" in action.reason


def test_edit_becomes_a_new_draft_to_approve_by_default() -> None:
    """R24: the owner's own text is parked as a new draft, not sent straight away."""
    edit = OwnerCommand(CommandKind.EDIT, edited_text="Hi Alice,\nrefunded.")
    action = evaluate(edit, GOOD, AUTH, NOW, sender=OWNER)
    assert (action.kind, action.edited_text) == (ActionKind.REDRAFT, "Hi Alice,\nrefunded.")
    assert "answer APPROVE there" in action.message


def test_edit_is_sent_at_once_when_confirmation_is_off() -> None:
    """With confirm_edits off, the owner's own text is sent instead of the draft."""
    edit = OwnerCommand(CommandKind.EDIT, edited_text="Hi Alice,\nrefunded.")
    action = evaluate(edit, GOOD, AUTH, NOW, sender=OWNER, confirm_edits=False)
    assert (action.kind, action.consume_token) == (ActionKind.SEND_EDITED, True)


@pytest.mark.parametrize(
    ("kind", "expected"),
    [(CommandKind.HOLD, ActionKind.HOLD), (CommandKind.ESCALATE, ActionKind.ESCALATE)],
)
def test_hold_and_escalate_keep_the_code(kind: CommandKind, expected: ActionKind) -> None:
    """HOLD and ESCALATE leave the draft parked and the code usable for a later APPROVE."""
    action = evaluate(OwnerCommand(kind), GOOD, AUTH, NOW, sender=OWNER)
    assert (action.kind, action.consume_token) == (expected, False)


def test_pause_needs_the_newest_code_and_authentication() -> None:
    """4c: PAUSE without a code, with an older code or spoofed does nothing; the newest code works."""
    pause = OwnerCommand(CommandKind.PAUSE)
    no_code = TokenLookup(codes=(), record=None)
    refused = evaluate(pause, no_code, AUTH, NOW, sender=OWNER)
    assert refused.kind is ActionKind.REFUSE
    assert "PAUSE and RESUME need one approval code" in refused.reason
    assert "Approval code: APR-" in refused.message
    older = evaluate(pause, replace(GOOD, newest=False), AUTH, NOW, sender=OWNER)
    assert older.kind is ActionKind.REFUSE
    assert "newest approval email" in older.reason
    newest = replace(GOOD, newest=True)
    action = evaluate(pause, newest, AUTH, NOW, sender=OWNER)
    assert action.kind is ActionKind.PAUSE
    assert not action.consume_token
    assert "reply RESUME" in action.message
    spoofed = evaluate(pause, newest, AuthResult(False, "none"), NOW, sender=OWNER)
    assert spoofed.kind is ActionKind.REFUSE
    other = evaluate(OwnerCommand(CommandKind.RESUME), newest, AUTH, NOW, sender="b@shop.example")
    assert other.kind is ActionKind.REFUSE


def test_resume_with_an_expired_newest_code_is_refused() -> None:
    """4c: the newest code must still be valid; a used one is fine (PAUSE does not use it up)."""
    resume = OwnerCommand(CommandKind.RESUME)
    later = NOW + timedelta(days=30)
    assert evaluate(resume, replace(GOOD, newest=True), AUTH, later, sender=OWNER).kind is ActionKind.REFUSE
    used = replace(GOOD, newest=True, record=replace(RECORD, consumed_at=NOW))
    assert evaluate(resume, used, AUTH, NOW, sender=OWNER).kind is ActionKind.RESUME
