"""Bounce bookkeeping: link a delivery report to the mail we sent and stop writing to dead addresses.

`BounceHandler` is a processor Listener: it runs inside the transaction that records the
report's outcome, so the link, the block and the audit row commit or roll back with it
(docs/reliability.md R3, T9, T10). Only reports about mail we actually sent change anything: a report
we cannot link to an outbox row blocks nobody, so a forged bounce cannot silence a customer.
Permanent failures (5.x.x) on a customer reply block its address for `bounce_block_days`;
delays, delivery notices and complaints are linked and audited only.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

import sqlalchemy as sa
from sqlalchemy.engine import Connection
from sqlmodel import Session, col, select

from responder.mail.bounces import BounceReport, parse_bounce
from responder.mail.parse_headers import message_id
from responder.models import Outcome
from responder.sections import GuardsConfig
from responder.store.tables import (
    AuditRow,
    BlockedAddress,
    DraftRow,
    InboundRow,
    OutboxRow,
    OutboxState,
    block_active,
)
from responder.store.threads import thread_ref

log = logging.getLogger(__name__)

CUSTOMER_KINDS = frozenset({"reply", "holding"})
"""Outbox kinds written to customers; a bounce on owner mail (approvals, alarms) blocks nothing."""
RECIPIENT_WINDOW = timedelta(days=7)
"""How far back a report without the original Message-ID is matched by its failed recipient."""
LABELS = {"bounce": "bounced", "delay": "delayed", "delivered": "delivered",
          "feedback": "complaint"}


@dataclass
class BounceHandler:
    """Links delivery reports to our outbox and blocks addresses that fail for good."""

    caps: GuardsConfig
    now: Callable[[], datetime]

    def __call__(self, s: Session, row: InboundRow, outcome: Outcome,
                 _parked: DraftRow | None) -> None:
        """Record what a delivery report says about our mail; ignore every other outcome."""
        if outcome.verdict is None or not outcome.verdict.bounce:
            return
        report = parse_bounce(row.raw)
        out = find_original(s, report, self.now()) if report is not None else None
        if report is None or out is None:
            _audit(s, row, "unlinked", _detail(report, None, None))
            return
        link(s, row, out, report)
        blocking = _blocks(out, report) and self.caps.bounce_block_days > 0
        blocked = self._block(s, out, report) if blocking else None
        # "blocked" only for a new block: the owner hears about each dead address once.
        action = "blocked" if blocked else "linked"
        _audit(s, row, action, _detail(report, out, out.rcpt if blocking else None))
        log.info("%s is a %s report on %s%s", row.message_id or f"<inbound:{row.id}>",
                 report.kind, out.message_id, f"; {out.rcpt} blocked" if blocked else "")

    def _block(self, s: Session, out: OutboxRow, report: BounceReport) -> bool:
        """Block the recipient until now + bounce_block_days; True when it was not blocked yet."""
        now = self.now()
        entry = s.get(BlockedAddress, out.rcpt)
        fresh = entry is None or not block_active(entry.until, now)
        entry = entry or BlockedAddress(address=out.rcpt, until=now)
        entry.until = now + timedelta(days=self.caps.bounce_block_days)
        entry.status = report.status or ""
        entry.reason = f"{LABELS[report.kind]} {out.message_id}: {report.evidence}"[:500]
        s.add(entry)
        return fresh


def find_original(s: Session, report: BounceReport, now: datetime) -> OutboxRow | None:
    """Our outbox row a report is about: by its Message-ID, else by a recent failed recipient."""
    if report.original_message_id:
        wanted = message_id(report.original_message_id)
        return s.exec(select(OutboxRow).where(OutboxRow.message_id == wanted)).first()
    if not report.failed_recipients:
        return None
    return s.exec(select(OutboxRow).where(
        col(OutboxRow.rcpt).in_(report.failed_recipients), OutboxRow.state == OutboxState.SENT,
        col(OutboxRow.sent_at) >= now - RECIPIENT_WINDOW,
    ).order_by(col(OutboxRow.sent_at).desc())).first()


def link(s: Session, row: InboundRow, out: OutboxRow, report: BounceReport) -> None:
    """Mark the outbox row with the report and put the report in the same conversation."""
    if not out.last_error.startswith("bounced:") or report.kind == "bounce":
        out.last_error = f"{LABELS[report.kind]}: {report.status or 'no status'}"
    s.add(out)
    if out.conversation_id is None:
        return
    row.conversation_id = out.conversation_id  # `row` is a detached copy: update the table
    s.execute(sa.update(InboundRow).where(col(InboundRow.id) == row.id)
              .values(conversation_id=out.conversation_id))
    if row.message_id:
        thread_ref(s.connection(), row.message_id, out.conversation_id)


def is_blocked(conn: Connection | Session, address: str, now: datetime) -> bool:
    """True while mail to `address` is blocked because it bounced for good."""
    until = conn.execute(sa.select(col(BlockedAddress.until)).where(
        col(BlockedAddress.address) == address.lower())).scalar()
    return block_active(until, now)


def _blocks(out: OutboxRow, report: BounceReport) -> bool:
    return report.kind == "bounce" and report.permanent and out.kind in CUSTOMER_KINDS


def _detail(report: BounceReport | None, out: OutboxRow | None,
            blocked: str | None) -> dict[str, object]:
    return {
        "kind": report.kind if report else None,
        "status": report.status if report else None,
        "original": report.original_message_id if report else None,
        "failed_recipients": list(report.failed_recipients) if report else [],
        "evidence": report.evidence if report else "no delivery report found in the raw email",
        "outbox_id": out.id if out else None,
        "blocked": blocked,
    }


def _audit(s: Session, row: InboundRow, action: str, detail: dict[str, object]) -> None:
    s.add(AuditRow(inbound_id=row.id, stage="bounce", action=action,
                   detail_json=json.dumps(detail, ensure_ascii=False)))
