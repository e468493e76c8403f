"""The approval email, and a whole round trip: request, signed owner reply, decision."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal

from responder.approval.auth import authenticate
from responder.approval.commands import CommandKind, parse_owner_reply
from responder.approval.config import ApprovalConfig
from responder.approval.decide import ActionKind, TokenLookup, evaluate
from responder.approval.request import DRAFT_END, DRAFT_START, ApprovalRequest, build_request
from responder.approval.tokens import (
    content_hash,
    find_codes,
    find_draft_id,
    issue,
    new_token,
    redact,
)
from responder.models import Action, Customer, Decision, Intent, Order, Signal, Triage
from tests.unit.approval.conftest import OWNER, fake_dns, sign

NOW = datetime(2026, 1, 5, 10, 0, tzinfo=UTC)
DRAFT = "Hi Alice,\n\nyour order #1001 left on Monday with DHL: https://dhl.example/t/123\n"
TOKEN, RECORD = issue(123, DRAFT, OWNER, NOW, 72)


def request(**changes: object) -> ApprovalRequest:
    """A request for a VIP's angry where-is-my-order email, with `changes` applied."""
    values: dict[str, object] = {
        "draft_id": 123,
        "token": TOKEN,
        "expires_at": RECORD.expires_at,
        "customer_addr": "alice@cust.example",
        "customer_name": "Alice Smith",
        "customer_subject": "Re: Where is my order #1001",
        "draft_text": DRAFT,
        "decision": Decision(
            action=Action.PARK,
            resolution="trace",
            priority=1,
            reasons=("customer is angry (strong)", "order above signature_above (250)"),
            holding_reply=True,
        ),
        "triage": Triage(
            intent=Intent.WHERE_IS_MY_ORDER,
            confidence=0.92,
            order_ids=("1001",),
            signals=(Signal("anger", ("ridiculous", "third time"), level=3),),
        ),
        "order": Order(
            "1001", "alice@cust.example", total=Decimal("312.00"), fulfillment_status="shipped",
            carrier="DHL", tracking_number="123",
        ),
        "customer": Customer(
            "alice@cust.example", lifetime_value=Decimal("812.00"), order_count=7,
            tags=frozenset({"repeat_complainer"}), owner_tags=frozenset({"vip", "wholesale"}),
            complaints=2,
        ),
        "signature_above": True,
    }  # fmt: skip
    values.update(changes)
    return ApprovalRequest(**values)  # type: ignore[arg-type]


def test_subject_names_priority_vip_the_customers_subject_and_the_draft() -> None:
    """The subject reads `[P1 VIP] Approve reply? Re: <subject> [#D123]`, without a double Re:."""
    subject, _ = build_request(request())
    assert subject == "[P1 VIP] Approve reply? Re: Where is my order #1001 [#D123]"
    assert find_draft_id(subject) == 123


def test_body_has_the_draft_between_markers_and_every_fact() -> None:
    """The owner sees the exact draft, the reasons, the facts, the commands and the code."""
    _, body = build_request(request())
    assert f"{DRAFT_START}\n{DRAFT.strip()}\n{DRAFT_END}" in body
    for fact in (
        "Alice Smith <alice@cust.example>",
        "Wants: where is my order (92% sure)",
        'Signal: anger (strong): "ridiculous", "third time"',
        "Order 1001: 312.00 USD, payment paid, shipped, DHL 123",
        "signature confirmation",
        "VIP; lifetime value 812.00 over 7 orders",
        "your tags: vip, wholesale; tags set by responder: repeat_complainer; 2 earlier complaints",
        "  - customer is angry (strong)",
        "a person will answer",
        "REJECT [reason]",
        "PAUSE / RESUME",
        f"Approval code: APR-{TOKEN}",
    ):
        assert fact in body, fact


def test_customer_text_cannot_plant_a_code_tag_or_command_line() -> None:
    """A subject with another code, a tag and a line break comes out defanged on one line."""
    planted = f"Help [#D5]\nAPPROVE\nApproval code: APR-{new_token()}"
    subject, body = build_request(request(customer_subject=planted, customer=None, order=None))
    assert find_codes(subject + body) == (TOKEN,)
    assert find_draft_id(subject) == 123
    assert "\nAPPROVE\n" not in body
    assert "Customer: not in the store's records" in body
    assert "Order: none found" in body


def test_redacted_body_has_no_token() -> None:
    """A log line made from the request never shows the code."""
    _, body = build_request(request())
    assert TOKEN not in redact(body)


def test_round_trip_signed_owner_reply_is_sent() -> None:
    """T44: the owner answers APPROVE above the quoted request, DKIM-signed: the draft goes out."""
    subject, body = build_request(request())
    quoted = "".join(f"> {line}\r\n" if line else ">\r\n" for line in body.splitlines())
    reply_text = f"Approve\r\n\r\nOn Mon, Jan 5, 2026 Responder <approvals@shop.example> wrote:\r\n{quoted}"
    raw = sign(
        (
            f"From: Owner <{OWNER}>\r\nTo: approvals@shop.example\r\nSubject: Re: {subject}\r\n"
            f"Message-ID: <r1@shop-owner.example>\r\n\r\n{reply_text}"
        ).encode()
    )
    cfg = ApprovalConfig(approvers=(OWNER,))
    command = parse_owner_reply(reply_text, None)
    auth = authenticate(raw, OWNER, cfg, dnsfunc=fake_dns("shop-owner.example"))
    codes = find_codes(reply_text)
    lookup = TokenLookup(codes, RECORD, find_draft_id(subject), content_hash(DRAFT), "alice@cust.example")
    action = evaluate(command, lookup, auth, NOW, sender=OWNER)
    assert (command.kind, auth.ok) == (CommandKind.APPROVE, True)
    assert (action.kind, action.draft_id) == (ActionKind.SEND, 123)


def test_outlook_reply_pasting_the_request_unquoted_is_still_read() -> None:
    """Outlook pastes the request below a header block without ">": only the command counts."""
    _, body = build_request(request())
    reply = f"REJECT wrong carrier\r\n\r\nFrom: Responder\r\nSent: Monday\r\n\r\n{body}"
    command = parse_owner_reply(reply, None)
    assert (command.kind, command.reason) == (CommandKind.REJECT, "wrong carrier")
    assert find_codes(reply) == (TOKEN,)


def test_customer_line_shows_lifetime_value_per_currency() -> None:
    """A customer who paid in two currencies shows both sums beside the counted figure."""
    buyer = Customer("alice@cust.example", lifetime_value=Decimal("300.00"), order_count=2,
                     lifetime_values={"USD": Decimal("300.00"), "EUR": Decimal("250.00")})
    _, body = build_request(request(customer=buyer))
    assert "lifetime value 300.00 over 2 orders (250.00 EUR, 300.00 USD)" in body
