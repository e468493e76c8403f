"""Replies are threaded, marked automatic, go to one address, and cannot carry injected headers."""

from __future__ import annotations

from datetime import UTC, datetime
from email import message_from_bytes, policy

import pytest

from responder.mail.compose import Envelope, build_reply, references, reply_subject, to_bytes
from responder.models import Draft, Inbound

ENV = Envelope("Shop Support", "support@shop.example", "loop-token")
NOW = datetime(2026, 11, 24, 12, 0, tzinfo=UTC)
DRAFT = Draft(text="Hello Alice,\nyour order 1001 ships today.", html="<p>Hello</p>", language="en",
              template="where_is_my_order_shipped")


def parent(**kw: object) -> Inbound:
    """A customer email with defaults."""
    base: dict[str, object] = {"message_id": "<p1@cust.example>", "from_addr": "alice@cust.example",
                               "from_name": "Alice", "subject": "Order 12"}
    base.update(kw)
    return Inbound(**base)  # type: ignore[arg-type]


def reply(p: Inbound) -> object:
    """The reply as a parsed message."""
    raw = to_bytes(build_reply(p, DRAFT, ENV, "<ar.x.y@shop.example>", now=NOW))
    return message_from_bytes(raw, policy=policy.default)


def test_reply_headers_stop_loops_and_thread() -> None:
    """T6: Auto-Submitted, X-Auto-Response-Suppress, In-Reply-To, References, one To, no Cc/Bcc."""
    msg = reply(parent(references=("<root@cust.example>",)))
    assert msg["Auto-Submitted"] == "auto-replied"
    assert msg["X-Auto-Response-Suppress"] == "All"
    assert msg["X-Loop"] == "loop-token"
    assert msg["In-Reply-To"] == "<p1@cust.example>"
    assert msg["References"] == "<root@cust.example> <p1@cust.example>"
    assert msg["To"].addresses[0].addr_spec == "alice@cust.example"
    assert len(msg["To"].addresses) == 1
    assert msg["Cc"] is None and msg["Bcc"] is None
    assert msg.get_content_type() == "multipart/alternative"


def test_long_references_are_trimmed_keeping_root_and_parent() -> None:
    """T38: 40 ids are cut to about 1,500 characters, root first, parent last."""
    ids = tuple(f"<{'x' * 90}{i}@cust.example>" for i in range(40))
    refs = references(parent(references=ids)).split()
    assert len(" ".join(refs)) <= 1500
    assert refs[0] == ids[0]
    assert refs[-1] == "<p1@cust.example>"
    assert refs[-2] == ids[-1]


def test_parent_without_message_id_uses_in_reply_to() -> None:
    """T39: no Message-ID but one In-Reply-To id: References is that id, no In-Reply-To."""
    msg = reply(parent(message_id="", in_reply_to="<older@cust.example>"))
    assert msg["In-Reply-To"] is None
    assert msg["References"] == "<older@cust.example>"


@pytest.mark.parametrize(("subject", "expected"), [
    ("RE: Re: Fwd: Order 12", "Re: Order 12"),
    ("AW: Bestellung", "Re: Bestellung"),
    ("Re:Order", "Re: Order"),
    ("رد: طلبي", "Re: طلبي"),
    ("", "Re: your message"),
])
def test_exactly_one_re_prefix(subject: str, expected: str) -> None:
    """T40: one leading `Re: `, localized prefixes included."""
    assert reply_subject(subject) == expected


def test_unicode_subject_survives_encoding() -> None:
    """T41: an emoji and Arabic subject comes back intact after encoding."""
    msg = reply(parent(subject="طلبي 🎁 لم يصل"))
    assert msg["Subject"] == "Re: طلبي 🎁 لم يصل"


def test_header_injection_in_name_and_subject_is_neutralised() -> None:
    """T42: CR/LF in the customer's name or subject never creates a header."""
    msg = reply(parent(from_name="Bob\r\nBcc: victim@x.example", subject="Hi\nBcc: victim@x.example"))
    assert msg["Bcc"] is None
    assert "victim@x.example" not in str(msg["To"]).split("<")[-1]
