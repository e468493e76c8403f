"""Frozen values passed between the pipeline's stages.

Every stage takes some of these and returns one; none of them does I/O. Collections are
tuples or read-only mappings so that a value seen by one stage cannot change under another.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from enum import StrEnum
from types import MappingProxyType

HeaderMap = Mapping[str, tuple[str, ...]]
"""Header name in lower case -> every value of that header, in message order (topmost first)."""

EMPTY_HEADERS: HeaderMap = MappingProxyType({})


class Action(StrEnum):
    """The one outcome every email ends in."""

    SEND = "send"
    PARK = "park"
    SKIP = "skip"
    SHUNT = "shunt"


class Intent(StrEnum):
    """What a customer email is about (docs/policy.md's scenario table plus `other`)."""

    WHERE_IS_MY_ORDER = "where_is_my_order"
    LOST_OR_DELAYED = "lost_or_delayed"
    DELIVERED_NOT_RECEIVED = "delivered_not_received"
    RETURN_REFUND = "return_refund"
    CANCEL_ORDER = "cancel_order"
    MISSING_ITEMS = "missing_items"
    WRONG_ITEM_OR_PERSONALIZATION = "wrong_item_or_personalization"
    ADDRESS_CHANGE = "address_change"
    PAYMENT_ISSUE = "payment_issue"
    CHARGEBACK_DISPUTE = "chargeback_dispute"
    REVIEW_THREAT = "review_threat"
    ABUSIVE = "abusive"
    SUBSCRIPTION = "subscription"
    OTHER = "other"


class Problem(StrEnum):
    """What happened to the customer, apart from what they ask for (issue 14)."""

    NOT_ARRIVED_OR_LATE = "not_arrived_or_late"
    DELIVERED_NOT_RECEIVED = "delivered_not_received"
    DAMAGED_OR_QUALITY = "damaged_or_quality"
    WRONG_ITEM_OR_PERSONALIZATION = "wrong_item_or_personalization"
    MISSING_ITEM = "missing_item"
    PAYMENT = "payment"
    ADDRESS = "address"
    SUBSCRIPTION = "subscription"
    OTHER = "other"


class Request(StrEnum):
    """What the customer asks the store to do; one email may ask several things."""

    STATUS = "status"
    REFUND = "refund"
    RETURN_OR_EXCHANGE = "return_or_exchange"
    RESHIP = "reship"
    CANCEL = "cancel"
    CHANGE_ADDRESS = "change_address"
    INFORMATION = "information"


@dataclass(frozen=True)
class Inbound:
    """One parsed email: who wrote it, how it threads, and the customer's own words."""

    message_id: str
    """Message-ID with angle brackets, e.g. `<a1@cust.example>`; empty when the mail has none."""
    from_addr: str
    """The first From address, lower-cased; empty when none could be parsed."""
    from_name: str = ""
    from_addrs: tuple[str, ...] = ()
    return_path: str | None = None
    """Topmost Return-Path address; None when absent, "" for the null sender `<>`."""
    reply_to: tuple[str, ...] = ()
    to: tuple[str, ...] = ()
    cc: tuple[str, ...] = ()
    subject: str = ""
    in_reply_to: str | None = None
    references: tuple[str, ...] = ()
    date: datetime | None = None
    text: str = ""
    """The whole body as plain text (HTML converted when there is no text part)."""
    new_text: str = ""
    """Only what the customer wrote this time: quoted history and signature removed."""
    quoted: str = ""
    signature: str = ""
    html_only: bool = False
    content_type: str = "text/plain"
    """Top-level MIME type, lower case, without parameters."""
    report_type: str | None = None
    """`report-type` parameter of a multipart/report, lower case."""
    part_types: tuple[str, ...] = ()
    """MIME types of every part, lower case (finds message/delivery-status deep inside)."""
    attachments: tuple[str, ...] = ()
    """File names of attachments."""
    headers: HeaderMap = field(default_factory=lambda: EMPTY_HEADERS)
    size: int = 0
    defects: tuple[str, ...] = ()

    def header(self, name: str) -> tuple[str, ...]:
        """Every value of header `name` (any case), topmost first."""
        return self.headers.get(name.lower(), ())


@dataclass(frozen=True)
class RateStats:
    """What the store remembers about recent mail from this sender and thread (R12)."""

    sender_mails_3h: int = 0
    """Earlier emails from the same address in the last 3 hours (this one excluded)."""
    sender_same_subject_3h: int = 0
    """Of those, how many had the same normalised subject."""
    sender_replies_24h: int = 0
    """Automatic replies we sent to this address in the last 24 hours."""
    thread_replies_24h: int = 0
    """Automatic replies we sent in this conversation in the last 24 hours."""
    global_replies_10min: int = 0
    """Automatic replies we sent to anyone in the last 10 minutes."""
    replies_to_our_mail: bool = False
    """In-Reply-To/References name a message we sent."""
    sender_undeliverable: bool = False
    """The address bounced our mail recently (see bounce handling)."""


@dataclass(frozen=True)
class GuardVerdict:
    """The guards' answer: may this email get an automatic reply, and why not."""

    allow: bool
    action: Action
    """SEND when allowed; SKIP (never answer) or PARK (a person should look)."""
    rule: str = ""
    """The rule that fired, e.g. `R4` or `H35`; empty when allowed."""
    reason: str = ""
    """A sentence for the log and the audit trail."""
    bounce: bool = False
    """The email is a delivery report; route it to the bounce handler."""
    automated: bool = False
    """The email was sent by a machine (auto-reply, bounce, list, robot sender)."""


ALLOWED = GuardVerdict(allow=True, action=Action.SEND)


@dataclass(frozen=True)
class Signal:
    """Something in the customer's words worth knowing, with the words that triggered it."""

    name: str
    """anger | review_threat | public_complaint | chargeback | abusive | deadline | vip"""
    words: tuple[str, ...] = ()
    level: int = 1
    """Strength, 1 (mild) to 3 (strong); used for anger."""


@dataclass(frozen=True)
class Money:
    """An amount of money mentioned in text."""

    amount: Decimal
    currency: str


@dataclass(frozen=True)
class Triage:
    """What the customer wants, how sure we are, and what they mentioned."""

    language: str = "en"
    intent: Intent = Intent.OTHER
    confidence: float = 0.0
    secondary: tuple[Intent, ...] = ()
    order_ids: tuple[str, ...] = ()
    tracking_numbers: tuple[str, ...] = ()
    amounts: tuple[Money, ...] = ()
    dates: tuple[str, ...] = ()
    signals: tuple[Signal, ...] = ()
    problem: Problem = Problem.OTHER
    """What happened (the reading beside `intent`, which stays the primary label)."""
    requests: tuple[Request, ...] = ()
    """What the customer asks for (several at once, in the enum's order); never a threat or
    an instruction aimed at the system."""
    ordered_text: str = ""
    """What the customer says they typed for a personalised item ("I ordered JMK")."""
    received_text: str = ""
    """What they say they got instead ("and got JKM")."""
    reader: str = "offline"
    """Who read problem and requests: `offline`, or `llm` (then concessions are parked)."""

    def has(self, signal: str, level: int = 1) -> bool:
        """True when a signal of that name was found at `level` or stronger."""
        return any(s.name == signal and s.level >= level for s in self.signals)


@dataclass(frozen=True)
class OrderItem:
    """One line of an order."""

    sku: str
    name: str
    quantity: int = 1
    price: Decimal = Decimal(0)
    personalization: str = ""
    """What the customer typed for a personalised item (engraving, monogram); empty if none."""


class Payment(StrEnum):
    """An order's payment state, as every backend is mapped to it."""

    PAID = "paid"
    PENDING = "pending"
    FAILED = "failed"
    REFUNDED = "refunded"
    PARTIALLY_REFUNDED = "partially_refunded"
    DISPUTED = "disputed"


class Fulfilment(StrEnum):
    """An order's fulfilment state, as every backend is mapped to it."""

    UNFULFILLED = "unfulfilled"
    SHIPPED = "shipped"
    DELIVERED = "delivered"
    CANCELLED = "cancelled"
    RETURNED = "returned"


@dataclass(frozen=True)
class Order:
    """An order as the store knows it."""

    order_id: str
    email: str
    name: str = ""
    created_at: datetime | None = None
    total: Decimal = Decimal(0)
    currency: str = "USD"
    payment_status: str = Payment.PAID
    """A `Payment` value: paid | pending | failed | refunded | partially_refunded | disputed"""
    fulfillment_status: str = Fulfilment.UNFULFILLED
    """A `Fulfilment` value: unfulfilled | shipped | delivered | cancelled | returned"""
    carrier: str = ""
    tracking_number: str = ""
    tracking_url: str = ""
    shipped_at: datetime | None = None
    delivered_at: datetime | None = None
    expected_delivery: datetime | None = None
    items: tuple[OrderItem, ...] = ()
    weight_grams: int | None = None
    """Weight of the package as shipped (evidence for missing-item claims)."""
    expected_weight_grams: int | None = None
    shipping_address: str = ""


@dataclass(frozen=True)
class Customer:
    """A customer profile: what they are worth to the store and their history."""

    email: str
    name: str = ""
    lifetime_value: Decimal = Decimal(0)
    order_count: int = 0
    tags: frozenset[str] = frozenset()
    """e.g. suspicious, repeat_complainer, vip"""
    complaints: int = 0
    """Earlier complaints recorded for this customer."""
    linked_emails: frozenset[str] = frozenset()
    """Other addresses the owner linked to this customer."""
    owner_tags: frozenset[str] = frozenset()
    """Tags the owner set in the shop or the orders CSV (vip, suspicious, no_auto, free text);
    `tags` holds only what the responder set itself."""
    lifetime_values: Mapping[str, Decimal] = field(default_factory=lambda: MappingProxyType({}))
    """Paid order totals per currency; `lifetime_value` is their sum in the store's currency."""

    @property
    def all_tags(self) -> frozenset[str]:
        """The owner's tags and the responder's together: what the policy reads."""
        return self.tags | self.owner_tags


class Resolution(StrEnum):
    """What a reply does for the customer; the policy sets it, the audit and requests show it."""

    NONE = "none"
    ADDRESS_UPDATE = "address_update"
    CANCEL = "cancel"
    CANCEL_UNVERIFIED = "cancel_unverified"
    INVESTIGATE = "investigate"
    REDIRECT = "redirect"
    REFUND = "refund"
    REFUND_KEEP_ITEM = "refund_keep_item"
    REMAKE = "remake"
    REMAKE_AT_COST = "remake_at_cost"
    REPLACE = "replace"
    RESEND_MISSING = "resend_missing"
    RESHIP = "reship"
    RETURN_ON_ARRIVAL = "return_on_arrival"
    RETURN_OR_EXCHANGE = "return_or_exchange"
    SECOND_PARCEL = "second_parcel"
    SUBSCRIPTION_CONCESSION = "subscription_concession"
    TRACE = "trace"


@dataclass(frozen=True)
class Decision:
    """The policy's decision for one email, with every reason that led to it."""

    action: Action
    resolution: Resolution = Resolution.NONE
    template: str = "other"
    """Template purpose, e.g. `where_is_my_order_shipped`; a file under templates/<lang>/."""
    facts: Mapping[str, object] = field(default_factory=lambda: MappingProxyType({}))
    """The only facts the reply may state (order number, tracking link, amounts granted...)."""
    reasons: tuple[str, ...] = ()
    priority: int = 3
    """1 (urgent) to 5 (low), for the approver."""
    tags: tuple[str, ...] = ()
    """Tags to set on the customer (e.g. suspicious) or the message (review_threat)."""
    holding_reply: bool = False
    """When parked: send the customer a short acknowledgement now."""
    approver_group: str = "owner"
    """Which approvers get the parked draft (e.g. accounting for payment problems)."""


@dataclass(frozen=True)
class Draft:
    """A rendered reply: plain text plus an HTML part with the right direction."""

    text: str
    html: str
    language: str
    template: str
    polished: bool = False
    notes: tuple[str, ...] = ()
    """Why polishing was skipped or rejected, token counts, prompt version."""


@dataclass(frozen=True)
class Outcome:
    """How the pipeline ended for one email: exactly one action, with its reasons."""

    action: Action
    reasons: tuple[str, ...]
    inbound: Inbound | None = None
    verdict: GuardVerdict | None = None
    triage: Triage | None = None
    order: Order | None = None
    customer: Customer | None = None
    decision: Decision | None = None
    draft: Draft | None = None
    holding: Draft | None = None
    """The short acknowledgement sent to the customer while a draft is parked."""
    error: str | None = None
    memory: ThreadFacts | None = None
    """What the conversation remembered when this email was read (shown by `replay`)."""
    retry: bool = False
    """A passing failure: the email stays `new` and is tried again on the next pass."""


@dataclass(frozen=True)
class PolicyInput:
    """Everything the policy engine may look at for one email."""

    triage: Triage
    sender: str
    order: Order | None
    customer: Customer | None
    sender_owns_order: bool
    """The sender placed the order or is linked to its customer (sender check)."""
    now: datetime
    earlier_templates: tuple[str, ...] = ()
    """Templates already sent in this conversation, oldest first."""
    holding_sent: bool = False
    """A holding reply already went out in this conversation."""
    guard_park_reason: str = ""
    """Set when the guards allow a draft but forbid sending it automatically."""
    thread: ThreadFacts | None = None
    """What this conversation asked before (problem, requests, order); None for a first mail."""
    order_named: bool = True
    """The customer (or the thread) named the order; False when it was inferred from their
    order history."""
    paused: bool = False
    """The owner sent PAUSE: nothing goes out automatically until RESUME."""
    resync: bool = False
    """The email arrived before the mailbox's UIDVALIDITY changed: it may have been answered."""


@dataclass(frozen=True)
class ThreadFacts:
    """What we already did in this conversation."""

    earlier_templates: tuple[str, ...] = ()
    holding_sent: bool = False
    earlier_intent: Intent | None = None
    """The reading the conversation carries from earlier mail (issue 14), None if unknown."""
    earlier_problem: Problem = Problem.OTHER
    earlier_requests: tuple[Request, ...] = ()
    earlier_order_id: str = ""

    @property
    def remembers(self) -> bool:
        """True when earlier mail in this conversation left a reading to continue."""
        known = self.earlier_problem is not Problem.OTHER or self.earlier_requests
        return bool(known or self.earlier_order_id) or self.earlier_intent not in (None, Intent.OTHER)
