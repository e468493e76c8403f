"""Walk the MIME tree once: part types, attachment names, the text and HTML bodies.

The walk is iterative and capped, so a message nested thousands of levels deep or holding
thousands of parts costs bounded time and never hits Python's recursion limit.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from email.message import Message

from responder.mail.parse_headers import decode_bytes, decode_words, raw_text

MAX_PARTS = 5000
"""Parts looked at per message; the rest is reported as a defect and ignored."""


@dataclass
class Body:
    """What the walk found."""

    text: str | None = None
    html: str | None = None
    part_types: list[str] = field(default_factory=list)
    attachments: list[str] = field(default_factory=list)
    defects: list[str] = field(default_factory=list)


def walk(message: Message) -> Body:
    """Collect part types, attachment names and the first text and HTML bodies."""
    body = Body()
    stack: list[tuple[Message, bool]] = [(message, False)]
    while stack:
        if len(body.part_types) >= MAX_PARTS:
            body.defects.append(f"TooManyParts: stopped after {MAX_PARTS}")
            break
        part, enclosed = stack.pop()
        ctype = part.get_content_type()
        body.part_types.append(ctype)
        body.defects.extend(type(d).__name__ for d in part.defects)
        children = part.get_payload() if part.is_multipart() else None
        if isinstance(children, list):
            inner = enclosed or ctype == "message/rfc822"
            stack.extend((c, inner) for c in reversed(children) if isinstance(c, Message))
        else:
            _leaf(part, ctype, enclosed=enclosed, body=body)
    return body


def _leaf(part: Message, ctype: str, *, enclosed: bool, body: Body) -> None:
    """Record an attachment or keep the first text/plain and text/html of the outer message."""
    name = _filename(part)
    disposition = raw_text(part.get("content-disposition") or "").split(";")[0].strip().lower()
    if name or disposition == "attachment":
        body.attachments.append(name or f"unnamed.{ctype.rpartition('/')[2]}")
        return
    if enclosed:
        return
    # A multipart whose boundary never appears is left as one text blob: keep the words.
    if ctype in {"text/plain", "multipart/mixed", "multipart/alternative"} and body.text is None:
        body.text = _payload_text(part, body)
    elif ctype == "text/html" and body.html is None:
        body.html = _payload_text(part, body)


def _filename(part: Message) -> str:
    """The decoded file name of a part (RFC 2231 or RFC 2047), or ""."""
    try:
        name = part.get_filename()
    except (ValueError, LookupError, TypeError):
        return ""
    return decode_words(name) if name else ""


def _payload_text(part: Message, body: Body) -> str:
    """A text part's content decoded from its transfer encoding and charset."""
    try:
        data = part.get_payload(decode=True)
    except (ValueError, LookupError, TypeError):
        body.defects.append("UndecodablePayload")
        return ""
    if not isinstance(data, bytes):
        return ""
    try:
        charset = part.get_content_charset()
    except (ValueError, LookupError, TypeError):
        charset = None
    return decode_bytes(data, charset)
