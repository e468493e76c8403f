"""Deterministic, self-verifying Message-IDs for the mail we send (docs/reliability.md R9, T34).

An id looks like `<ar.{nonce}.{tag}@domain>`. The nonce is derived from the inbound email and
the kind of reply, so a retry after a crash produces the same id and the receiver (and our Sent
folder search) sees one message. The tag is an HMAC of the nonce, so when one of our ids comes
back (a bounce, a reply, our own mail looping) we can prove it is ours without remembering it.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import re

NONCE_CHARS = 16
TAG_CHARS = 10
_OURS = re.compile(r"^ar\.([a-z2-7]{16})\.([a-z2-7]{10})$")


def make_message_id(key: bytes, inbound_key: str, kind: str, domain: str) -> str:
    """The Message-ID for reply `kind` to inbound email `inbound_key`; same inputs, same id."""
    nonce = _b32(_mac(key, f"{inbound_key}|{kind}|v1"))[:NONCE_CHARS]
    return f"<ar.{nonce}.{_tag(key, nonce)}@{domain.lower()}>"


def is_ours(message_id: str, key: bytes, domain: str) -> bool:
    """True when `message_id` was made by `make_message_id` with this key and domain."""
    local, _, right = message_id.strip().strip("<>").rpartition("@")
    if right.lower() != domain.lower():
        return False
    match = _OURS.match(local.lower())
    if match is None:
        return False
    nonce, tag = match.groups()
    return hmac.compare_digest(tag, _tag(key, nonce))


def loop_token(key: bytes, domain: str) -> str:
    """The value of our X-Loop header: stable per key and domain, unguessable without the key."""
    return f"ar.{_b32(_mac(key, 'x-loop|v1'))[:NONCE_CHARS]}@{domain.lower()}"


def _tag(key: bytes, nonce: str) -> str:
    return _b32(_mac(key, nonce))[:TAG_CHARS]


def _mac(key: bytes, text: str) -> bytes:
    return hmac.new(key, text.encode("utf-8"), hashlib.sha256).digest()


def _b32(data: bytes) -> str:
    return base64.b32encode(data).decode("ascii").rstrip("=").lower()
