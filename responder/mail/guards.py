"""Loop prevention: may this email get an automatic reply? (docs/reliability.md R1-R16)

`check` is pure. The rules run in two passes, each in R-number order, and the first rule that
fires decides: first every "never answer" rule (SKIP), then every "a person should look" rule
(PARK). Machine mail therefore never lands in a person's queue just because it also lacks,
say, a Return-Path (R2) or our address in To (R11); for a single deviation from the baseline,
as in the H1-H40 table, the order is exactly R1-R16.

T3 decision: comments are stripped from Auto-Submitted before comparing, so
`Auto-Submitted: no (typed by a human)` counts as `no` and may be answered. RFC 3834 section 5
allows comments there, and treating the commented form as automatic would silence humans whose
client adds one; every other value still stops the reply, and the rate limits remain.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from email.utils import getaddresses

from responder.mail import addresses, bounces, msgid
from responder.models import ALLOWED, Action, GuardVerdict, HeaderMap, Inbound, RateStats
from responder.sections import GuardsConfig, StoreConfig

LIST_HEADERS = ("list-id", "list-help", "list-subscribe", "list-unsubscribe", "list-post",
                "list-owner", "list-archive")
PRECEDENCE_AUTO = re.compile(r"bulk|list|junk|auto[_-]?reply", re.IGNORECASE)
SUPPRESS_REPLY = frozenset({"all", "oof", "autoreply"})
ROBOT_LOCAL = re.compile(
    r"^(?:mailer-daemon|listserv|majordomo|owner-.*|.*-request|no-?reply|do-?not-?reply"
    r"|do_not_reply|noreply[-+.].*|no-reply[-+.].*)$"
)
HUMAN_SYSTEM_LOCALS = frozenset({"postmaster", "abuse", "root"})
SUBJECT_PREFIX = re.compile(
    r"^(?:\s*(?:re|fw|fwd|aw|wg|sv|vs|antw|tr|rv|enc|رد|پاسخ|ارجاع|إعادة توجيه)"
    r"\s*(?:\[\d+\]|\(\d+\))?\s*[:：]\s*)+",
    re.IGNORECASE,
)
_TICKET_WORD = r"(?:ticket|case|incident|tkt|sr|تذكرة|تیکت)"
_TICKET_ID = r"#?\s*[A-Za-z0-9-]*\d[A-Za-z0-9-]*"
TICKET_TAG = re.compile(
    rf"[\[(]\s*(?:(?:{_TICKET_WORD}|request|ref(?:erence)?)\s*(?:no\.?|number|id)?\s*[:#]?|#)"
    rf"\s*{_TICKET_ID}\s*[\])]"
    rf"|\b{_TICKET_WORD}\s*(?:no\.?|number|id)?\s*(?:[:#]\s*|\s+){_TICKET_ID}",
    re.IGNORECASE,
)
"""A helpdesk's ticket tag: `[Ticket #12345]`, `(Case 998877)`, `Ticket#12345`, `[#ABC-123]`.
An auto-responder that opens a new ticket for each of our replies changes only this (R74)."""
ACK_WORDS = re.compile(
    r"ticket|case|request|received|receipt|thank|auto|reference|ref\b|number|no\.|#"
    r"|تم استلام|رقم|تذكرة|شماره|تیکت|دریافت",
    re.IGNORECASE,
)
ACK_MAX_CHARS = 300


@dataclass(frozen=True)
class GuardContext:
    """What the guards need to know beyond the email: who we are and what the store remembers."""

    own_addresses: frozenset[str]
    """Support address and aliases, lower case."""
    own_domain: str
    hmac_key: bytes
    loop_token: str
    rates: RateStats
    caps: GuardsConfig


def context_for(
    store: StoreConfig, caps: GuardsConfig, hmac_key: bytes, rates: RateStats
) -> GuardContext:
    """A GuardContext for this store's addresses, caps and key, with `rates` for one sender."""
    own = frozenset(a.lower() for a in (store.support_address, *store.aliases))
    domain = store.domain
    return GuardContext(own, domain, hmac_key, msgid.loop_token(hmac_key, domain), rates, caps)


def check(inbound: Inbound, ctx: GuardContext) -> GuardVerdict:
    """The first loop-prevention rule that forbids an automatic reply, or ALLOWED."""
    mail = _View(inbound, _lower_keys(inbound.headers))
    for rule in (*SKIP_RULES, *PARK_RULES):
        verdict = rule(mail, ctx)
        if verdict is not None:
            return verdict
    return _subject_flag(mail)


def normalise_subject(subject: str) -> str:
    """The subject without reply/forward prefixes and ticket tags (R74), case-folded,
    whitespace collapsed: `Re: [Ticket #12345] Your order` -> `your order`."""
    bare = TICKET_TAG.sub(" ", SUBJECT_PREFIX.sub("", subject.strip())).strip(" \t:;,.-")
    return " ".join(SUBJECT_PREFIX.sub("", bare).split()).casefold()


@dataclass(frozen=True)
class _View:
    """The email plus its headers keyed by lower-case name (R1: names are case-insensitive)."""

    inbound: Inbound
    headers: HeaderMap

    def get(self, name: str) -> tuple[str, ...]:
        return self.headers.get(name, ())

    def addresses(self, *names: str) -> tuple[str, ...]:
        values = [v for n in names for v in self.get(n)]
        return tuple(a.lower() for _, a in getaddresses(values) if a)


Rule = Callable[[_View, GuardContext], GuardVerdict | None]


def _skip(rule: str, reason: str, *, automated: bool = True, bounce: bool = False) -> GuardVerdict:
    return GuardVerdict(False, Action.SKIP, rule, reason, bounce=bounce, automated=automated)


def _park(rule: str, reason: str, *, automated: bool = False) -> GuardVerdict:
    return GuardVerdict(False, Action.PARK, rule, reason, automated=automated)


def _r2_null_sender(mail: _View, ctx: GuardContext) -> GuardVerdict | None:
    if mail.inbound.return_path != "":
        return None
    is_bounce = bounces.bounce_evidence(mail.inbound) is not None
    return _skip("R2", "Return-Path is <>: never answer the null sender", bounce=is_bounce)


def _r3_bounce(mail: _View, ctx: GuardContext) -> GuardVerdict | None:
    evidence = bounces.bounce_evidence(mail.inbound)
    if evidence is not None:
        return _skip("R3", f"delivery or feedback report ({evidence})", bounce=True)
    if ctx.rates.sender_undeliverable:
        return _skip("R3", "our mail to this address bounced recently", automated=False)
    return None


def _r4_auto_submitted(mail: _View, ctx: GuardContext) -> GuardVerdict | None:
    for value in mail.get("auto-submitted"):
        keyword = auto_submitted_keyword(value)
        if keyword != "no":
            return _skip("R4", f"Auto-Submitted is {keyword or 'empty'!r}, not 'no'")
    return None


def auto_submitted_keyword(value: str) -> str:
    """The Auto-Submitted keyword with comments and parameters removed, lower case."""
    previous = None
    while previous != value:  # comments may nest: strip innermost first
        previous, value = value, re.sub(r"\([^()]*\)", " ", value)
    return value.split(";", 1)[0].strip().lower()


def _r5_precedence(mail: _View, ctx: GuardContext) -> GuardVerdict | None:
    for value in (*mail.get("precedence"), *mail.get("x-precedence")):
        if PRECEDENCE_AUTO.search(value):
            return _skip("R5", f"Precedence: {value.strip()} marks bulk, list or automatic mail")
    return None


def _r6_list(mail: _View, ctx: GuardContext) -> GuardVerdict | None:
    found = [name for name in LIST_HEADERS if mail.get(name)]
    if found:
        return _skip("R6", f"mailing-list header {found[0]} present")
    return None


def _r7_suppress(mail: _View, ctx: GuardContext) -> GuardVerdict | None:
    tokens = {t.strip().lower() for v in mail.get("x-auto-response-suppress") for t in v.split(",")}
    hit = sorted(tokens & SUPPRESS_REPLY)
    if hit:
        machine = bounces.is_autoreply(mail.inbound) is not None
        return _skip("R7", f"X-Auto-Response-Suppress asks for no reply ({hit[0]})",
                     automated=machine)
    return None


def _r8_autoreply(mail: _View, ctx: GuardContext) -> GuardVerdict | None:
    loops = {v.strip().lower() for v in mail.get("x-loop")}
    if ctx.loop_token.lower() in loops:
        return _skip("R8", "X-Loop carries our own token: our mail came back")
    if loops & {"yes", "true"}:
        return _skip("R8", "X-Loop says the message already looped")
    if any("autoresponder" in v.lower() for v in mail.get("delivered-to")):
        return _skip("R8", "delivered to an autoresponder address")
    hint = bounces.is_autoreply(mail.inbound)
    if hint is not None and hint.strong:
        return _skip("R8", f"automatic reply ({hint.reason})")
    return None


def _r9_own_mail(mail: _View, ctx: GuardContext) -> GuardVerdict | None:
    senders = {mail.inbound.from_addr, *mail.inbound.from_addrs, *mail.addresses("sender")}
    if {s.lower() for s in senders} & ctx.own_addresses:
        return _skip("R9", "sent from one of our own addresses")
    if mail.inbound.message_id and msgid.is_ours(
        mail.inbound.message_id, ctx.hmac_key, ctx.own_domain
    ):
        return _skip("R9", "Message-ID is one we generated: our own mail came back")
    return None


def _r10_robot(mail: _View, ctx: GuardContext) -> GuardVerdict | None:
    candidates = [*mail.inbound.from_addrs, mail.inbound.from_addr, mail.inbound.return_path or ""]
    for addr in candidates:
        if addr and ROBOT_LOCAL.match(addr.partition("@")[0].lower()):
            return _skip("R10", f"{addr} is a robot or list address")
    return None


def _r2_missing_return_path(mail: _View, ctx: GuardContext) -> GuardVerdict | None:
    if mail.inbound.return_path is None:
        return _park("R2", "no Return-Path: the envelope sender is unknown")
    return None


def _r10_system_person(mail: _View, ctx: GuardContext) -> GuardVerdict | None:
    local = mail.inbound.from_addr.partition("@")[0].lower()
    if local in HUMAN_SYSTEM_LOCALS:
        return _park("R10", f"sender is {local}@: usually a person, never auto-answered")
    return None


def _r11_addressed_to_us(mail: _View, ctx: GuardContext) -> GuardVerdict | None:
    listed = set(mail.inbound.to) | set(mail.inbound.cc)
    listed |= set(mail.addresses("to", "cc", "resent-to", "resent-cc"))
    if {a.lower() for a in listed} & ctx.own_addresses:
        return None
    return _park("R11", "our address is not in To or Cc (Bcc or forwarded copy)")


def _r12_rates(mail: _View, ctx: GuardContext) -> GuardVerdict | None:
    rates, caps = ctx.rates, ctx.caps
    if rates.global_replies_10min >= caps.global_max_replies_per_10min:
        return _park("R12", "global circuit breaker: too many replies in 10 minutes; alert owner")
    if rates.sender_mails_3h >= caps.sender_max_per_3h:
        return _park("R12", f"{rates.sender_mails_3h} earlier emails from this sender in 3 h; "
                     "alert owner")
    if rates.sender_same_subject_3h >= caps.same_subject_max_per_3h:
        return _park("R12", "same subject from this sender repeatedly within 3 h")
    if rates.thread_replies_24h >= caps.thread_max_replies_per_24h:
        return _park("R12", "this conversation already had its automatic replies for 24 h")
    return None


def _r13_reply_to_us(mail: _View, ctx: GuardContext) -> GuardVerdict | None:
    hint = bounces.is_autoreply(mail.inbound)
    if hint is not None:
        return _park("R13", f"looks like an automatic reply ({hint.reason})", automated=True)
    if _replies_to_our_mail(mail, ctx) and _only_acknowledgement(mail.inbound):
        return _park("R13", "reply to our mail carries only an acknowledgement or ticket number",
                     automated=True)
    return None


def _replies_to_our_mail(mail: _View, ctx: GuardContext) -> bool:
    ids = (mail.inbound.in_reply_to or "", *mail.inbound.references)
    return ctx.rates.replies_to_our_mail or any(
        i and msgid.is_ours(i, ctx.hmac_key, ctx.own_domain) for i in ids
    )


def _only_acknowledgement(inbound: Inbound) -> bool:
    text = " ".join((inbound.new_text or inbound.text).split())
    if not re.search(r"\w", text):
        return True
    # A question or a long message is a person asking something; answer it.
    return len(text) <= ACK_MAX_CHARS and "?" not in text and bool(ACK_WORDS.search(text))


def _r16_destination(mail: _View, ctx: GuardContext) -> GuardVerdict | None:
    senders = {a.lower() for a in mail.inbound.from_addrs} or {mail.inbound.from_addr} - {""}
    if len(senders) != 1:
        return _park("R16", f"From holds {len(senders)} addresses; we reply to exactly one")
    domain = next(iter(senders)).rpartition("@")[2]
    foreign = [a for a in mail.inbound.reply_to if a.lower().rpartition("@")[2] != domain]
    if foreign:
        return _park("R16", f"Reply-To {foreign[0]} is on another domain than From")
    return None


def _r74_sender_day_cap(mail: _View, ctx: GuardContext) -> GuardVerdict | None:
    sent, cap = ctx.rates.sender_replies_24h, ctx.caps.sender_max_replies_per_24h
    if sent < cap:
        return None
    return _park("R74", f"{sent} automatic replies to this sender in 24 h already "
                 f"(guards.sender_max_replies_per_24h = {cap}); a person should answer")


def _r73_sender_address(mail: _View, ctx: GuardContext) -> GuardVerdict | None:
    addr = mail.inbound.from_addr
    found = addresses.problem(addr) if addr else None  # no From at all is R16's
    if found is None:
        return None
    shown = (mail.get("from") or (addr,))[0][:200]
    return _park("R73", f"{found} (From: {shown}); no mail server would take a reply")


def _subject_flag(mail: _View) -> GuardVerdict:
    # R13: a subject such as "Automatic reply:" may only lower confidence, never decide alone.
    if bounces.AUTO_SUBJECT.search(mail.inbound.subject):
        return GuardVerdict(True, Action.SEND, reason="flag: subject looks automatic (R13)")
    return ALLOWED


def _lower_keys(headers: HeaderMap) -> HeaderMap:
    merged: dict[str, tuple[str, ...]] = {}
    for name, values in headers.items():
        merged[name.lower()] = merged.get(name.lower(), ()) + tuple(values)
    return merged


SKIP_RULES: tuple[Rule, ...] = (
    _r2_null_sender, _r3_bounce, _r4_auto_submitted, _r5_precedence, _r6_list, _r7_suppress,
    _r8_autoreply, _r9_own_mail, _r10_robot,
)
PARK_RULES: tuple[Rule, ...] = (
    _r2_missing_return_path, _r10_system_person, _r11_addressed_to_us, _r12_rates,
    _r13_reply_to_us, _r16_destination, _r73_sender_address, _r74_sender_day_cap,
)
