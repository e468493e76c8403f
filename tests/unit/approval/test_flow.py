"""The approval flow in process, with real DKIM signatures and a fake DNS (T44, T49-T51).

A `responder run` subprocess resolves DKIM keys through real DNS, so the DKIM-only cases
run here: the same interceptor the daemon wires, on a migrated SQLite database.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy.engine import Engine
from sqlmodel import Session, col, select

from responder.approval.config import ApprovalConfig
from responder.approval.flow import ApprovalFlow
from responder.approval.outmail import Mailer, issue_requests, stored_view
from responder.config import Config, StoreConfig
from responder.mail.parse import parse
from responder.store.db import migrate, open_engine, session
from responder.store.tables import AuditRow, DraftRow, InboundRow, OutboxRow
from tests.unit.approval.conftest import OWNER, fake_dns, sign, sign_without_from

NOW = datetime(2026, 1, 5, 10, 0, tzinfo=UTC)
KEY = b"k" * 32
CUSTOMER = (b"From: Bob <bob@example.com>\r\nTo: support@shop.example\r\nSubject: Lost parcel\r\n"
            b"Message-ID: <c1@example.com>\r\n\r\nWhere is it?\r\n")
DNS = fake_dns("shop-owner.example", "mailer.example")


@pytest.fixture
def engine(tmp_path: Path) -> Engine:
    """A migrated SQLite database with one customer email and its parked draft (#D1)."""
    eng = open_engine(f"sqlite:///{tmp_path / 'r.db'}")
    migrate(eng)
    with session(eng) as s:
        row = _inbound(s, CUSTOMER, 1)
        draft = DraftRow(inbound_id=row.id or 0, customer_email="bob@example.com",
                         subject="Lost parcel", text="Hi Bob,\nA new parcel is on its way.\n",
                         content_sha256=hashlib.sha256(b"Hi Bob,\nA new parcel is on its way.\n").hexdigest(),
                         intent="delivered_not_received")
        s.add(draft)
        s.flush()
        issue_requests(s, Mailer(_cfg(), KEY, "loop@shop.example", NOW), draft, stored_view(draft, ""))
    return eng


def _cfg() -> Config:
    """One owner at shop-owner.example; no trusted Authentication-Results, so DKIM decides."""
    return Config(store=StoreConfig(owner_address=OWNER),
                  approval=ApprovalConfig(approvers=(OWNER,)))


def _inbound(s: Session, raw: bytes, uid: int) -> InboundRow:
    """Store an email the way the fetcher does."""
    msgid = re.search(rb"Message-ID: (<[^>]+>)", raw)
    row = InboundRow(mailbox="INBOX", uidvalidity=1, uid=uid, raw=raw,
                     message_id=msgid.group(1).decode() if msgid else "",
                     sha256=hashlib.sha256(raw).hexdigest())
    s.add(row)
    s.flush()
    return row


def _request(engine: Engine) -> tuple[str, str]:
    """The approval email's Message-ID and code."""
    with Session(engine) as s:
        out = s.exec(select(OutboxRow).where(OutboxRow.kind == "approval")).one()
    text = out.raw.decode().replace("=\r\n", "")
    code = re.search(r"APR-[A-Za-z0-9_-]{32,64}", text)
    assert code is not None
    return out.message_id, code.group(0)


def _reply(engine: Engine, body: str) -> bytes:
    """An owner reply to request #D1 with `body`, unsigned."""
    msgid, _ = _request(engine)
    headers = [f"From: Owner <{OWNER}>", "To: support@shop.example",
               "Subject: Re: [P3] Approve reply? Re: Lost parcel [#D1]",
               "Message-ID: <r1@shop-owner.example>", f"In-Reply-To: {msgid}"]
    return ("\r\n".join(headers) + "\r\n\r\n" + body).encode()


def _run(engine: Engine, raw: bytes, dns: Callable[..., bytes | None] = DNS) -> list[OutboxRow]:
    """Feed one reply to the interceptor; returns the replies queued for the customer."""
    flow = ApprovalFlow(engine, _cfg(), KEY, "loop@shop.example", lambda: NOW, dnsfunc=dns)
    with session(engine) as s:
        row = _inbound(s, raw, 2)
    outcome = flow.intercept(row, parse(raw), raw)
    assert outcome is not None
    with Session(engine) as s:
        return list(s.exec(select(OutboxRow).where(OutboxRow.rcpt == "bob@example.com")).all())


def _auth(engine: Engine) -> str:
    """Why authentication failed, from the audit row."""
    with Session(engine) as s:
        audit = s.exec(select(AuditRow).where(AuditRow.stage == "approval")).one()
    return str(json.loads(audit.detail_json)["auth"])


def _body(engine: Engine, command: str = "APPROVE") -> str:
    _, code = _request(engine)
    return f"{command}\r\n\r\n> Approval code: {code}\r\n"


def test_aligned_dkim_approves_and_queues_the_reply(engine: Engine) -> None:
    """T44: an aligned DKIM signature over From authenticates; the draft is queued once."""
    [sent] = _run(engine, sign(_reply(engine, _body(engine))))
    assert sent.kind == "reply"
    assert not sent.automatic
    assert b"A new parcel is on its way." in sent.raw


def test_unaligned_dkim_is_refused(engine: Engine) -> None:
    """T49: a valid signature by mailer.example does not vouch for shop-owner.example."""
    assert _run(engine, sign(_reply(engine, _body(engine)), "mailer.example")) == []
    assert "d=mailer.example is not aligned" in _auth(engine)


def test_dkim_with_body_length_and_appended_approve_is_refused(engine: Engine) -> None:
    """T50: APPROVE added after the l= signed length is not authenticated."""
    _, code = _request(engine)
    signed = sign(_reply(engine, f"> Approval code: {code}\r\n"), length=True)
    assert _run(engine, signed + b"APPROVE\r\n") == []
    assert "signs only part of the body (l=)" in _auth(engine)


def test_dkim_without_from_in_h_is_refused(engine: Engine) -> None:
    """T51: a signature that does not cover From proves nothing about the sender."""
    assert _run(engine, sign_without_from(_reply(engine, _body(engine)))) == []
    assert "does not sign the From header" in _auth(engine)


def test_refusal_alerts_the_owner_and_is_audited_without_the_code(engine: Engine) -> None:
    """T46/T60: no authentication: the owner is alerted; the audit row never holds the code."""
    raw = _reply(engine, _body(engine))
    assert _run(engine, raw, fake_dns()) == []
    _, code = _request(engine)
    with Session(engine) as s:
        alerts = s.exec(select(OutboxRow).where(col(OutboxRow.kind).startswith("refusal"))).all()
        audit = s.exec(select(AuditRow).where(AuditRow.stage == "approval")).one()
    assert [a.rcpt for a in alerts] == [OWNER]
    assert code[4:] not in audit.detail_json
    assert audit.action == "refuse"


def test_bare_cr_forgery_on_another_users_signature_sends_nothing(engine: Engine) -> None:
    """4b: Mallory's valid signature for shop-owner.example plus a From only Python sees
    (hidden from dkimpy by a bare CR) approves nothing, even with the right code."""
    msgid, code = _request(engine)
    mallory = sign(b"From: Mallory <mallory@shop-owner.example>\r\nTo: support@shop.example\r\n"
                   b"Subject: hi\r\nMessage-ID: <m9@shop-owner.example>\r\n\r\n"
                   + f"APPROVE\r\n\r\n> Approval code: {code}\r\n".encode())
    forged = (f"X-A: a\rFrom: Owner <{OWNER}>\r\nSubject: Re: Lost parcel [#D1]\r\n"
              f"In-Reply-To: {msgid}\r\nX-B: b\r\rAPPROVE\r\n").encode() + mallory
    assert _run(engine, forged) == []
    assert "bare CR" in _auth(engine)
