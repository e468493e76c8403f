"""A small database with known figures for the report tests."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

from sqlalchemy.engine import Engine

from responder.orders.tables import ComplaintRow, OrderRow
from responder.store.db import session
from responder.store.tables import AuditRow, DraftRow, InboundRow, OutboxRow

NOW = datetime(2024, 5, 10, 12, 0, tzinfo=UTC)
SINCE = NOW - timedelta(days=7)
REASON = "offer return or exchange with instructions"


def _email(n: int, sender: str, intent: str, outcome: str, age: timedelta,
           kind: str = "customer") -> InboundRow:
    return InboundRow(id=n, mailbox="INBOX", uidvalidity=1, uid=n, sha256=str(n), raw=b"", from_addr=sender,
                      intent=intent, outcome=outcome, status="done", kind=kind, fetched_at=NOW - age)


def _sent(n: int, kind: str, at: datetime, inbound: int | None = None, draft: int | None = None) -> OutboxRow:
    return OutboxRow(inbound_id=inbound, draft_id=draft, kind=kind, message_id=f"<o{n}@x>", rcpt="c@x",
                     raw=b"", state="sent", sent_at=at, created_at=at)


def build_db(engine: Engine) -> None:
    """Three customer emails in the week (Alice twice), one automated, one too old."""
    t1, t2, t3 = NOW - timedelta(days=3), NOW - timedelta(days=2), NOW - timedelta(days=1)
    audit = json.dumps({"reasons": [REASON, "concession reply for return_refund: waits for approval"]})
    with session(engine) as s:
        s.add_all([_email(1, "alice@example.com", "where_is_my_order", "send", timedelta(days=3)),
                   _email(2, "alice@example.com", "return_refund", "park", timedelta(days=2)),
                   _email(3, "bob@example.com", "return_refund", "park", timedelta(days=1)),
                   _email(4, "noreply@x.example", "", "skip", timedelta(days=1), kind="automated"),
                   _email(5, "old@example.com", "other", "send", timedelta(days=30))])
        s.add_all([AuditRow(inbound_id=i, stage="outcome", at=NOW - timedelta(days=1), detail_json=audit)
                   for i in (2, 3)])
        s.add_all([DraftRow(id=1, inbound_id=2, state="sent", created_at=t2 + timedelta(minutes=1),
                            decided_at=t2 + timedelta(minutes=61)),
                   DraftRow(id=2, inbound_id=3, state="parked", created_at=t3)])
        s.add_all([_sent(1, "reply", t1 + timedelta(minutes=10), inbound=1),
                   _sent(2, "holding", t2 + timedelta(minutes=5), inbound=2),
                   _sent(3, "approved", t2 + timedelta(minutes=90), draft=1),
                   _sent(4, "alarm:stall", t1 + timedelta(minutes=1), inbound=None)])
        s.add(OrderRow(order_id="1001", email="alice@example.com",
                       items=[{"name": "Red Scarf"}, {"name": "Gloves"}]))
        s.add_all([ComplaintRow(email="alice@example.com", order_id="1001", intent="return_refund",
                                reason="too small", created_at=t2),
                   ComplaintRow(email="bob@example.com", product="Blue Mug", intent="return_refund",
                                created_at=t3)])
