"""Delivery reports and auto-replies: recognise them, and pull out what the bounce handler needs.

`parse_bounce` reads raw bytes (standard RFC 3464 reports and the common non-standard ones from
qmail, Exim, Exchange and friends). `bounce_evidence` and `is_autoreply` look at a parsed
`Inbound` and are what the guards call. Phrase matches never decide alone: a customer may paste
an error message or write "out of office" in a real request (docs/reliability.md R13).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from email import message_from_bytes
from email.message import Message
from email.parser import HeaderParser
from email.utils import parseaddr
from typing import Literal

from responder.models import Inbound

BounceKind = Literal["bounce", "delay", "delivered", "feedback"]

DSN_TYPES = frozenset({"message/delivery-status", "message/global-delivery-status"})
FEEDBACK_TYPES = frozenset({"message/feedback-report"})
ORIGINAL_TYPES = frozenset({"message/rfc822", "message/global"})
HEADER_TYPES = frozenset({"text/rfc822-headers", "message/rfc822-headers"})
DAEMON_LOCALS = frozenset({"mailer-daemon", "mailer_daemon", "mailerdaemon", "mail-daemon"})
SYSTEM_LOCALS = DAEMON_LOCALS | {"postmaster", "post_master", "noreply", "no-reply"}
ROBOT_NAME = re.compile(r"mail delivery|mailer-daemon|postmaster", re.IGNORECASE)
SES_NOTICE = re.compile(r'"notificationType"\s*:\s*"(Bounce|Complaint|Delivery)"')
JMRP_SUBJECT = re.compile(r"^\s*complaint about message from \d", re.IGNORECASE)
DSN_SUBJECT = re.compile(
    r"undeliver|returned mail|returned to sender|delivery status notification|delivery fail"
    r"|mail delivery|failure notice|non[- ]?deliver|delivery notification|not delivered"
    r"|could not (?:be )?(?:send|deliver)|delivery (?:problem|report|delayed|has failed)"
    r"|delayed mail|mail system error|bounced? mail|unzustellbar|non remis|no entregado"
    r"|メールエラー",
    re.IGNORECASE,
)
DSN_BODY = re.compile(
    r"this is the qmail-send program|created automatically by mail delivery software"
    r"|this is the mail system at host|delivery to the following recipient"
    r"|did not reach some or all of the intended recipients|transcript of session follows"
    r"|had permanent fatal errors|delivery has failed to these recipients|permanent error"
    r"|could not be delivered|unable to deliver|wasn't able to deliver|was not delivered"
    r"|smtp error from remote|the original message was received at|delivery has been delayed"
    r"|message will be retried|will continue trying|user unknown|no such user|did not reach"
    r"|not a valid user",
    re.IGNORECASE,
)
DELAY_WORDS = re.compile(
    r"delay|will (?:continue|keep) trying|still trying|will be retried|not yet been delivered"
    r"|could not send message for past|warning: ",
    re.IGNORECASE,
)
STATUS_SMTP = re.compile(r"\b[245]\d\d[ -]#?([245]\.\d{1,3}\.\d{1,3})(?![\d.])")
STATUS_BARE = re.compile(r"(?<![\d.])#?([245]\.\d{1,3}\.\d{1,3})(?![\d.])")
SMTP_PERM = re.compile(r"(?<!\d)5[0-5]\d[ -]")
FIELD = r"^{}:[ \t]*(.+)$"
MESSAGE_ID = re.compile(r"^[ \t>]*Message-ID:[ \t]*(<[^>\s]+>)", re.IGNORECASE | re.MULTILINE)
BODY_ADDR = re.compile(r"^[ \t]*<?([^\s<>@:;,\"]+@[\w.-]+\.[a-z]{2,})>?:?[ \t]*$", re.I | re.M)
ORIGINAL_MARK = re.compile(r"copy of the message|original message|headers follow", re.I)
MAX_SCAN = 200_000


@dataclass(frozen=True)
class BounceReport:
    """What a delivery report says about a message we (or someone) sent."""

    kind: BounceKind
    original_message_id: str | None = None
    """Message-ID of the message that failed, taken from the attached original or its headers."""
    failed_recipients: tuple[str, ...] = ()
    status: str | None = None
    """RFC 3463 status code such as `5.1.1`."""
    permanent: bool = False
    """The address itself is bad (5.x.x): stop writing to it for a while."""
    evidence: str = ""


@dataclass(frozen=True)
class AutoReplyHint:
    """Why an email looks like a vacation or out-of-office reply, and how sure we are."""

    reason: str
    strong: bool
    """True for header evidence (enough to skip); False for phrases plus another hint (park)."""


def parse_bounce(raw: bytes) -> BounceReport | None:
    """The delivery report inside `raw`, or None when it is not a bounce, delay or complaint."""
    msg = message_from_bytes(raw)
    parts = list(msg.walk())
    types = tuple(p.get_content_type() for p in parts)
    # Broken MIME can hide every text part; then the raw body is the best text we have.
    body = _body_text(parts) or _raw_body(raw)
    report_type = (msg.get_param("report-type") or "") if msg.is_multipart() else ""
    evidence = _raw_evidence(msg, str(report_type).lower(), types, body)
    if evidence is None:
        return None
    if evidence == "feedback report":
        return BounceReport("feedback", _original_id(parts, body), evidence=evidence)
    return _report(parts, msg, body, evidence)


def bounce_evidence(inbound: Inbound) -> str | None:
    """Why the parsed email is a delivery or feedback report, or None when it is not one."""
    report = (inbound.report_type or "").lower()
    if _is_feedback(report, inbound.part_types, inbound.subject, inbound.text[:MAX_SCAN]):
        return "feedback report"
    if report == "delivery-status" or DSN_TYPES.intersection(inbound.part_types):
        return "delivery-status report"
    return _loose_evidence(
        inbound.from_addr, inbound.from_name, inbound.return_path, subject=inbound.subject,
        body=inbound.text[:MAX_SCAN], failed_header=bool(_values(inbound, "x-failed-recipients")),
    )


def is_autoreply(inbound: Inbound) -> AutoReplyHint | None:
    """Why the email looks like an out-of-office or other automatic reply, or None."""
    for name, pattern in AUTO_HEADERS:
        for value in _values(inbound, name):
            if pattern.search(value):
                return AutoReplyHint(f"{name}: {value.strip()[:60]}", strong=True)
    hints = _autoreply_hints(inbound)
    if len(hints) >= 2 and {"subject phrase", "body phrase"}.intersection(hints):
        return AutoReplyHint(" + ".join(hints), strong=False)
    return None


AUTO_HEADERS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("auto-submitted", re.compile(r"^\s*auto-replied", re.I)),
    ("x-autoreply", re.compile(r"")),
    ("x-autorespond", re.compile(r"")),
    ("x-autoresponder", re.compile(r"")),
    ("x-auto-reply-from", re.compile(r"")),
    ("x-mail-autoreply", re.compile(r"")),
    ("x-autogenerated", re.compile(r"reply", re.I)),
    ("x-apple-action", re.compile(r"vacation", re.I)),
    ("x-ms-exchange-inbox-rules-loop", re.compile(r"")),
    ("x-post-messageclass", re.compile(r"autoresponder", re.I)),
    ("precedence", re.compile(r"auto[_-]?reply", re.I)),
    ("x-precedence", re.compile(r"auto[_-]?reply", re.I)),
)
AUTO_SUBJECT = re.compile(
    r"out of (?:the )?office|automatic reply|auto[- ]?reply|auto[- ]?response|^\s*auto:"
    r"|automatische antwort|abwesenheit|r[ée]ponse automatique|respuesta autom[áa]tica"
    r"|risposta automatica|automatyczna odpowied|vacation|on holiday|away from"
    r"|رد تلقائي|الرد التلقائي|خارج المكتب|پاسخ خودکار|خارج از دفتر",
    re.IGNORECASE,
)
AUTO_BODY = re.compile(
    r"out of (?:the )?office|on vacation|on holiday|on leave|away from (?:the |my )?(?:office|desk)"
    r"|limited access to (?:my )?e-?mail|will (?:be back|return) on|automatic reply|autoreply"
    r"|auto-reply|this is an automat(?:ic|ed)|reply as soon as possible|respond as soon as"
    r"|رد تلقائي|خارج المكتب|پاسخ خودکار|خارج از دفتر",
    re.IGNORECASE,
)


def _autoreply_hints(inbound: Inbound) -> list[str]:
    hints = []
    if AUTO_SUBJECT.search(inbound.subject):
        hints.append("subject phrase")
    if AUTO_BODY.search((inbound.new_text or inbound.text)[:3000]):
        hints.append("body phrase")
    precedence = " ".join(_values(inbound, "precedence") + _values(inbound, "x-precedence"))
    if re.search(r"bulk|junk|list", precedence, re.I):
        hints.append("precedence")
    if inbound.return_path == "":
        hints.append("null sender")
    if _values(inbound, "x-auto-response-suppress"):
        hints.append("x-auto-response-suppress")
    return hints


def _values(inbound: Inbound, name: str) -> tuple[str, ...]:
    # Header names are matched case-insensitively even if a caller built the map by hand (R1).
    return tuple(v for k, vals in inbound.headers.items() if k.lower() == name for v in vals)


def _raw_evidence(msg: Message, report: str, types: tuple[str, ...], body: str) -> str | None:
    subject = str(msg.get("subject", ""))
    if _is_feedback(report, types, subject, body):
        return "feedback report"
    if report == "delivery-status" or DSN_TYPES.intersection(types):
        return "delivery-status report"
    name, addr = parseaddr(str(msg.get("from", "")))
    return_path = _return_path(msg)
    failed = bool(msg.get_all("x-failed-recipients"))
    return _loose_evidence(
        addr.lower(), name, return_path, subject=subject, body=body, failed_header=failed
    )


def _loose_evidence(
    from_addr: str, from_name: str, return_path: str | None, *, subject: str, body: str,
    failed_header: bool,
) -> str | None:
    local = from_addr.partition("@")[0] or from_name.strip().lower()
    if local in DAEMON_LOCALS:
        return f"sender {from_addr or from_name} is a mail daemon"
    if failed_header:
        return "X-Failed-Recipients header"
    if SES_NOTICE.search(body):
        return "Amazon SES notification"
    # A customer may write "delivery failed" about a parcel: wording counts only from a robot.
    robot = local in SYSTEM_LOCALS or return_path == "" or ROBOT_NAME.search(from_name)
    content = DSN_SUBJECT.search(subject) or DSN_BODY.search(body)
    if robot and content:
        return f"non-standard report from {from_addr or 'the null sender'}"
    return None


def _is_feedback(report: str, types: tuple[str, ...], subject: str, body: str) -> bool:
    # ARF (RFC 5965), Hotmail's JMRP subject and Amazon SES complaint notices.
    return (
        report == "feedback-report"
        or bool(FEEDBACK_TYPES.intersection(types))
        or bool(JMRP_SUBJECT.search(subject))
        or '"notificationType":"Complaint"' in body.replace(" ", "")
    )


def _return_path(msg: Message) -> str | None:
    value = msg.get("return-path")
    if value is None:
        return None
    return parseaddr(str(value))[1].lower()


def _report(parts: list[Message], msg: Message, body: str, evidence: str) -> BounceReport:
    dsn = "\n".join(_dsn_text(p) for p in parts if p.get_content_type() in DSN_TYPES)
    status = _field(dsn, "Status") or _body_status(body)
    actions = {a.lower() for a in re.findall(FIELD.format("Action"), dsn, re.I | re.M)}
    kind = _kind(actions, status, str(msg.get("subject", "")), body, dsn)
    permanent = kind == "bounce" and (
        status.startswith("5") if status else bool(SMTP_PERM.search(body))
    )
    return BounceReport(
        kind, _original_id(parts, body), _recipients(msg, dsn, body), status, permanent, evidence
    )


def _kind(actions: set[str], status: str | None, subject: str, body: str, dsn: str) -> BounceKind:
    if actions and actions <= {"delayed"}:
        return "delay"
    if actions and actions <= {"delivered", "relayed", "expanded"}:
        return "delivered"
    if actions or (status and status.startswith("5")):
        return "bounce"
    if not dsn and DELAY_WORDS.search(subject) and not SMTP_PERM.search(body):
        return "delay"
    return "bounce"


def _dsn_text(part: Message) -> str:
    payload = part.get_payload()
    if isinstance(payload, list):
        return "\n".join(str(block) for block in payload)
    return _decode(part)


def _field(text: str, name: str) -> str | None:
    found = re.search(FIELD.format(name), text, re.IGNORECASE | re.MULTILINE)
    if found is None:
        return None
    code = STATUS_BARE.search(found.group(1))
    return code.group(1) if code else None


def _body_status(body: str) -> str | None:
    found = STATUS_SMTP.search(body) or STATUS_BARE.search(body)
    return found.group(1) if found else None


def _recipients(msg: Message, dsn: str, body: str) -> tuple[str, ...]:
    listed = [v for v in msg.get_all("x-failed-recipients", []) for v in str(v).split(",")]
    listed += re.findall(r"^Final-Recipient:[^;\n]*;\s*<?([^>\s]+)>?", dsn, re.I | re.M)
    if not listed:
        head = ORIGINAL_MARK.split(body, maxsplit=1)[0]
        listed = BODY_ADDR.findall(head)
    unique = dict.fromkeys(a.strip().lower() for a in listed if "@" in a)
    return tuple(unique)


def _original_id(parts: list[Message], body: str) -> str | None:
    for part in parts:
        kind = part.get_content_type()
        if kind in ORIGINAL_TYPES and isinstance(part.get_payload(), list):
            inner = part.get_payload(0)
            if isinstance(inner, Message) and inner.get("message-id"):
                return str(inner["message-id"]).strip()
        if kind in HEADER_TYPES:
            headers = HeaderParser().parsestr(_decode(part).lstrip())
            if headers.get("message-id"):
                return str(headers["message-id"]).strip()
    found = MESSAGE_ID.search(body)
    return found.group(1) if found else None


def _body_text(parts: list[Message]) -> str:
    texts = [_decode(p) for p in parts if p.get_content_maintype() == "text"]
    return "\n".join(texts)[:MAX_SCAN]


def _raw_body(raw: bytes) -> str:
    return re.split(rb"\r?\n\r?\n|\r\r", raw, maxsplit=1)[-1][:MAX_SCAN].decode("latin-1")


def _decode(part: Message) -> str:
    payload = part.get_payload(decode=True)
    if not isinstance(payload, bytes):
        return str(part.get_payload()) if not part.is_multipart() else ""
    charset = part.get_content_charset() or "utf-8"
    try:
        return payload.decode(charset, errors="replace")
    except LookupError:
        return payload.decode("latin-1")

