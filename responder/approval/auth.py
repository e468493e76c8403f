"""Is this reply really from an approver? Allowlist first, then DMARC or our own DKIM check.

The sender must be an approver of the draft's group and the only From address (T52). Then
either the topmost trusted Authentication-Results header says dmarc=pass for the sender's
domain, or one of the message's DKIM signatures verifies with an aligned d=, signs From and
covers the whole body (dkimpy checks only what it is asked to: T50, T51). A
trusted dmarc=fail rejects even a good signature. Every doubt is a refusal with a reason.

Alignment is checked without a public-suffix list: d= must equal the From domain or be a
parent or child of it (at least two labels). That is stricter than RFC 7489's relaxed mode
(sibling subdomains do not align) and cannot be fooled by suffixes like co.uk, because a
signer must control the DNS of d=.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from email.message import Message
from email.parser import BytesParser
from email.policy import compat32
from email.utils import getaddresses

import dkim

from responder.approval.authres import Dmarc, above_trusted_hop, dmarc_verdict
from responder.approval.config import OWNER_GROUP, ApprovalConfig

# The first empty line as Python's parser sees it (a CR, LF or CRLF line end, twice).
HEADER_END = re.compile(rb"(\r\n|\r(?!\n)|\n)(?:\r\n|\r|\n)")
BARE_CR = re.compile(rb"\r(?!\n)")
BARE_LF = re.compile(rb"(?<!\r)\n")
DnsFunc = Callable[..., bytes | None]
MIN_KEY_BITS = 1024
# Each signature costs a DNS lookup; a reply stuffed with signatures must not stall us.
MAX_SIGNATURES = 5


@dataclass(frozen=True)
class AuthResult:
    """Whether the reply is authentic, why, and how it was proven (for the audit log)."""

    ok: bool
    reason: str
    method: str = ""
    """dmarc | dkim | unauthenticated (the unsafe demo switch); empty when not ok."""
    dkim_domain: str = ""


def authenticate(
    raw: bytes,
    sender: str,
    cfg: ApprovalConfig,
    *,
    group: str = OWNER_GROUP,
    dnsfunc: DnsFunc | None = None,
) -> AuthResult:
    """Check the allowlist, the From header and DMARC or DKIM of one owner reply."""
    sender = sender.strip().lower()
    raw = one_line_ending(raw)  # the verifier and the parser read these same bytes
    checked = _precheck(raw, sender, cfg, group)
    if isinstance(checked, AuthResult):
        return checked
    domain = sender.rpartition("@")[2]
    verdict, why = _dmarc(checked, cfg.trusted_authserv_ids, domain)
    if verdict is Dmarc.FAIL:
        return AuthResult(False, why)
    if verdict is Dmarc.PASS:
        return AuthResult(True, why, method="dmarc")
    return _dkim_result(raw, domain, dnsfunc, why)


def _precheck(raw: bytes, sender: str, cfg: ApprovalConfig, group: str) -> AuthResult | Message:
    """The parsed headers when sender, header block and From allow a check, else the refusal."""
    if sender not in cfg.approvers_for(group):
        return AuthResult(False, f"{sender or 'no sender'} is not an approver for {group}")
    problem = header_problem(raw)
    if problem:
        return AuthResult(False, f"refused before authentication: {problem}")
    message = BytesParser().parsebytes(raw, headersonly=True)
    if single_from(message) != sender:
        return AuthResult(False, "From must be exactly one address, the approver's")
    if cfg.allow_unauthenticated:
        return AuthResult(True, "UNSAFE: authentication skipped", method="unauthenticated")
    return message


def one_line_ending(raw: bytes) -> bytes:
    """A message written with LF only (a file, a test) as CRLF; anything else unchanged."""
    return raw.replace(b"\n", b"\r\n") if b"\r" not in raw else raw


def header_problem(raw: bytes) -> str | None:
    """Why the DKIM verifier and the mail parser could read this header block apart, or None.

    Python ends a header line at CR, LF or CRLF; dkimpy only at (CR)LF. A bare CR or LF in
    the headers therefore shows each of them different headers, so someone else's valid
    signature could vouch for a From only Python sees (docs/reliability.md, approval rules). Such mail, and
    mail with header defects, is refused before anything is authenticated.
    """
    end = HEADER_END.search(raw)
    head = raw[: end.start() + len(end.group(1))] if end else raw
    if BARE_CR.search(head):
        return "bare CR in the header block"
    if BARE_LF.search(head):
        return "bare LF in the header block"
    parsed = BytesParser(policy=compat32).parsebytes(raw, headersonly=True)
    if parsed.defects:
        return "header defects: " + ", ".join(sorted({type(d).__name__ for d in parsed.defects}))
    return _views_differ(raw, parsed)


def _views_differ(raw: bytes, parsed: Message) -> str | None:
    """Why dkimpy's list of header names differs from Python's, or None when they agree."""
    try:
        verifier = [name.decode("ascii", "replace").lower() for name, _ in dkim.rfc822_parse(raw)[0]]
    except dkim.MessageFormatError as exc:
        return f"headers the DKIM verifier cannot read: {exc}"
    if verifier != [name.lower() for name in parsed]:
        return "the DKIM verifier and the mail parser see different headers"
    return None


def _dmarc(message: Message, trusted: tuple[str, ...], domain: str) -> tuple[Dmarc, str]:
    """The DMARC verdict of the A-R headers our trusted receiving server wrote (T48)."""
    items = [(name, str(value)) for name, value in message.items()]
    values = above_trusted_hop(items, trusted)
    if values is None:
        if not any(name.lower() == "authentication-results" for name, _ in items):
            return Dmarc.UNKNOWN, "no Authentication-Results header"
        return Dmarc.UNKNOWN, "no Received header from a trusted server; Authentication-Results ignored"
    return dmarc_verdict(values, trusted, domain)


def single_from(message: Message) -> str | None:
    """The one From address, lower-cased; None when there are several or none."""
    values = [str(v) for v in message.get_all("From") or ()]
    if len(values) != 1:
        return None
    addresses = [addr for _, addr in getaddresses(values) if addr]
    if len(addresses) != 1 or "@" not in addresses[0]:
        return None
    return addresses[0].lower()


def _dkim_result(raw: bytes, domain: str, dnsfunc: DnsFunc | None, why: str) -> AuthResult:
    """Our own DKIM check, used when the Authentication-Results give no pass."""
    good, detail = dkim_aligned(raw, domain, dnsfunc)
    if good:
        return AuthResult(True, detail, method="dkim", dkim_domain=good)
    return AuthResult(False, f"{why}; {detail}")


def dkim_aligned(raw: bytes, domain: str, dnsfunc: DnsFunc | None = None) -> tuple[str, str]:
    """The d= of the first acceptable signature ("" if none) and what was found."""
    try:
        checker = dkim.DKIM(raw, minkey=MIN_KEY_BITS)
    except dkim.DKIMException as exc:
        return "", f"unreadable message for DKIM: {exc}"
    count = sum(1 for name, _ in checker.headers if name.lower() == b"dkim-signature")
    problems = []
    for index in range(min(count, MAX_SIGNATURES)):
        signer, problem = _check_signature(checker, index, domain, dnsfunc or dkim.dnsplug.get_txt)
        if signer:
            return signer, f"DKIM signature by {signer} verified"
        problems.append(f"DKIM signature {index + 1}: {problem}")
    return "", "; ".join(problems) or "no DKIM signature"


def _check_signature(checker: dkim.DKIM, index: int, domain: str, dnsfunc: DnsFunc) -> tuple[str, str]:
    """(d=, "") when signature `index` is valid and acceptable, else ("", the problem)."""
    try:
        valid = checker.verify(idx=index, dnsfunc=dnsfunc)
    except dkim.DKIMException as exc:
        return "", str(exc)
    fields = checker.signature_fields
    signer = fields[b"d"].decode("ascii", "replace").lower().rstrip(".")
    if not valid:
        return "", f"d={signer} does not verify"
    if b"from" not in checker.include_headers:
        return "", f"d={signer} does not sign the From header"
    if b"l" in fields and not _covers_body(checker, fields):
        return "", f"d={signer} signs only part of the body (l=)"
    if not aligned(signer, domain):
        return "", f"d={signer} is not aligned with {domain}"
    return signer, ""


def _covers_body(checker: dkim.DKIM, fields: dict[bytes, bytes]) -> bool:
    """True when the l= body length covers the whole canonicalised body."""
    policy = dkim.CanonicalizationPolicy.from_c_value(fields.get(b"c", b"simple/simple"))
    try:
        length = int(fields[b"l"])
    except ValueError:
        return False
    return length >= len(policy.canonicalize_body(checker.body))


def aligned(signer: str, domain: str) -> bool:
    """d= equals the From domain or is a parent or child of it, with at least two labels."""
    if signer.count(".") < 1 or domain.count(".") < 1:
        return False
    return signer == domain or domain.endswith("." + signer) or signer.endswith("." + domain)
