"""Which sender addresses we can write to, and how the reply addresses them (R73)."""

from __future__ import annotations

from datetime import UTC, datetime
from email import message_from_string, policy

import pytest

from responder.mail.addresses import needs_smtputf8, problem, sendable
from responder.mail.compose import Envelope, reply_bytes
from responder.models import Draft, Inbound

CYRILLIC = "\u0430lice@example.com"


@pytest.mark.parametrize("addr", ["@example.com", "x@y@example.com", "a b@example.com",
                                  "alice@localhost", "al..ice@example.com", "<a>@example.com",
                                  "alice@exa_mple..com", "a" * 250 + "@example.com"])
def test_unusable_addresses_have_a_reason(addr: str) -> None:
    """An address no server would take as a recipient comes with a readable reason."""
    reason = problem(addr)
    assert reason is not None and repr(addr) in reason


@pytest.mark.parametrize("addr", ["alice@example.com", "o'brien+shop@mail.example.co.uk",
                                  CYRILLIC, "alice@exämple.com", "مریم@example.ir"])
def test_usable_addresses_pass(addr: str) -> None:
    """Ordinary and internationalised addresses are accepted."""
    assert problem(addr) is None


def test_idn_domain_is_sent_in_dns_form_and_local_part_needs_smtputf8() -> None:
    """A non-ASCII domain becomes punycode; only a non-ASCII local part needs SMTPUTF8."""
    assert sendable("alice@exämple.com") == "alice@xn--exmple-cua.com"
    assert not needs_smtputf8("alice@exämple.com")
    assert needs_smtputf8(CYRILLIC) and sendable(CYRILLIC) == CYRILLIC


@pytest.mark.parametrize(("sender", "to"), [(CYRILLIC, CYRILLIC),
                                            ("alice@exämple.com", "alice@xn--exmple-cua.com")])
def test_reply_to_international_address_is_well_formed(sender: str, to: str) -> None:
    """The reply's To carries the address as sent: UTF-8 local part, or punycode domain."""
    parent = Inbound(message_id="<p@example.com>", from_addr=sender, from_name="Ålice",
                     subject="Order")
    raw = reply_bytes(parent, Draft("Hi", "", "en", "t"), Envelope("Shop", "s@shop.example", "k"),
                      "<m@shop.example>", now=datetime(2026, 12, 4, tzinfo=UTC))
    msg = message_from_string(raw.decode("utf-8"), policy=policy.default)  # RFC 6532 headers
    assert msg["To"].addresses[0].addr_spec == to
    assert msg["To"].addresses[0].display_name == "Ålice"
