"""Spent approval codes are masked in stored mail, live ones are not (R76)."""

from __future__ import annotations

import base64
import email
from datetime import UTC, datetime, timedelta
from pathlib import Path

import sqlalchemy as sa
from sqlmodel import Session

from responder.approval.purge import mask_codes, mask_spent_codes
from responder.approval.tables import ApprovalToken
from responder.approval.tokens import code_line, issue
from responder.store.db import migrate, open_engine
from responder.store.tables import AuditRow, DraftRow, OutboxRow

NOW = datetime(2026, 12, 4, 12, 0, tzinfo=UTC)
TOKEN = "A" * 16 + "b_c-" + "9" * 12


def decoded(raw: bytes) -> str:
    """The body as a reader sees it (transfer encoding undone)."""
    body = email.message_from_bytes(raw).get_payload(decode=True)
    assert isinstance(body, bytes)
    return body.decode()


def test_mask_codes_in_plain_soft_broken_and_base64_parts() -> None:
    """A code is masked in plain text, across a quoted-printable soft break and inside base64."""
    qp = "Content-Transfer-Encoding: quoted-printable"
    plain = f"Subject: x\r\n\r\n> {code_line(TOKEN)}\r\n".encode()
    soft = f"Subject: x\r\n{qp}\r\n\r\nAPR-{TOKEN[:10]}=\r\n{TOKEN[10:]} ok\r\n".encode()
    b64 = base64.encodebytes(f"APPROVE\n> {code_line(TOKEN)}\n".encode()).decode()
    wrapped = ("Subject: x\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n"
               f"Content-Transfer-Encoding: base64\r\n\r\n{b64}").encode()
    assert all(TOKEN in decoded(raw) for raw in (plain, soft, wrapped))
    for raw in (plain, soft, wrapped):
        text = decoded(mask_codes(raw))
        assert TOKEN not in text and "APR-[redacted]" in text
    assert decoded(mask_codes(wrapped)).startswith("APPROVE\n")


def test_only_spent_codes_are_masked_and_the_audit_stays(tmp_path: Path) -> None:
    """A live code's mail is kept; once it expired it is masked and a privacy audit row added."""
    engine = open_engine(f"sqlite:///{tmp_path / 'r.db'}")
    migrate(engine)
    token, record = issue(1, "draft text", "owner@shop.example", NOW, ttl_hours=24)
    raw = f"Subject: Approve reply? [#D1]\r\n\r\n{code_line(token)}\r\n".encode()
    with Session(engine) as s:
        s.add(DraftRow(id=1, inbound_id=1, text="draft text", created_at=NOW))
        s.add(ApprovalToken.from_record(record, NOW))
        s.add(OutboxRow(kind="approval", message_id="<a1@shop.example>", rcpt="owner@shop.example",
                        raw=raw, state="sent", draft_id=1, created_at=NOW))
        s.commit()
    assert mask_spent_codes(engine, NOW + timedelta(hours=1)) == 0
    assert mask_spent_codes(engine, NOW + timedelta(hours=25)) == 1
    assert mask_spent_codes(engine, NOW + timedelta(hours=26)) == 0  # once is enough
    with Session(engine) as s:
        stored = s.exec(sa.select(OutboxRow.raw)).scalar_one()  # type: ignore[call-overload]
        audit = s.exec(sa.select(AuditRow.action)).scalars().all()  # type: ignore[call-overload]
        tokens = s.exec(sa.select(ApprovalToken.digest)).scalars().all()  # type: ignore[call-overload]
    assert token.encode() not in stored and b"APR-[redacted]" in stored
    assert audit == ["mask_codes"] and tokens == [record.digest]
