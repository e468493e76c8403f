"""Reminders for waiting drafts (docs/policy.md principle 4) and T55, on a migrated SQLite.

The clock is fixed: a draft is parked at T0 with its holding reply and approval request;
`reminder_hours` is 4 and the holding reply promises 24 hours, so the urgent reminder is due
at 80% of it, T0 + 19.2 h. Owner replies go through the real interceptor, DKIM-signed.
"""

from __future__ import annotations

import hashlib
import re
from datetime import UTC, datetime, timedelta
from email import message_from_bytes, policy
from email.message import EmailMessage
from itertools import count
from pathlib import Path

import pytest
from sqlalchemy.engine import Engine
from sqlmodel import Session, col, select

from responder.approval.config import ApprovalConfig
from responder.approval.decide import ActionKind
from responder.approval.flow import ApprovalFlow
from responder.approval.outmail import Mailer, issue_requests, stored_view
from responder.approval.reminders import OFF, after_decision, remind, reminder_subject
from responder.approval.tables import ApprovalToken
from responder.approval.tokens import content_hash
from responder.config import Config, StoreConfig
from responder.mail.parse import parse
from responder.store.db import migrate, open_engine, session
from responder.store.tables import DraftRow, InboundRow, OutboxRow
from tests.unit.approval.conftest import OWNER, fake_dns, sign

T0 = datetime(2026, 1, 5, 10, 0, tzinfo=UTC)
KEY = b"k" * 32
LOOP = "loop@shop.example"
TEXT = "Hi Bob,\nA new parcel is on its way.\n"
CUSTOMER = (b"From: Bob <bob@example.com>\r\nTo: support@shop.example\r\nSubject: Lost parcel\r\n"
            b"Message-ID: <c1@example.com>\r\n\r\nWhere is it?\r\n")
DNS = fake_dns("shop-owner.example")
CODE_RE = re.compile(r"APR-[A-Za-z0-9_-]{32,64}")
UIDS = count(10)


def _cfg(ttl: int = 72) -> Config:
    """One owner; reminders after 4 hours; the default 24-hour holding promise."""
    return Config(store=StoreConfig(owner_address=OWNER),
                  approval=ApprovalConfig(approvers=(OWNER,), reminder_hours=4,
                                          token_ttl_hours=ttl))


def _setup(url: str, cfg: Config) -> Engine:
    """A migrated database with Bob's email, its holding reply and parked draft #D1."""
    eng = open_engine(url)
    migrate(eng)
    with session(eng) as s:
        row = _inbound(s, CUSTOMER)
        s.add(OutboxRow(inbound_id=row.id, kind="holding", message_id="<h1@shop.example>",
                        rcpt="bob@example.com", raw=b"x", created_at=T0))
        draft = DraftRow(inbound_id=row.id or 0, customer_email="bob@example.com",
                         subject="Lost parcel", text=TEXT, content_sha256=content_hash(TEXT),
                         intent="delivered_not_received", created_at=T0)
        s.add(draft)
        s.flush()
        issue_requests(s, Mailer(cfg, KEY, LOOP, T0), draft, stored_view(draft, ""))
    return eng


@pytest.fixture
def url(tmp_path: Path) -> str:
    """Where the test database lives (a restart opens it again)."""
    return f"sqlite:///{tmp_path / 'r.db'}"


@pytest.fixture
def engine(url: str) -> Engine:
    """The database with draft #D1 parked at T0."""
    return _setup(url, _cfg())


def _inbound(s: Session, raw: bytes) -> InboundRow:
    """Store an email the way the fetcher does."""
    found = re.search(rb"Message-ID: (<[^>]+>)", raw)
    row = InboundRow(mailbox="INBOX", uidvalidity=1, uid=next(UIDS), raw=raw,
                     message_id=found.group(1).decode() if found else "",
                     sha256=hashlib.sha256(raw).hexdigest())
    s.add(row)
    s.flush()
    return row


def _tick(engine: Engine, hours: float, cfg: Config | None = None) -> list[str]:
    """Run the reminder check `hours` after T0 in its own transaction."""
    with session(engine) as s:
        return remind(s, cfg or _cfg(), KEY, T0 + timedelta(hours=hours))


def _mail(engine: Engine, kind: str) -> list[OutboxRow]:
    """Queued rows of a kind (or kind prefix), oldest first."""
    with Session(engine) as s:
        query = select(OutboxRow).where(col(OutboxRow.kind).startswith(kind))
        return list(s.exec(query.order_by(col(OutboxRow.id))).all())


def _msg(row: OutboxRow) -> EmailMessage:
    """A queued row as a message."""
    msg = message_from_bytes(row.raw, policy=policy.default)
    assert isinstance(msg, EmailMessage)
    return msg


def _text(row: OutboxRow) -> str:
    """The decoded text/plain body of a queued row."""
    part = _msg(row).get_body(preferencelist=("plain",))
    assert part is not None
    return str(part.get_content())


def _code(row: OutboxRow) -> str:
    """The one approval code in a queued email."""
    codes = set(CODE_RE.findall(_text(row)))
    assert len(codes) == 1
    return str(codes.pop())


def _draft(engine: Engine) -> DraftRow:
    with Session(engine) as s:
        draft = s.get(DraftRow, 1)
    assert draft is not None
    return draft


def _reply(engine: Engine, command: str, code: str, hours: float, cfg: Config | None = None,
           refers_to: str = "") -> list[OutboxRow]:
    """A signed owner reply quoting `code`, through the interceptor; returns mail to Bob."""
    refers_to = refers_to or _mail(engine, "approval")[0].message_id
    n = next(UIDS)
    headers = [f"From: Owner <{OWNER}>", "To: support@shop.example",
               "Subject: Re: [P3] Approve reply? Re: Lost parcel [#D1]",
               f"Message-ID: <r{n}@shop-owner.example>", f"In-Reply-To: {refers_to}"]
    raw = sign(("\r\n".join(headers) + f"\r\n\r\n{command}\r\n\r\n> Approval code: {code}\r\n")
               .encode())
    flow = ApprovalFlow(engine, cfg or _cfg(), KEY, LOOP, lambda: T0 + timedelta(hours=hours),
                        dnsfunc=DNS)
    with session(engine) as s:
        row = _inbound(s, raw)
    assert flow.intercept(row, parse(raw), raw) is not None
    return [r for r in _mail(engine, "reply") if r.rcpt == "bob@example.com"]


def test_no_reminder_before_reminder_hours(engine: Engine) -> None:
    """Three hours in, the approver has not been kept waiting too long yet."""
    assert _tick(engine, 3.9) == []
    assert _mail(engine, "reminder") == []
    assert _draft(engine).reminders == 0


def test_first_reminder_repeats_the_request_with_its_still_valid_code(engine: Engine) -> None:
    """After reminder_hours: one email per approver, threaded, auto-generated, same code."""
    assert _tick(engine, 4.1) == ["reminder 1 for #D1 to 1 approver(s)"]
    [request] = _mail(engine, "approval")
    [rem] = _mail(engine, "reminder")
    msg = _msg(rem)
    assert (rem.kind, rem.rcpt, rem.draft_id, rem.automatic) == ("reminder:1", OWNER, 1, False)
    assert msg["Subject"] == "[Reminder P3] Approve reply? Re: Lost parcel [#D1]"
    assert msg["Auto-Submitted"] == "auto-generated"
    assert msg["In-Reply-To"] == request.message_id
    assert msg["Importance"] is None
    assert _code(rem) == _code(request)
    assert "has waited 4 hours" in _text(rem)
    assert "Wants: delivered not received" in _text(rem)
    assert _draft(engine).reminders == 1


def test_first_reminder_is_sent_only_once(engine: Engine) -> None:
    """Later ticks before the urgent stage send nothing more."""
    _tick(engine, 4.1)
    assert _tick(engine, 5) == []
    assert _tick(engine, 19) == []
    assert len(_mail(engine, "reminder")) == 1


def test_urgent_reminder_before_the_holding_promise_runs_out(engine: Engine) -> None:
    """At 80% of the 24-hour promise: urgent, one priority up, then nothing more."""
    _tick(engine, 4.1)
    assert _tick(engine, 19.1) == []
    assert _tick(engine, 19.3) == ["reminder 2 for #D1 to 1 approver(s)"]
    assert _tick(engine, 30) == []
    first, urgent = _mail(engine, "reminder")
    msg = _msg(urgent)
    assert urgent.kind == "reminder:2"
    assert msg["Subject"] == "[URGENT reminder P2] Approve reply? Re: Lost parcel [#D1]"
    assert msg["Importance"] == "high"
    assert msg["In-Reply-To"] == first.message_id
    assert "by 2026-01-06 10:00 UTC" in _text(urgent)
    assert _code(urgent) == _code(_mail(engine, "approval")[0])
    assert _draft(engine).reminders == 2


def test_a_draft_past_both_stages_gets_only_the_urgent_reminder(engine: Engine) -> None:
    """A daemon that was down for a day sends one urgent reminder, not two at once."""
    assert _tick(engine, 20) == ["reminder 2 for #D1 to 1 approver(s)"]
    assert [r.kind for r in _mail(engine, "reminder")] == ["reminder:2"]


def test_promise_counts_from_the_holding_reply(engine: Engine) -> None:
    """A redraft parked later is still due by the promise the customer got at T0."""
    with session(engine) as s:
        draft = s.get(DraftRow, 1)
        assert draft is not None
        draft.created_at = T0 + timedelta(hours=17)
        s.add(draft)
    assert _tick(engine, 19.3) == ["reminder 2 for #D1 to 1 approver(s)"]


def test_reminders_survive_a_restart(url: str, engine: Engine) -> None:
    """The stage is in the database: a new process does not send the same reminder again."""
    _tick(engine, 4.1)
    engine.dispose()
    again = open_engine(url)
    assert _tick(again, 5) == []
    assert _tick(again, 19.3) == ["reminder 2 for #D1 to 1 approver(s)"]
    again.dispose()
    assert _tick(open_engine(url), 25) == []
    assert len(_mail(open_engine(url), "reminder")) == 2


def test_hold_stops_reminders(engine: Engine) -> None:
    """HOLD ("keep it waiting, no more reminders") silences both stages."""
    assert _reply(engine, "HOLD", _code(_mail(engine, "approval")[0]), 1) == []
    draft = _draft(engine)
    assert (draft.state, draft.reminders) == ("held", OFF)
    assert _tick(engine, 5) == []
    assert _tick(engine, 20) == []
    assert _mail(engine, "reminder") == []


def test_escalate_keeps_reminding(engine: Engine) -> None:
    """ESCALATE leaves the draft held but the reminders go on."""
    _reply(engine, "ESCALATE", _code(_mail(engine, "approval")[0]), 1)
    assert _draft(engine).state == "held"
    assert _tick(engine, 4.1) == ["reminder 1 for #D1 to 1 approver(s)"]


def test_escalate_after_hold_turns_reminders_back_on() -> None:
    """The bookkeeping: HOLD sets OFF, ESCALATE restarts from nothing sent, others keep it."""
    draft = DraftRow(inbound_id=1, reminders=1)
    after_decision(draft, ActionKind.ESCALATE)
    assert draft.reminders == 1
    after_decision(draft, ActionKind.HOLD)
    assert draft.reminders == OFF
    after_decision(draft, ActionKind.ESCALATE)
    assert draft.reminders == 0
    after_decision(None, ActionKind.HOLD)


@pytest.mark.parametrize("state", ["sent", "rejected", "superseded"])
def test_decided_drafts_get_no_reminder(engine: Engine, state: str) -> None:
    """Only parked and held drafts wait for an answer."""
    with session(engine) as s:
        draft = s.get(DraftRow, 1)
        assert draft is not None
        draft.state = state
        s.add(draft)
    assert _tick(engine, 5) == []
    assert _tick(engine, 20) == []


def test_approved_draft_gets_no_reminder(engine: Engine) -> None:
    """APPROVE through the flow ends the wait: no reminders afterwards."""
    assert len(_reply(engine, "APPROVE", _code(_mail(engine, "approval")[0]), 1)) == 1
    assert _tick(engine, 20) == []


def test_approving_from_the_reminder_works(engine: Engine) -> None:
    """A reply to the reminder, quoting its (old) code, sends the draft once."""
    _tick(engine, 4.1)
    [rem] = _mail(engine, "reminder")
    [sent] = _reply(engine, "APPROVE", _code(rem), 5, refers_to=rem.message_id)
    assert b"A new parcel is on its way." in sent.raw


def test_a_nearly_expired_code_is_replaced(url: str) -> None:
    """With 6-hour codes the first one has under reminder_hours left: a fresh code, both work."""
    cfg = _cfg(ttl=6)
    engine = _setup(url, cfg)
    assert _tick(engine, 4.1, cfg) == ["reminder 1 for #D1 to 1 approver(s)"]
    [request], [rem] = _mail(engine, "approval"), _mail(engine, "reminder")
    assert _code(rem) != _code(request)
    assert "new approval code (the earlier one runs out soon)" in _text(rem)
    with Session(engine) as s:
        tokens = s.exec(select(ApprovalToken).order_by(col(ApprovalToken.id))).all()
    assert [t.consumed_at for t in tokens] == [None, None]
    assert [len(_reply(engine, "APPROVE", _code(rem), 7, cfg, rem.message_id))] == [1]


def test_flow_remind_queues_due_reminders_once(engine: Engine) -> None:
    """The daemon's reminder timer queues a due reminder once and reports what it queued."""
    flow = ApprovalFlow(engine, _cfg().for_approval(), KEY, LOOP, lambda: T0 + timedelta(hours=4.1))
    assert "reminder 1 for #D1 to 1 approver(s)" in flow.remind()
    assert flow.remind() == []
    assert [r.kind for r in _mail(engine, "reminder")] == ["reminder:1"]


def test_reminder_subject_keeps_vip_and_never_goes_above_p1() -> None:
    """The label is replaced, not stacked; the urgent one is a priority up, at most P1."""
    subject = "[P1 VIP] Approve reply? Re: Lost parcel [#D1]"
    assert reminder_subject(subject, 1, 2) == "[URGENT reminder P1 VIP] Approve reply? Re: Lost parcel [#D1]"
    assert reminder_subject("[Reminder P3] Approve reply? x", 3, 1) == "[Reminder P3] Approve reply? x"


def test_t55_regenerated_draft_makes_the_old_code_useless(engine: Engine) -> None:
    """T55: the draft text changed after the request; APPROVE with the old code sends nothing."""
    code = _code(_mail(engine, "approval")[0])
    with session(engine) as s:
        draft = s.get(DraftRow, 1)
        assert draft is not None
        draft.text = "Hi Bob,\nWe refunded you in full.\n"
        draft.content_sha256 = content_hash(draft.text)
        s.add(draft)
    assert _reply(engine, "APPROVE", code, 1) == []
    [notice] = _mail(engine, "refusal")
    assert notice.rcpt == OWNER
    assert "the draft changed after this approval request" in _text(notice)
    assert "Nothing was sent" in _text(notice)
    assert _draft(engine).state == "parked"
    with Session(engine) as s:
        token = s.exec(select(ApprovalToken)).one()
    assert token.consumed_at is None


def test_reminders_reach_a_persian_approver_in_persian(url: str) -> None:
    """approver_languages: the Persian approver's reminders are Persian, RTL, code kept."""
    cfg = _cfg().model_copy(update={"approval": ApprovalConfig(
        approvers=(OWNER,), reminder_hours=4, approver_languages={OWNER.upper(): "fa"})})
    engine = _setup(url, cfg)
    [request] = _mail(engine, "approval")
    assert _tick(engine, 5, cfg) == ["reminder 1 for #D1 to 1 approver(s)"]
    assert _tick(engine, 20, cfg) == ["reminder 2 for #D1 to 1 approver(s)"]
    first, urgent = _mail(engine, "reminder:")
    text = _text(first).replace("\r\n", "\n")
    assert text.startswith("\u200fیادآوری: این پاسخ به \u2066bob@example.com\u2069 ۵ ساعت است")
    assert "\u200fکد تایید پایین هنوز معتبر است" in text and _code(first) == _code(request)
    assert "\u200f----- درخواست تایید" in text and TEXT.strip() in text
    assert str(_msg(urgent)["Subject"]).startswith("\u200f[یادآوری فوری P2]")
    assert _text(urgent).startswith("\u200fفوری: به \u2066bob@example.com\u2069 قول داده شده")
    html = _msg(first).get_body(("html",))
    assert html is not None and 'dir="rtl"' in str(html.get_content())
