"""The approval email to the owner: what the customer wants, the facts, the draft, the commands.

Short and plain on purpose: it is read on a phone. Everything the customer wrote (subject,
words, name) is defanged first, so a customer cannot plant an approval code or subject tag
in it, and flattened to one line, so it cannot fake a command line of ours.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

from responder import ownerlang as ol
from responder.approval.tokens import CODE_PREFIX, defang, subject_tag
from responder.mail.compose import safe_text
from responder.models import Customer, Decision, Order, Triage

REQUEST_HEAD = ol.text("en", "head")
DRAFT_START = ol.text("en", "draft_start")
DRAFT_END = ol.text("en", "draft_end")
LANGUAGES = ("en", "ar", "fa")
MARKERS = tuple(ol.text(lang, key) for lang in LANGUAGES
                for key in ("head", "draft_start", "draft_end", "code_label"))
"""Lines our approval email starts its sections with, in every owner language."""
SUBJECT_MAX = 120


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
    lang: str = "en"
    """The approver's language (ownerlang.language_for)."""
    calendar: str = "gregorian"


def build_request(req: ApprovalRequest) -> tuple[str, str]:
    """The approval email's subject and plain-text body."""
    return build_subject(req), build_body(req)


def build_subject(req: ApprovalRequest) -> str:
    """E.g. `[P1 VIP] Approve reply? Re: Where is my order #1001 [#D123]`."""
    subject = re.sub(r"^(?:\s*(?:re|aw|fw|fwd)\s*:)+", "", _flat(req.customer_subject), flags=re.I)
    subject = subject.strip()[:SUBJECT_MAX] or ol.text(req.lang, "no_subject")
    label = f"P{req.decision.priority}" + (" VIP" if is_vip(req) else "")
    mark = ol.RLM if ol.is_rtl(req.lang) else ""
    return mark + ol.text(req.lang, "subject", label=label, subject=subject,
                          tag=subject_tag(req.draft_id))


def build_body(req: ApprovalRequest) -> str:
    """The body: summary, facts, decision, the draft between markers, commands, the code."""
    lang = req.lang
    own = ol.lines(lang, "\n\n".join([
        "\n".join([_who(req), *_wants(req)]),
        "\n".join([*_order_lines(req), _customer_line(req)]),
        "\n".join(_decision_lines(req))]))
    how = ol.lines(lang, "\n".join(filter(None, [ol.text(lang, "instructions"),
                                                  ol.text(lang, "other_words")])))
    sections = [
        ol.lines(lang, f"{ol.text(lang, 'head')} {ol.ltr(lang, subject_tag(req.draft_id))} -----"),
        own,
        f"{ol.lines(lang, ol.text(lang, 'draft_start'))}\n{req.draft_text.strip()}\n"
        f"{ol.lines(lang, ol.text(lang, 'draft_end'))}",
        how,
        ol.lines(lang, f"{_code_line(req)}\n{ol.text(lang, 'code_keep', when=_when(req))}"),
    ]
    return "\n\n".join(sections) + "\n"


def _code_line(req: ApprovalRequest) -> str:
    """`Approval code: APR-...`; the code itself kept left to right in RTL text."""
    return f"{ol.text(req.lang, 'code_label')} {ol.ltr(req.lang, CODE_PREFIX + req.token)}"


def is_vip(req: ApprovalRequest) -> bool:
    """The customer is tagged VIP in the store, by the policy or by triage."""
    tags = req.customer.all_tags if req.customer else frozenset()
    return "vip" in tags or "vip" in req.decision.tags or req.triage.has("vip")


def _who(req: ApprovalRequest) -> str:
    """Who wrote and about what (the customer's subject as they wrote it)."""
    name = _flat(req.customer_name)
    addr = ol.ltr(req.lang, f"<{req.customer_addr}>" if name else req.customer_addr)
    sender = f"{name} {addr}" if name else addr
    subject = _flat(req.customer_subject)[:SUBJECT_MAX] or ol.text(req.lang, "no_subject")
    return ol.text(req.lang, "wrote", sender=sender, subject=subject)


def _wants(req: ApprovalRequest) -> list[str]:
    """What the customer wants and the signals, with the words that triggered them."""
    lang, triage = req.lang, req.triage
    sure = ol.digits(lang, f"{triage.confidence:.0%}")
    lines = [ol.text(lang, "wants", intent=ol.name(lang, triage.intent.value), sure=sure)]
    if triage.order_ids:
        orders = ol.text(lang, "sep.list").join(ol.ltr(lang, _flat(o)) for o in triage.order_ids)
        lines.append(ol.text(lang, "mentions", orders=orders))
    for signal in triage.signals:
        words = ol.text(lang, "sep.list").join(f'"{_flat(w)}"' for w in signal.words)
        level = ol.text(lang, f"level.{signal.level}") if signal.level in (1, 2, 3) else ""
        level = f" ({level})" if signal.name == "anger" and level else ""
        lines.append(ol.text(lang, "signal", name=ol.name(lang, signal.name), level=level,
                             words=f": {words}" if words else ""))
    return lines


def _order_lines(req: ApprovalRequest) -> list[str]:
    """The order's facts, or a note that none was found."""
    order, lang = req.order, req.lang
    if order is None:
        return [ol.text(lang, "order_none")]
    line = ol.text(lang, "order", order=ol.ltr(lang, _flat(order.order_id)), total=order.total,
                   currency=order.currency, payment=_status(lang, order.payment_status),
                   fulfillment=_status(lang, order.fulfillment_status))
    if order.carrier or order.tracking_number:
        parcel = f"{_flat(order.carrier)} {_flat(order.tracking_number)}".strip()
        line += ol.text(lang, "sep.list") + ol.ltr(lang, parcel)
    return [line, ol.text(lang, "signature")] if req.signature_above else [line]


def _customer_line(req: ApprovalRequest) -> str:
    """The customer's value, tags and history."""
    customer, lang = req.customer, req.lang
    if customer is None:
        return ol.text(lang, "customer_none")
    parts = ["VIP"] if is_vip(req) else []
    parts.append(ol.text(lang, "lifetime", value=customer.lifetime_value,
                         orders=ol.digits(lang, customer.order_count)))
    if len(customer.lifetime_values) > 1:  # the figure above counts only convertible currencies
        parts[-1] += " (" + ", ".join(f"{v} {c}" for c, v in sorted(customer.lifetime_values.items())) + ")"
    if customer.owner_tags:
        tags = ol.text(lang, "sep.list").join(sorted(_flat(t) for t in customer.owner_tags))
        parts.append(ol.text(lang, "owner_tags", tags=tags))
    if customer.tags:
        tags = ol.text(lang, "sep.list").join(sorted(_flat(t) for t in customer.tags))
        parts.append(ol.text(lang, "tags", tags=tags))
    parts.append(ol.text(lang, "complaints", n=ol.digits(lang, customer.complaints)))
    return ol.text(lang, "customer", parts=ol.text(lang, "sep.parts").join(parts))


def _status(lang: str, status: str) -> str:
    """An order status in the approver's words; English keeps the store's own spelling."""
    return status if lang == "en" else ol.name(lang, status)


def _decision_lines(req: ApprovalRequest) -> list[str]:
    """The policy's decision and every reason (reasons are the policy's own words)."""
    decision, lang = req.decision, req.lang
    lines = [ol.text(lang, "policy", action=ol.name(lang, decision.action.value),
                     resolution=_status(lang, decision.resolution))]
    if decision.holding_reply:
        lines.append(ol.text(lang, "holding"))
    lines.extend(f"  - {_flat(reason)}" for reason in decision.reasons)
    return lines


def _flat(text: str) -> str:
    """Customer-controlled text on one line, without codes, tags or invisible characters."""
    return " ".join(defang(safe_text(text)).split())


def _when(req: ApprovalRequest) -> str:
    """When the code runs out, in the approver's calendar and digits."""
    zone = req.expires_at.strftime("%Z")
    stamp = ol.date(req.lang, req.expires_at, req.calendar, time=True)
    return f"{stamp} {zone}".strip()
