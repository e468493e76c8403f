"""The parse stage: raw RFC 5322 bytes -> Inbound.

Headers and the MIME tree come from the standard library's compat32 parser, which keeps raw
values (we decode them ourselves, tolerantly) and is about three times faster than
mail-parser on our corpus. Anything odd about a message is recorded in `defects`; only mail
that cannot be understood at all raises MessageUnreadable.
"""

from __future__ import annotations

import email
import email.policy
import logging
import re
from dataclasses import replace
from email.message import Message
from types import MappingProxyType

from responder.errors import MessageUnreadable
from responder.mail import parse_headers as ph
from responder.mail.htmltext import html_to_text, strip_invisible
from responder.mail.parse_body import Body, walk
from responder.mail.quotes import split_reply
from responder.models import HeaderMap, Inbound

log = logging.getLogger(__name__)

MAX_BYTES = 25_000_000
OBSOLETE_COLON = re.compile(rb"^([!-9;-~]+)[ \t]+:", re.MULTILINE)
# Header names that only mail carries; a "header block" with none of them is not mail.
MAIL_HEADERS = frozenset(
    {
        "from", "to", "cc", "subject", "date", "message-id", "received", "return-path",
        "mime-version", "content-type", "delivered-to", "reply-to", "sender", "in-reply-to",
        "references", "x-mailer", "user-agent", "content-transfer-encoding", "bcc",
    }
)  # fmt: skip


def parse(raw: bytes, *, max_bytes: int = MAX_BYTES) -> Inbound:
    """Parse raw mail bytes into an Inbound; raise MessageUnreadable if it is not mail."""
    if len(raw) > max_bytes:
        raise MessageUnreadable(f"too large: {len(raw)} bytes")
    message = _message(raw)
    headers = _header_map(message)
    body = _walk(message)
    text, html_only = _body_text(body)
    new, quoted, signature = split_reply(strip_invisible(text))
    return replace(
        _identity(message, headers),
        text=text,
        new_text=new,
        quoted=quoted,
        signature=signature,
        html_only=html_only,
        content_type=message.get_content_type(),
        report_type=_report_type(message),
        part_types=tuple(body.part_types),
        attachments=tuple(body.attachments),
        headers=headers,
        size=len(raw),
        defects=tuple(dict.fromkeys(body.defects))[:50],
    )


def _message(raw: bytes) -> Message:
    """The compat32 message tree, or MessageUnreadable when the bytes carry no mail headers."""
    if not raw.strip():
        raise MessageUnreadable("empty message")
    try:
        message = email.message_from_bytes(raw, policy=email.policy.compat32)
    except (RecursionError, MemoryError) as exc:
        raise MessageUnreadable(f"cannot parse MIME structure: {type(exc).__name__}") from exc
    names = {str(key).lower() for key in message}
    if not names and OBSOLETE_COLON.search(raw.split(b"\n\n", 1)[0]):
        # RFC 822 allowed "Subject  : x"; compat32 then sees no headers at all.
        message = email.message_from_bytes(_repair(raw), policy=email.policy.compat32)
        names = {str(key).lower() for key in message}
    if not names:
        raise MessageUnreadable("no headers: not an email")
    if not names & MAIL_HEADERS:
        raise MessageUnreadable(f"no mail headers among {len(names)} header-like lines")
    return message


def _repair(raw: bytes) -> bytes:
    """Remove the space before the colon in an obsolete-syntax header block."""
    head, sep, rest = raw.partition(b"\r\n\r\n") if b"\r\n\r\n" in raw else raw.partition(b"\n\n")
    return OBSOLETE_COLON.sub(rb"\1:", head) + sep + rest


def _walk(message: Message) -> Body:
    """The MIME walk; a structure the library cannot walk still yields the top-level body."""
    try:
        return walk(message)
    except (RecursionError, ValueError, LookupError, TypeError) as exc:
        log.warning("MIME walk failed: %s", exc)
        return Body(part_types=[message.get_content_type()], defects=[type(exc).__name__])


def _header_map(message: Message) -> HeaderMap:
    """Lower-cased name -> every decoded value, topmost first."""
    collected: dict[str, list[str]] = {}
    for name, value in message.raw_items():
        collected.setdefault(str(name).lower().strip(), []).append(ph.decode_words(value))
    return MappingProxyType({name: tuple(values) for name, values in collected.items()})


def _identity(message: Message, headers: HeaderMap) -> Inbound:
    """Sender, recipients, subject and threading fields."""
    senders = ph.addresses(_raw_all(message, "from"))
    replied = ph.id_list(_raw_first(message, "in-reply-to"))
    return Inbound(
        message_id=ph.message_id(_raw_first(message, "message-id")),
        from_addr=senders[0][1] if senders else "",
        from_name=senders[0][0] if senders else "",
        from_addrs=tuple(addr for _, addr in senders),
        return_path=ph.return_path(_raw_first(message, "return-path")),
        reply_to=_addrs(message, "reply-to"),
        to=_addrs(message, "to"),
        cc=_addrs(message, "cc"),
        subject=_subject(headers),
        in_reply_to=replied[0] if replied else None,
        references=ph.id_list(_raw_first(message, "references")),
        date=ph.parse_date(_raw_first(message, "date")),
    )


def _raw_all(message: Message, name: str) -> list[str]:
    """Every raw value of a header; compat32's get() would wrap 8-bit values in Header."""
    return [str(value) for key, value in message.raw_items() if key.lower() == name]


def _raw_first(message: Message, name: str) -> str | None:
    """The topmost raw value of a header, or None."""
    values = _raw_all(message, name)
    return values[0] if values else None


def _addrs(message: Message, name: str) -> tuple[str, ...]:
    """Every address in all headers of this name."""
    return tuple(addr for _, addr in ph.addresses(_raw_all(message, name)))


def _subject(headers: HeaderMap) -> str:
    """The first Subject, decoded, with CR and LF removed (they would split log lines)."""
    values = headers.get("subject", ())
    return values[0].replace("\r", "").replace("\n", "") if values else ""


def _report_type(message: Message) -> str | None:
    """The report-type parameter of a multipart/report, lower case."""
    value = message.get_param("report-type")
    return value.lower() if isinstance(value, str) and value else None


def _body_text(body: Body) -> tuple[str, bool]:
    """The plain-text body, converting HTML when there is no usable text part."""
    if body.text and body.text.strip():
        return body.text.replace("\r\n", "\n"), False
    if body.html:
        return html_to_text(body.html), True
    return (body.text or "").replace("\r\n", "\n"), False
