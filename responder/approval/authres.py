"""Reading Authentication-Results headers (RFC 8601) and the DMARC verdict they carry.

Only headers whose authserv-id is configured as trusted mean anything (RFC 8601 section 4.1,
T48), and only when they sit above the topmost Received header written by a trusted server:
everything below that line was in the message when it reached the trusted server, so the
sender wrote it (`above_trusted_hop`). A pass counts only from the topmost header, and a
`dmarc=fail` in any trusted header wins over every pass (Discourse's "most severe wins",
T47). Microsoft 365 writes headers without an authserv-id; those are never trusted, and its
mail must pass our own DKIM check.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from enum import StrEnum

BY_HOST = re.compile(r"(?:^|\s)by\s+([a-z0-9][a-z0-9.-]*)", re.IGNORECASE)


class Dmarc(StrEnum):
    """What trusted Authentication-Results say about DMARC for the sender's domain."""

    PASS = "pass"  # noqa: S105 (a DMARC result, not a password)
    FAIL = "fail"
    UNKNOWN = "unknown"


@dataclass(frozen=True)
class MethodResult:
    """One `method=result prop=value ...` entry of a header."""

    method: str
    result: str
    props: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class AuthResultsHeader:
    """One parsed Authentication-Results header."""

    authserv_id: str
    results: tuple[MethodResult, ...]

    def of(self, method: str) -> tuple[MethodResult, ...]:
        """The results of one method (e.g. dmarc)."""
        return tuple(r for r in self.results if r.method == method)


def strip_comments(value: str) -> str:
    """The header value without (possibly nested) comments; quoted strings are kept."""
    out: list[str] = []
    depth, quoted = 0, False
    for char in value:
        if char == '"' and not depth:
            quoted = not quoted
        if not quoted and char in "()":
            depth = max(depth + (1 if char == "(" else -1), 0)
            continue
        if not depth:
            out.append(char)
    return "".join(out)


def parse(value: str) -> AuthResultsHeader:
    """Parse one header value; a header without an authserv-id gets the id ""."""
    parts = [p.strip() for p in strip_comments(re.sub(r"\s+", " ", value)).split(";")]
    head = parts[0].split()
    authserv_id = head[0].lower() if head and "=" not in head[0] else ""
    rest = parts[1:] if authserv_id else parts
    results = tuple(r for r in (_result(p) for p in rest) if r is not None)
    return AuthResultsHeader(authserv_id, results)


def _result(resinfo: str) -> MethodResult | None:
    """One `method=result props` entry, or None for `none` and junk."""
    tokens = resinfo.split()
    if not tokens or "=" not in tokens[0]:
        return None
    method, _, result = tokens[0].partition("=")
    props = {}
    for token in tokens[1:]:
        key, sep, val = token.partition("=")
        if sep:
            props[key.lower()] = val.strip('"').lower()
    return MethodResult(method.split("/")[0].lower(), result.lower(), props)


def received_by(value: str) -> str:
    """The host in a Received header's `by` clause, lower-cased ("" when there is none)."""
    found = BY_HOST.search(strip_comments(re.sub(r"\s+", " ", value)))
    return found.group(1).lower().rstrip(".") if found else ""


def _trusted_host(host: str, trusted: Sequence[str]) -> bool:
    """True when `host` is a trusted authserv-id or a host under it (mx1.shop.example)."""
    return bool(host) and any(host == t or host.endswith("." + t) for t in trusted)


def above_trusted_hop(
    headers: Sequence[tuple[str, str]], trusted: Sequence[str]
) -> list[str] | None:
    """The A-R values above the topmost Received header a trusted server wrote (topmost first).

    None when no trusted server wrote a Received header: then no A-R header can be told
    apart from one the sender wrote. Headers our own delivery adds later (Dovecot's LMTP
    Received line) sit above the trusted hop and change nothing.
    """
    found: list[str] = []
    for name, value in headers:
        lowered = name.lower()
        if lowered == "received" and _trusted_host(received_by(value), trusted):
            return found
        if lowered == "authentication-results":
            found.append(value)
    return None


def dmarc_verdict(values: Sequence[str], trusted: Sequence[str], domain: str) -> tuple[Dmarc, str]:
    """DMARC for `domain` from the headers (topmost first), with the reason."""
    headers = [parse(v) for v in values]
    trusted_headers = [h for h in headers if h.authserv_id in trusted]
    if any(r.result == "fail" for h in trusted_headers for r in h.of("dmarc")):
        return Dmarc.FAIL, "a trusted Authentication-Results header says dmarc=fail"
    if not headers:
        return Dmarc.UNKNOWN, "no Authentication-Results header"
    top = headers[0]
    if top.authserv_id not in trusted:
        untrusted = top.authserv_id or "no authserv-id"
        return Dmarc.UNKNOWN, f"topmost Authentication-Results is from untrusted {untrusted!r}"
    return _top_dmarc(top, domain)


def _top_dmarc(top: AuthResultsHeader, domain: str) -> tuple[Dmarc, str]:
    """The verdict of the topmost trusted header: pass only for exactly this From domain."""
    dmarc = top.of("dmarc")
    if not dmarc:
        return Dmarc.UNKNOWN, f"{top.authserv_id} reports no dmarc result"
    for entry in dmarc:
        header_from = entry.props.get("header.from", "").rpartition("@")[2]
        if entry.result != "pass" or header_from != domain:
            return Dmarc.UNKNOWN, f"{top.authserv_id}: dmarc={entry.result} for {header_from!r}"
    return Dmarc.PASS, f"{top.authserv_id}: dmarc=pass for {domain}"
