"""The approval email to the owner: what the customer wants, the facts, the draft, the commands.

Short and plain on purpose: it is read on a phone. Everything the customer wrote (subject,
words, name) is defanged first, so a customer cannot plant an approval code or subject tag
in it, and flattened to one line, so it cannot fake a command line of ours.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

from responder.approval.tokens import code_line, defang, subject_tag
from responder.mail.compose import safe_text
from responder.models import Customer, Decision, Order, Triage

REQUEST_HEAD = "----- approval request"
DRAFT_START = "----- reply to customer (write your own above, or answer APPROVE) -----"
DRAFT_END = "----- end of reply -----"
SUBJECT_MAX = 120
LEVELS = {1: "mild", 2: "clear", 3: "strong"}
INSTRUCTIONS = """\
Answer by replying to this email, with one word on the first line:
  APPROVE           send the reply above as it is
  REJECT [reason]   send nothing
  HOLD              keep it waiting, no more reminders
  ESCALATE          keep it waiting for someone else to decide
  PAUSE / RESUME    stop / restart all automatic sending; reply to the newest
                    approval email and keep its quoted text (its code is needed),
                    e.g. "PAUSE" on the first line, then this email quoted below
Or put EDIT on the first line and your own reply to the customer below it
(several lines of your own text without a command also count as your reply)."""


@dataclass(frozen=True)
class ApprovalRequest:
    """Everything the approval email shows; plain values the caller already has."""

    draft_id: int
    token: str
    expires_at: datetime
    customer_addr: str
    customer_subject: str
    draft_text: str
    decision: Decision
    triage: Triage
    order: Order | None = None
    customer: Customer | None = None
    signature_above: bool = False
    """The order is above `signature_above`: say it should ship with signature confirmation."""
    customer_name: str = ""


def build_request(req: ApprovalRequest) -> tuple[str, str]:
    """The approval email's subject and plain-text body."""
    return build_subject(req), build_body(req)


def build_subject(req: ApprovalRequest) -> str:
    """E.g. `[P1 VIP] Approve reply? Re: Where is my order #1001 [#D123]`."""
    subject = re.sub(r"^(?:\s*(?:re|aw|fw|fwd)\s*:)+", "", _flat(req.customer_subject), flags=re.I)
    subject = subject.strip()[:SUBJECT_MAX] or "(no subject)"
    label = f"P{req.decision.priority}" + (" VIP" if is_vip(req) else "")
    return f"[{label}] Approve reply? Re: {subject} {subject_tag(req.draft_id)}"


def build_body(req: ApprovalRequest) -> str:
    """The body: summary, facts, decision, the draft between markers, commands, the code."""
    sections = [
        f"{REQUEST_HEAD} {subject_tag(req.draft_id)} -----",
        "\n".join([_who(req), *_wants(req.triage)]),
        "\n".join([*_order_lines(req.order, req.signature_above), _customer_line(req)]),
        "\n".join(_decision_lines(req.decision)),
        f"{DRAFT_START}\n{req.draft_text.strip()}\n{DRAFT_END}",
        INSTRUCTIONS,
        f"{code_line(req.token)}\n(keep it in your reply; valid until {_when(req.expires_at)})",
    ]
    return "\n\n".join(sections) + "\n"


def is_vip(req: ApprovalRequest) -> bool:
    """The customer is tagged VIP in the store, by the policy or by triage."""
    tags = req.customer.all_tags if req.customer else frozenset()
    return "vip" in tags or "vip" in req.decision.tags or req.triage.has("vip")


def _who(req: ApprovalRequest) -> str:
    """Who wrote and about what."""
    name = _flat(req.customer_name)
    sender = f"{name} <{req.customer_addr}>" if name else req.customer_addr
    return f"{sender} wrote: {_flat(req.customer_subject)[:SUBJECT_MAX] or '(no subject)'}"


def _wants(triage: Triage) -> list[str]:
    """What the customer wants and the signals, with the words that triggered them."""
    lines = [f"Wants: {_words(triage.intent.value)} ({triage.confidence:.0%} sure)"]
    if triage.order_ids:
        lines.append("Mentions order: " + ", ".join(_flat(o) for o in triage.order_ids))
    for signal in triage.signals:
        words = ", ".join(f'"{_flat(w)}"' for w in signal.words)
        level = f" ({LEVELS.get(signal.level, signal.level)})" if signal.name == "anger" else ""
        lines.append(f"Signal: {_words(signal.name)}{level}" + (f": {words}" if words else ""))
    return lines


def _order_lines(order: Order | None, signature_above: bool) -> list[str]:
    """The order's facts, or a note that none was found."""
    if order is None:
        return ["Order: none found"]
    line = (
        f"Order {_flat(order.order_id)}: {order.total} {order.currency}, "
        f"payment {order.payment_status}, {order.fulfillment_status}"
    )
    if order.carrier or order.tracking_number:
        line += f", {_flat(order.carrier)} {_flat(order.tracking_number)}".rstrip()
    lines = [line]
    if signature_above:
        lines.append("Above the signature limit: ship replacements with signature confirmation.")
    return lines


def _customer_line(req: ApprovalRequest) -> str:
    """The customer's value, tags and history."""
    customer = req.customer
    if customer is None:
        return "Customer: not in the store's records"
    parts = ["VIP"] if is_vip(req) else []
    parts.append(f"lifetime value {customer.lifetime_value} over {customer.order_count} orders")
    if len(customer.lifetime_values) > 1:  # the figure above counts only convertible currencies
        parts[-1] += " (" + ", ".join(f"{v} {c}" for c, v in sorted(customer.lifetime_values.items())) + ")"
    if customer.owner_tags:
        parts.append("your tags: " + ", ".join(sorted(_flat(t) for t in customer.owner_tags)))
    if customer.tags:
        parts.append("tags set by responder: " + ", ".join(sorted(_flat(t) for t in customer.tags)))
    parts.append(f"{customer.complaints} earlier complaints")
    return "Customer: " + "; ".join(parts)


def _decision_lines(decision: Decision) -> list[str]:
    """The policy's decision and every reason."""
    lines = [f"Policy: {decision.action.value}, resolution {decision.resolution}"]
    if decision.holding_reply:
        lines.append("The customer got a short note that a person will answer.")
    lines.extend(f"  - {_flat(reason)}" for reason in decision.reasons)
    return lines


def _flat(text: str) -> str:
    """Customer-controlled text on one line, without codes, tags or invisible characters."""
    return " ".join(defang(safe_text(text)).split())


def _words(name: str) -> str:
    """An identifier as words: where_is_my_order -> where is my order."""
    return name.replace("_", " ")


def _when(moment: datetime) -> str:
    """A timestamp for people."""
    return moment.strftime("%Y-%m-%d %H:%M %Z").strip()
