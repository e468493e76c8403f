"""T34: deterministic, verifiable Message-IDs and our X-Loop token."""

from __future__ import annotations

import re

from responder.mail.msgid import is_ours, loop_token, make_message_id

KEY = b"k" * 32
SHAPE = re.compile(r"^<ar\.[a-z2-7]{16}\.[a-z2-7]{10}@shop\.example>$")


def test_t34_same_inbound_and_kind_give_the_same_id() -> None:
    """T34: a retry after a crash produces a byte-identical Message-ID."""
    first = make_message_id(KEY, "inbox:7:42", "reply", "shop.example")
    assert first == make_message_id(KEY, "inbox:7:42", "reply", "shop.example")
    assert SHAPE.match(first)


def test_t34_ids_differ_per_inbound_kind_and_key() -> None:
    """T34: two customers, two kinds or two keys never share a Message-ID."""
    ids = {
        make_message_id(KEY, "inbox:7:42", "reply", "shop.example"),
        make_message_id(KEY, "inbox:7:43", "reply", "shop.example"),
        make_message_id(KEY, "inbox:7:42", "holding", "shop.example"),
        make_message_id(b"other-key", "inbox:7:42", "reply", "shop.example"),
    }
    assert len(ids) == 4


def test_t34_id_contains_our_domain_and_verifies() -> None:
    """T34: the id names our domain and is_ours proves it from the embedded tag alone."""
    mid = make_message_id(KEY, "inbox:1:1", "reply", "Shop.Example")
    assert mid.endswith("@shop.example>")
    assert is_ours(mid, KEY, "shop.example")
    assert is_ours(mid.upper(), KEY, "SHOP.EXAMPLE")
    assert is_ours(mid.strip("<>"), KEY, "shop.example")


def test_t34_forged_or_foreign_ids_do_not_verify() -> None:
    """T34: a changed tag, another key, another domain or a look-alike shape is not ours."""
    mid = make_message_id(KEY, "inbox:1:1", "reply", "shop.example")
    local, _, domain = mid.partition("@")
    tampered = local[:-1] + ("a" if local[-1] != "a" else "b") + "@" + domain
    assert not is_ours(tampered, KEY, "shop.example")
    assert not is_ours(mid, b"another key", "shop.example")
    assert not is_ours(mid, KEY, "evil.example")
    assert not is_ours(mid.replace("@shop.example", "@x.shop.example"), KEY, "shop.example")
    for junk in ("", "<>", "<a1@cust.example>", "<ar.@shop.example>", "ar.x.y@shop.example"):
        assert not is_ours(junk, KEY, "shop.example")


def test_loop_token_is_stable_and_keyed() -> None:
    """The X-Loop token is the same on every call and differs with the key."""
    token = loop_token(KEY, "shop.example")
    assert token == loop_token(KEY, "shop.example")
    assert token.endswith("@shop.example")
    assert token != loop_token(b"other", "shop.example")
