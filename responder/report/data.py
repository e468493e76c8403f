"""The figures of the complaint report, read from the database (light columns only, no bodies)."""

from __future__ import annotations

import json
import statistics
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Engine
from sqlmodel import Session, col, select

from responder.orders.tables import ComplaintRow, OrderRow
from responder.protocols import aware
from responder.store.tables import AuditRow, DraftRow, InboundRow, OutboxRow

CUSTOMER_KINDS = ("customer", "resync")
REPLY_KINDS = ("reply", "holding")
"""Outbox kinds that go to the owner, not the customer (alarms start with `alarm:`)."""
GENERIC = (": sent automatically", ": waits for approval")


@dataclass
class Report:
    """Everything the report shows, for one period."""

    since: datetime
    until: datetime
    bucket: str = "day"
    by_intent: Counter[str] = field(default_factory=Counter)
    by_outcome: Counter[str] = field(default_factory=Counter)
    trend: dict[str, Counter[str]] = field(default_factory=dict)
    products: Counter[str] = field(default_factory=Counter)
    reasons: Counter[str] = field(default_factory=Counter)
    response_minutes: list[float] = field(default_factory=list)
    approval_minutes: list[float] = field(default_factory=list)
    waiting_approval: int = 0
    repeat: list[tuple[str, int]] = field(default_factory=list)

    @property
    def total(self) -> int:
        """Customer emails in the period."""
        return sum(self.by_intent.values())



def percentile(values: list[float], share: float) -> float | None:
    """The value below which `share` of `values` lie (nearest rank); None when empty."""
    if not values:
        return None
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(share * len(ordered) + 0.5) - 1))]


def median(values: list[float]) -> float | None:
    """The median, or None when empty."""
    return statistics.median(values) if values else None


def bucket_of(at: datetime, bucket: str) -> str:
    """The day (YYYY-MM-DD) or the Monday of the week an instant falls in."""
    day = aware(at).date()
    return (day - timedelta(days=day.weekday())).isoformat() if bucket == "week" else day.isoformat()


def build_report(engine: Engine, since: datetime, until: datetime) -> Report:
    """Read the period's emails, replies, drafts and complaints and compute the figures."""
    rep = Report(since, until, "week" if until - since > timedelta(days=31) else "day")
    with Session(engine) as s:
        emails = _emails(s, since, until)
        _volume(rep, emails)
        _response_times(rep, s, emails, since)
        _approvals(rep, s, since, until)
        _reasons(rep, s, emails, since)
        _products(rep, s, since, until)
    return rep


def _emails(s: Session, since: datetime, until: datetime) -> list[Any]:
    query = sa.select(col(InboundRow.id), col(InboundRow.fetched_at), col(InboundRow.intent),
                      col(InboundRow.outcome), col(InboundRow.from_addr)).where(
        col(InboundRow.kind).in_(CUSTOMER_KINDS), col(InboundRow.fetched_at) >= since,
        col(InboundRow.fetched_at) < until)
    return list(s.connection().execute(query).all())


def _volume(rep: Report, emails: list[Any]) -> None:
    trend: dict[str, Counter[str]] = defaultdict(Counter)
    senders: Counter[str] = Counter()
    for _id, at, intent, outcome, sender in emails:
        rep.by_intent[intent or "unclassified"] += 1
        rep.by_outcome[outcome or "waiting"] += 1
        trend[bucket_of(at, rep.bucket)][intent or "unclassified"] += 1
        senders[sender] += bool(sender)
    day = rep.since
    while day <= rep.until:  # every bucket, so quiet days show as zero
        trend.setdefault(bucket_of(day, rep.bucket), Counter())
        day += timedelta(days=1)
    rep.trend = dict(sorted(trend.items()))
    rep.repeat = [(who, n) for who, n in senders.most_common(10) if n >= 2]


def _response_times(rep: Report, s: Session, emails: list[Any], since: datetime) -> None:
    fetched = {row[0]: aware(row[1]) for row in emails}
    draft_of = dict(s.exec(select(DraftRow.id, DraftRow.inbound_id)
                           .where(col(DraftRow.created_at) >= since)).all())
    first: dict[int, datetime] = {}
    sent = s.exec(select(OutboxRow.inbound_id, OutboxRow.draft_id, OutboxRow.sent_at, OutboxRow.kind)
                  .where(OutboxRow.state == "sent", col(OutboxRow.sent_at) >= since)).all()
    for inbound_id, draft_id, sent_at, kind in sent:
        target = inbound_id if inbound_id is not None else draft_of.get(draft_id or 0)
        if target is not None and target in fetched and sent_at is not None and _to_customer(kind):
            first[target] = min(first.get(target, aware(sent_at)), aware(sent_at))
    rep.response_minutes = [(first[i] - fetched[i]).total_seconds() / 60 for i in sorted(first)]


def _to_customer(kind: str) -> bool:
    # Only what the customer received counts as an answer: the reply or the holding note.
    return kind in REPLY_KINDS


def _approvals(rep: Report, s: Session, since: datetime, until: datetime) -> None:
    rows = s.exec(select(DraftRow.created_at, DraftRow.decided_at, DraftRow.state).where(
        col(DraftRow.created_at) >= since, col(DraftRow.created_at) < until)).all()
    for created, decided, state in rows:
        if decided is not None:
            rep.approval_minutes.append((aware(decided) - aware(created)).total_seconds() / 60)
        elif state in ("parked", "held"):
            rep.waiting_approval += 1


def _reasons(rep: Report, s: Session, emails: list[Any], since: datetime) -> None:
    intent_of = {row[0]: row[2] or "unclassified" for row in emails}
    rows = s.exec(select(AuditRow.inbound_id, AuditRow.detail_json).where(
        AuditRow.stage == "outcome", col(AuditRow.at) >= since)).all()
    for inbound_id, detail in rows:
        if inbound_id not in intent_of:
            continue
        for reason in _decoded(detail).get("reasons") or []:
            if isinstance(reason, str) and not reason.endswith(GENERIC):
                rep.reasons[f"{intent_of[inbound_id]}: {reason}"] += 1


def _decoded(detail: str) -> dict[str, Any]:
    try:
        found = json.loads(detail)
    except ValueError:
        return {}
    return found if isinstance(found, dict) else {}


def _products(rep: Report, s: Session, since: datetime, until: datetime) -> None:
    rows = s.exec(select(ComplaintRow.product, ComplaintRow.order_id, ComplaintRow.reason).where(
        col(ComplaintRow.created_at) >= since, col(ComplaintRow.created_at) < until)).all()
    for product, order_id, reason in rows:
        names = [product] if product else _items(s, order_id)
        for name in names or ["(unknown product)"]:
            rep.products[name] += 1
        if reason:
            rep.reasons[f"customer said: {reason[:120]}"] += 1


def _items(s: Session, order_id: str) -> list[str]:
    order = s.get(OrderRow, order_id) if order_id else None
    return [str(i.get("name") or i.get("sku")) for i in order.items] if order else []
