"""Recognising mail meant for the approval stage, before the customer pipeline sees it.

An email is owner mail when it comes from an approver and names a draft (an approval code,
a `[#D123]` subject tag, a reply to one of our approval emails, or PAUSE/RESUME), or when
anyone replies to one of our approval emails or carries a code we issued (a forwarded
approval email, T52). Such mail never gets a customer reply. Automatic mail among it
(out-of-office, bounces, our own mail coming back) is recognised so it can be ignored (T56).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from email import message_from_bytes, policy
from email.message import EmailMessage

from sqlmodel import Session

from responder.approval.config import ApprovalConfig
from responder.approval.outmail import owner_mail_ids
from responder.approval.tables import find_token
from responder.approval.tokens import find_codes, find_draft_id
from responder.mail import bounces
from responder.mail.guards import PRECEDENCE_AUTO, auto_submitted_keyword
from responder.mail.parse_body import MAX_PARTS
from responder.models import Inbound
from responder.ownerlang.words import FOLDED, PAUSE, RESUME, fold

FIRST_LINE = re.compile(r"\s*([^\n]*)")
LIST_HEADERS = ("list-id", "list-unsubscribe", "list-post")


@dataclass(frozen=True)
class OwnerMail:
    """An email for the approval stage and what it points at."""

    sender: str
    text: str
    """The text/plain body ("" when the mail has only HTML)."""
    html: str
    codes: tuple[str, ...]
    draft_id: int | None
    """The draft the subject tag or the replied-to approval email names."""
    from_approver: bool


def all_approvers(cfg: ApprovalConfig) -> frozenset[str]:
    """Every address on any approver list."""
    return frozenset({*cfg.approvers, *(a for group in cfg.groups.values() for a in group)})


def recognise(s: Session, cfg: ApprovalConfig, inbound: Inbound, raw: bytes) -> OwnerMail | None:
    """The owner mail in this email, or None when it belongs to the customer pipeline."""
    html = _html_of(inbound, raw)
    codes = find_codes(f"{inbound.text}\n{html}")
    replied = owner_mail_ids(s, [*inbound.references, *filter(None, [inbound.in_reply_to])])
    tag = find_draft_id(inbound.subject)
    draft_id = tag if tag is not None else next((r.draft_id for r in replied if r.draft_id), None)
    approver = inbound.from_addr in all_approvers(cfg)
    names_draft = bool(codes) or tag is not None or bool(replied)
    if approver and (names_draft or _switch(inbound.new_text or inbound.text)):
        return _mail(inbound, html, codes, draft_id, approver=True)
    if replied or any(find_token(s, code) is not None for code in codes[:3]):
        return _mail(inbound, html, codes, draft_id, approver=False)
    return None


def _switch(text: str) -> bool:
    """The first line is PAUSE or RESUME alone, in any owner language (ownerlang/words.py)."""
    first = FIRST_LINE.match(text)
    word = re.sub(r"[.!]$", "", fold(first.group(1))) if first else ""
    return FOLDED.get(word) in (PAUSE, RESUME)


def _mail(inbound: Inbound, html: str, codes: tuple[str, ...], draft_id: int | None, *,
          approver: bool) -> OwnerMail:
    text = "" if inbound.html_only else inbound.text
    return OwnerMail(inbound.from_addr, text, html, codes, draft_id, approver)


def _html_of(inbound: Inbound, raw: bytes) -> str:
    # A second MIME parse for every customer email cost ~7% of the backlog time; the parser
    # already listed the part types (unless it stopped listing at MAX_PARTS).
    if "text/html" in inbound.part_types or len(inbound.part_types) >= MAX_PARTS:
        return html_part(raw)
    return ""


def html_part(raw: bytes) -> str:
    """The first inline text/html part, decoded ("" when there is none)."""
    msg = message_from_bytes(raw, policy=policy.default)
    assert isinstance(msg, EmailMessage)  # noqa: S101  (policy.default builds EmailMessage)
    for part in msg.walk():
        if part.get_content_type() == "text/html" and not part.is_attachment():
            try:
                return str(part.get_content())
            except (LookupError, ValueError):
                return ""
    return ""


def automated(inbound: Inbound, loop_token: str) -> str | None:
    """Why this email was sent by a machine (so it must be ignored silently), or None."""
    for check in (_auto_headers, _mailing, _autoreply):
        found = check(inbound, loop_token.lower())
        if found:
            return found
    return None


def _auto_headers(inbound: Inbound, loop_token: str) -> str | None:
    """Auto-Submitted other than `no`, or an automatic Precedence (R4, R5)."""
    for value in inbound.header("auto-submitted"):
        if auto_submitted_keyword(value) != "no":
            return f"Auto-Submitted: {value.strip()[:40]}"
    for value in (*inbound.header("precedence"), *inbound.header("x-precedence")):
        if PRECEDENCE_AUTO.search(value):
            return f"Precedence: {value.strip()[:40]}"
    return None


def _mailing(inbound: Inbound, loop_token: str) -> str | None:
    """The null sender, our own mail coming back, or a mailing list (R2, R6, R8)."""
    if inbound.return_path == "":
        return "null Return-Path"
    if loop_token in {v.strip().lower() for v in inbound.header("x-loop")}:
        return "our own X-Loop token"
    if any(inbound.header(name) for name in LIST_HEADERS):
        return "mailing-list header"
    return None


def _autoreply(inbound: Inbound, loop_token: str) -> str | None:
    """An out-of-office reply or a delivery report (R3, R8)."""
    del loop_token
    hint = bounces.is_autoreply(inbound)
    if hint is not None:
        return f"automatic reply ({hint.reason})"
    evidence = bounces.bounce_evidence(inbound)
    return f"delivery report ({evidence})" if evidence else None
