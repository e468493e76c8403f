"""Building outgoing mail: threading headers, one `Re:`, loop-stopping headers, exact bytes.

Every header goes through `EmailMessage`, which refuses CR/LF in values, so a customer's
name or subject can never inject a header (R43, T42). `reply_bytes` is the hot path for
automatic replies: it writes the same message straight to bytes (about ten times faster),
only for plain ASCII addresses and angle-bracketed Message-IDs, checks every header line
it wrote, and hands anything else to `build_reply`.
"""

from __future__ import annotations

import email.policy
import random
import re
import sys
from dataclasses import dataclass
from datetime import UTC, datetime
from email import quoprimime
from email.header import Header
from email.headerregistry import Address
from email.message import EmailMessage
from email.utils import format_datetime, formataddr

from responder.mail.addresses import sendable
from responder.mail.htmltext import strip_invisible
from responder.models import Draft, Inbound
from responder.ownerlang import RLM

REFERENCES_LIMIT = 1500
_PREFIX = re.compile(r"^\s*((re|aw|sv|antw|fw|fwd|wg|tr|rv|رد|پاسخ)\s*(\[\d+\])?\s*[:：]\s*)+", re.I)
_CONTROL = re.compile(r"[\x00-\x1f\x7f]+")
_PLAIN_ADDRESS = re.compile(r"[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9.-]+")
_MSGID = re.compile(r"<[\x21-\x3d\x3f-\x7e]+>")
_FOLDED = re.compile(r"[\x20-\x7e]+(?:\r\n[ \t][\x20-\x7e]+)*")
"""A header value we wrote: printable ASCII lines, each continuation starting with a blank."""
MAX_LINE = 998


@dataclass(frozen=True)
class Envelope:
    """Who the message is from, for headers and for SMTP."""

    from_name: str
    from_addr: str
    loop_token: str


def reply_subject(subject: str) -> str:
    """The original subject with exactly one leading `Re: ` (T40), invisible characters gone."""
    clean = safe_text(subject)
    stripped = _PREFIX.sub("", clean).strip()
    return f"Re: {stripped}" if stripped else "Re: your message"


def references(parent: Inbound) -> str:
    """References for a reply: parent's References + its Message-ID, trimmed (T38, T39).

    Keeps the root and as many of the newest ids as fit in REFERENCES_LIMIT, in one pass
    from the newest (R75: the cost stays linear however many ids the parent carries)."""
    ids = list(parent.references)
    if not ids and parent.in_reply_to and " " not in parent.in_reply_to.strip():
        ids = [parent.in_reply_to.strip()]
    if parent.message_id:
        ids.append(parent.message_id)
    if len(ids) <= 2:
        return " ".join(ids)
    newest: list[str] = []
    room = REFERENCES_LIMIT - len(ids[0])
    for item in reversed(ids[1:]):
        if newest and room - len(item) - 1 < 0:
            break
        newest.append(item)
        room -= len(item) + 1
    return " ".join([ids[0], *reversed(newest)])


def safe_text(value: str) -> str:
    """Customer text fit to echo in a header or a one-line summary: control characters become
    spaces, and bidi overrides and zero-width characters are removed (R77), so a subject
    cannot show the owner or the customer text reordered or hidden (ZWNJ stays: Persian)."""
    return _CONTROL.sub(" ", strip_invisible(value)).strip()


def build_reply(
    parent: Inbound, draft: Draft, env: Envelope, message_id: str, *, now: datetime,
    automatic: bool = True,
) -> EmailMessage:
    """The customer-facing reply: to the sender only, threaded, marked as automatic (R14)."""
    to = sendable(parent.from_addr)
    # R73: a non-ASCII local part can only be written as UTF-8 (RFC 6532, sent over SMTPUTF8)
    msg = EmailMessage(policy=email.policy.default if to.isascii() else email.policy.SMTPUTF8)
    msg["From"] = Address(safe_text(env.from_name), addr_spec=env.from_addr)
    msg["To"] = _recipient(parent.from_name, to)
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


def _recipient(name: str, addr: str) -> Address | str:
    """The To header; the email package refuses a non-ASCII local part as an Address."""
    if addr.isascii():
        return Address(safe_text(name), addr_spec=addr)
    quoted = str(Address(safe_text(name), "x", "example.com")).rpartition(" <")[0]
    return f"{quoted} <{addr}>" if quoted else addr


def notice_subject(subject: str) -> str:
    """Our subject to the owner, cleaned (R77); the right-to-left mark that starts an Arabic or
    Persian owner's subject is ours, not the customer's, and stays."""
    mark = RLM if subject.startswith(RLM) else ""
    return mark + safe_text(subject.removeprefix(RLM))


def build_notice(
    to: str, subject: str, text: str, env: Envelope, message_id: str, *, now: datetime,
    in_reply_to: str | None = None,
) -> EmailMessage:
    """A message from the responder to the owner (approval request, confirmation, alarm)."""
    msg = EmailMessage()
    msg["From"] = Address(safe_text(env.from_name), addr_spec=env.from_addr)
    msg["To"] = to
    msg["Subject"] = notice_subject(subject)
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


class _Unusual(ValueError):
    """Something the fast path does not write itself; `build_reply` takes over."""


def reply_bytes(
    parent: Inbound, draft: Draft, env: Envelope, message_id: str, *, now: datetime,
    automatic: bool = True,
) -> bytes:
    """`to_bytes(build_reply(...))`, written directly for the common case (same headers)."""
    try:
        return _fast_reply(parent, draft, env, message_id, now=now, automatic=automatic)
    except _Unusual:
        return to_bytes(build_reply(parent, draft, env, message_id, now=now, automatic=automatic))


def _fast_reply(parent: Inbound, draft: Draft, env: Envelope, message_id: str, *,
                now: datetime, automatic: bool) -> bytes:
    refs = references(parent)
    headers = [
        ("From", _address(env.from_name, env.from_addr)),
        ("To", _address(parent.from_name, parent.from_addr)),
        ("Subject", _text("Subject", reply_subject(parent.subject))),
        ("Date", format_datetime(now.astimezone(UTC))),
        ("Message-ID", _ids(message_id)),
    ]
    if parent.message_id:
        headers.append(("In-Reply-To", _ids(parent.message_id)))
    if refs:
        headers.append(("References", _ids(refs)))
    if automatic:
        headers += [("Auto-Submitted", "auto-replied"), ("Precedence", "bulk")]
    headers += [("X-Auto-Response-Suppress", "All"), ("X-Loop", _text("X-Loop", env.loop_token)),
                ("MIME-Version", "1.0")]
    head = "".join(f"{name}: {_checked(name, value)}\r\n" for name, value in headers)
    return (head + _body(draft)).encode("ascii")


def _address(name: str, addr: str) -> str:
    if not _PLAIN_ADDRESS.fullmatch(addr):
        raise _Unusual("address")
    return formataddr((safe_text(name), addr), charset="utf-8")


def _text(name: str, value: str) -> str:
    value = safe_text(value)
    if value.isascii() and len(value) + len(name) + 2 <= 78:
        return value
    charset = "us-ascii" if value.isascii() else "utf-8"
    return Header(value, charset, header_name=name).encode(linesep="\r\n")


def _ids(value: str) -> str:
    ids = value.split(" ")
    if not all(_MSGID.fullmatch(i) for i in ids):
        raise _Unusual("message id")
    lines = [ids[0]]
    for i in ids[1:]:  # fold between ids before a line gets long
        if len(lines[-1]) + len(i) + 1 > 76:
            lines.append(i)
        else:
            lines[-1] += f" {i}"
    return "\r\n ".join(lines)


def _checked(name: str, value: str) -> str:
    """The value, once proven to be printable ASCII with only our own folding (T42)."""
    if not _FOLDED.fullmatch(value) or any(
            len(line) + len(name) + 2 > MAX_LINE for line in value.split("\r\n")):
        raise _Unusual(name)
    return value


_PLAIN = 'Content-Type: text/plain; charset="utf-8"\r\nContent-Transfer-Encoding: quoted-printable\r\n'


def _body(draft: Draft) -> str:
    text = _qp(draft.text)
    if not draft.html:
        return f"{_PLAIN}\r\n{text}"
    html = _qp(draft.html)
    boundary = f"==============={random.randrange(sys.maxsize):019d}=="
    if boundary in text or boundary in html:
        raise _Unusual("boundary")
    return (f'Content-Type: multipart/alternative;\r\n boundary="{boundary}"\r\n\r\n'
            f"--{boundary}\r\n{_PLAIN}\r\n{text}\r\n"
            f'--{boundary}\r\nContent-Type: text/html; charset="utf-8"\r\n'
            f"Content-Transfer-Encoding: quoted-printable\r\n\r\n{html}\r\n"
            f"--{boundary}--\r\n")


def _qp(text: str) -> str:
    """UTF-8, quoted-printable, CRLF line ends: what `set_content(cte="quoted-printable")` writes."""
    lines = text.encode("utf-8").splitlines()
    encoded = quoprimime.body_encode((b"\n".join(lines) + b"\n").decode("latin-1"), 78)
    return encoded.replace("\n", "\r\n")
