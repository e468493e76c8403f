"""Can we write to this sender, and how (R73)?

A From header such as `x@y@example.com` parses into an address no server accepts; a local
part in another script (`аlice@example.com`, Cyrillic а) can only be sent over SMTPUTF8
(RFC 6531); a domain in another script is sent in its ASCII form (IDNA), which every
server accepts. Nothing here raises: callers get a reason or a sendable form.
"""

from __future__ import annotations

import re

_ATOM = r"[^\s@<>()\[\],;:\\\".\x00-\x1f\x7f]+"
_LOCAL = re.compile(rf"{_ATOM}(?:\.{_ATOM})*")
_LABEL = re.compile(r"[^\s@<>()\[\],;:\\\"\x00-\x1f\x7f.]{1,63}")
MAX_LENGTH = 254


def problem(addr: str) -> str | None:
    """Why no mail server would accept `addr` as a recipient, or None when it looks usable."""
    local, at, domain = addr.rpartition("@")
    if not at or not local or len(addr) > MAX_LENGTH or not _LOCAL.fullmatch(local):
        return f"the sender's address {addr!r} is not a valid email address"
    labels = domain.split(".")
    if len(labels) < 2 or not all(_LABEL.fullmatch(label) for label in labels):
        return f"the sender's address {addr!r} has no valid domain after the @"
    try:
        ascii_domain(domain)
    except UnicodeError:
        return f"the domain of the sender's address {addr!r} cannot be written in DNS form"
    return None


def needs_smtputf8(addr: str) -> bool:
    """True when the part before the @ has non-ASCII letters (only SMTPUTF8 can carry it)."""
    return not addr.rpartition("@")[0].isascii()


def no_smtputf8(addr: str, host: str) -> str:
    """Why a reply to `addr` waits for a person when the server `host` lacks SMTPUTF8."""
    return (f"R73: the sender's address {addr} has letters outside A-Z before the @; the mail "
            f"server {host} does not offer SMTPUTF8, so it cannot carry a reply to it. Answer "
            "from a mail program that can (Gmail, Outlook), or turn on SMTPUTF8 "
            "(Postfix: smtputf8_enable = yes)")


def ascii_domain(domain: str) -> str:
    """The domain as DNS knows it: `exämple.com` -> `xn--exmple-cua.com`."""
    return domain if domain.isascii() else domain.encode("idna").decode("ascii")


def sendable(addr: str) -> str:
    """The address to put in RCPT TO and the To header: the domain in its ASCII form."""
    local, at, domain = addr.rpartition("@")
    if not at or problem(addr) is not None:
        return addr
    return f"{local}@{ascii_domain(domain)}"
