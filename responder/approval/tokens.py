"""Approval codes: single-use, unguessable, stored only as a hash, never logged in clear.

A code is a capability bound to one draft's exact text, one approver and an expiry (R21).
It travels in the approval email's body as `Approval code: APR-<token>`; the owner's reply
quotes it, so the whole reply (quoted part included) is searched for it. The draft id also
rides in the subject tag `[#D123]` so a code pasted into another draft's thread is caught.
"""

from __future__ import annotations

import hashlib
import hmac
import logging
import re
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from responder.ownerlang.words import ascii_digits

CODE_PREFIX = "APR-"
# token_urlsafe(24) gives 32 characters; accept a little more so a longer future token parses.
CODE_RE = re.compile(r"\bAPR-([A-Za-z0-9_-]{32,64})(?![A-Za-z0-9_-])")
TAG_RE = re.compile(r"\[#D(\d{1,18})\]")
# Redaction is broader than parsing: anything that looks like a code, even glued or cut short.
REDACT_RE = re.compile(r"APR-[A-Za-z0-9_-]{8,}")
REDACTED = CODE_PREFIX + "[redacted]"


@dataclass(frozen=True)
class TokenRecord:
    """What the store keeps for one code: its hash and what it is bound to."""

    digest: str
    draft_id: int
    content_sha256: str
    approver: str
    expires_at: datetime
    consumed_at: datetime | None = None


def new_token() -> str:
    """A fresh random token with 192 bits from the OS CSPRNG."""
    return secrets.token_urlsafe(24)


def token_digest(token: str) -> str:
    """SHA-256 hex of a token: the only form the database ever holds."""
    return hashlib.sha256(token.encode("ascii", "replace")).hexdigest()


def content_hash(text: str) -> str:
    """SHA-256 hex of a draft's text; a regenerated or edited draft gets another hash."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def issue(
    draft_id: int, draft_text: str, approver: str, now: datetime, ttl_hours: int
) -> tuple[str, TokenRecord]:
    """A new token for one approver and draft: the clear token (mail it once) and its record."""
    token = new_token()
    record = TokenRecord(
        digest=token_digest(token),
        draft_id=draft_id,
        content_sha256=content_hash(draft_text),
        approver=approver.lower(),
        expires_at=now + timedelta(hours=ttl_hours),
    )
    return token, record


def matches(token: str, record: TokenRecord) -> bool:
    """True when `token` is the one `record` was issued for (constant-time compare, T60)."""
    return hmac.compare_digest(token_digest(token), record.digest)


def code_line(token: str) -> str:
    """The marker line that carries the code in the approval email."""
    return f"Approval code: {CODE_PREFIX}{token}"


def find_codes(text: str) -> tuple[str, ...]:
    """Every distinct token in a reply, in order of appearance (quoted parts included)."""
    # A phone keyboard set to Arabic or Persian may retype digits as ٣ or ۳.
    return tuple(dict.fromkeys(CODE_RE.findall(ascii_digits(text))))


def subject_tag(draft_id: int) -> str:
    """The subject tag naming a draft, e.g. `[#D123]`."""
    return f"[#D{draft_id}]"


def find_draft_id(subject: str) -> int | None:
    """The draft id of the last `[#D123]` tag in a subject (ours is appended last), or None."""
    found = TAG_RE.findall(ascii_digits(subject))
    return int(found[-1]) if found else None


def redact(text: str) -> str:
    """The text with every approval code masked, safe to log."""
    return REDACT_RE.sub(REDACTED, text)


def defang(text: str) -> str:
    """Customer-controlled text with codes and subject tags removed, so it cannot smuggle one."""
    return TAG_RE.sub("[#]", redact(text))


class RedactFilter(logging.Filter):
    """A logging filter that masks approval codes in the formatted message (T60)."""

    def filter(self, record: logging.LogRecord) -> bool:
        """Replace the record's message with its redacted rendering; never drops a record."""
        message = record.getMessage()
        clean = redact(message)
        if clean != message:
            record.msg, record.args = clean, None
        return True
