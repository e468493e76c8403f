"""Building outgoing mail: threading headers, one `Re:`, loop-stopping headers, exact bytes.

Every header goes through `EmailMessage`, which refuses CR/LF in values, so a customer's
name or subject can never inject a header (R43, T42).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime
from email.headerregistry import Address
from email.message import EmailMessage
from email.utils import format_datetime

from responder.models import Draft, Inbound

REFERENCES_LIMIT = 1500
_PREFIX = re.compile(r"^\s*((re|aw|sv|antw|fw|fwd|wg|tr|rv|رد|پاسخ)\s*(\[\d+\])?\s*[:：]\s*)+", re.I)
_CONTROL = re.compile(r"[\x00-\x1f\x7f]+")


@dataclass(frozen=True)
class Envelope:
    """Who the message is from, for headers and for SMTP."""

    from_name: str
    from_addr: str
    loop_token: str


def reply_subject(subject: str) -> str:
    """The original subject with exactly one leading `Re: ` (T40)."""
    clean = _CONTROL.sub(" ", subject).strip()
    stripped = _PREFIX.sub("", clean).strip()
    return f"Re: {stripped}" if stripped else "Re: your message"


def references(parent: Inbound) -> str:
    """References for a reply: parent's References + its Message-ID, trimmed (T38, T39)."""
    ids = list(parent.references)
    if not ids and parent.in_reply_to and " " not in parent.in_reply_to.strip():
        ids = [parent.in_reply_to.strip()]
    if parent.message_id:
        ids.append(parent.message_id)
    while len(" ".join(ids)) > REFERENCES_LIMIT and len(ids) > 2:
        del ids[1]  # keep the root and the newest ids, oldest first
    return " ".join(ids)


def safe_text(value: str) -> str:
    """A header value with control characters replaced by spaces."""
    return _CONTROL.sub(" ", value).strip()


def build_reply(
    parent: Inbound, draft: Draft, env: Envelope, message_id: str, *, now: datetime,
    automatic: bool = True,
) -> EmailMessage:
    """The customer-facing reply: to the sender only, threaded, marked as automatic (R14)."""
    msg = EmailMessage()
    msg["From"] = Address(safe_text(env.from_name), addr_spec=env.from_addr)
    msg["To"] = Address(safe_text(parent.from_name), addr_spec=parent.from_addr)
    msg["Subject"] = reply_subject(parent.subject)
    msg["Date"] = format_datetime(now.astimezone(UTC))
    msg["Message-ID"] = message_id
    if parent.message_id:
        msg["In-Reply-To"] = parent.message_id
    refs = references(parent)
    if refs:
        msg["References"] = refs
    if automatic:
        msg["Auto-Submitted"] = "auto-replied"
        msg["Precedence"] = "bulk"
    msg["X-Auto-Response-Suppress"] = "All"
    msg["X-Loop"] = env.loop_token
    _set_body(msg, draft)
    return msg


def build_notice(
    to: str, subject: str, text: str, env: Envelope, message_id: str, *, now: datetime,
    in_reply_to: str | None = None,
) -> EmailMessage:
    """A message from the responder to the owner (approval request, confirmation, alarm)."""
    msg = EmailMessage()
    msg["From"] = Address(safe_text(env.from_name), addr_spec=env.from_addr)
    msg["To"] = to
    msg["Subject"] = safe_text(subject)
    msg["Date"] = format_datetime(now.astimezone(UTC))
    msg["Message-ID"] = message_id
    if in_reply_to:
        msg["In-Reply-To"] = in_reply_to
        msg["References"] = in_reply_to
    msg["Auto-Submitted"] = "auto-generated"
    msg["X-Auto-Response-Suppress"] = "All"
    msg["X-Loop"] = env.loop_token
    msg.set_content(text, cte="quoted-printable")
    return msg


def _set_body(msg: EmailMessage, draft: Draft) -> None:
    msg.set_content(draft.text, cte="quoted-printable")
    if draft.html:
        msg.add_alternative(draft.html, subtype="html", cte="quoted-printable")


def to_bytes(msg: EmailMessage) -> bytes:
    """The exact bytes to store and send (CRLF line ends, as SMTP and IMAP want them)."""
    return msg.as_bytes(policy=msg.policy.clone(linesep="\r\n"))
