"""Clear approval codes do not stay in stored mail once they are spent (R76).

A code travels in clear in the approval email (outbox.raw) and comes back quoted in the
approver's reply (inbound.raw). Only its SHA-256 is needed afterwards. Once every code of a
draft is used or expired, or the draft was decided, the codes in its sent approval mail are
masked (`APR-[redacted]`); an approver's reply is masked as soon as it was processed. The
audit trail (approval_tokens rows, audit rows) is kept, and each sweep adds an audit row.
"""

from __future__ import annotations

import base64
import email
import email.policy
import json
import logging
import re
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine
from sqlmodel import col

from responder.approval.outmail import OWNER_KINDS
from responder.approval.tables import ApprovalToken
from responder.approval.tokens import REDACTED
from responder.store.tables import AuditRow, DraftRow, InboundRow, OutboxRow

log = logging.getLogger(__name__)
# A code as stored: quoted-printable may break its line with a soft break ("=\r\n").
_STORED_CODE = re.compile(rb"APR-(?:[A-Za-z0-9_-]|=\r?\n){8,}")
_FINAL = ("sent", "failed", "cancelled", "unknown")
"""Outbox states after which the exact bytes are no longer needed to send."""


def mask_codes(raw: bytes) -> bytes:
    """The mail with every approval code masked, in plain, quoted-printable and base64 parts."""
    masked = _STORED_CODE.sub(REDACTED.encode(), raw)
    if b"base64" not in masked.lower():
        return masked
    try:
        return _mask_base64(masked)
    except (RecursionError, LookupError, ValueError, TypeError) as exc:  # odd MIME: plain pass only
        log.warning("cannot walk a stored email's MIME parts to mask codes: %s", exc)
        return masked


def _mask_base64(raw: bytes) -> bytes:
    """Decode each base64 text part, mask it and encode it again; other bytes are kept."""
    msg = email.message_from_bytes(raw, policy=email.policy.compat32)
    changed = False
    for part in msg.walk():
        encoding = str(part.get("Content-Transfer-Encoding", "")).strip().lower()
        if part.get_content_maintype() != "text" or encoding != "base64":
            continue
        body = part.get_payload(decode=True)
        if isinstance(body, bytes) and _STORED_CODE.search(body):
            part.set_payload(base64.encodebytes(_STORED_CODE.sub(REDACTED.encode(), body)).decode())
            changed = True
    return msg.as_bytes() if changed else raw


def mask_spent_codes(engine: Engine, now: datetime) -> int:
    """Mask the codes of spent approval mail and processed approver replies; rows changed."""
    with engine.begin() as conn:
        outbox = _mask_rows(conn, OutboxRow, _SPENT_MAIL, now)
        inbound = _mask_rows(conn, InboundRow, _DONE_REPLIES, now)
        if outbox or inbound:
            conn.execute(sa.insert(AuditRow), {
                "inbound_id": None, "at": now, "stage": "privacy", "action": "mask_codes",
                "detail_json": json.dumps({"approval_mails": outbox, "approver_replies": inbound})})
    if outbox or inbound:
        log.info("masked spent approval codes in %d sent and %d received emails", outbox, inbound)
    return outbox + inbound


def _mask_rows(conn: Connection, table: type[OutboxRow] | type[InboundRow],
               query: sa.Select[int | None, bytes], now: datetime) -> int:
    rows = conn.execute(query, {"now": now} if query is _SPENT_MAIL else {}).all()
    for row_id, raw in rows:
        conn.execute(sa.update(table).where(col(table.id) == row_id)
                     .values(raw=mask_codes(raw), codes_masked=True))
    return len(rows)


_LIVE = sa.select(col(ApprovalToken.draft_id)).where(
    col(ApprovalToken.consumed_at).is_(None), col(ApprovalToken.expires_at) > sa.bindparam("now"))
_OPEN = sa.select(col(DraftRow.id)).where(col(DraftRow.state).in_(("parked", "held")))
_SPENT_MAIL = sa.select(col(OutboxRow.id), col(OutboxRow.raw)).where(
    sa.or_(*(col(OutboxRow.kind).startswith(kind) for kind in OWNER_KINDS)),
    col(OutboxRow.draft_id).is_not(None), col(OutboxRow.state).in_(_FINAL),
    col(OutboxRow.codes_masked).is_(False),
    sa.or_(col(OutboxRow.draft_id).not_in(_LIVE), col(OutboxRow.draft_id).not_in(_OPEN)))
_DONE_REPLIES = sa.select(col(InboundRow.id), col(InboundRow.raw)).where(
    col(InboundRow.kind) == "owner_reply", col(InboundRow.status) != "new",
    col(InboundRow.codes_masked).is_(False))
