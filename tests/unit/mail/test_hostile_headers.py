"""Hostile headers stay cheap: id lists are bounded at parse time (R75)."""

from __future__ import annotations

from datetime import UTC, datetime

from responder.mail.compose import Envelope, reply_bytes
from responder.mail.parse import parse
from responder.mail.parse_headers import MAX_IDS
from responder.models import Draft

IDS = [f"<id{i}.x@example.com>" for i in range(100_000)]


def hostile(header: str) -> bytes:
    """A customer email whose `header` lists 100 000 Message-IDs."""
    return (f"From: a@example.com\r\nTo: s@shop.example\r\nSubject: hi\r\n"
            f"Message-ID: <p@example.com>\r\n{header}: {' '.join(IDS)}\r\n\r\nhello\r\n").encode()


def test_references_with_100k_ids_keep_the_root_and_the_newest() -> None:
    """A 100k-id References parses into the root plus the newest 20 ids, in order."""
    refs = parse(hostile("References")).references
    assert len(refs) == MAX_IDS == 21
    assert refs == (IDS[0], *IDS[-20:])


def test_in_reply_to_with_100k_ids_is_bounded() -> None:
    """In-Reply-To goes through the same bound; its first id is still the root."""
    assert parse(hostile("In-Reply-To")).in_reply_to == IDS[0]


def test_reply_to_100k_references_carries_a_bounded_references() -> None:
    """The reply's References holds the root, newest ids and the parent, within 1,500 chars."""
    parent = parse(hostile("References"))
    raw = reply_bytes(parent, Draft("x", "", "en", "t"), Envelope("S", "s@shop.example", "tok"),
                      "<m@shop.example>", now=datetime.now(UTC))
    head = raw.split(b"\r\n\r\n", 1)[0].decode()
    value = head.split("References: ", 1)[1].split("\r\nAuto-Submitted", 1)[0]
    ids = value.split()
    assert len(value) <= 1600 and len(ids) <= MAX_IDS + 1
    assert ids[0] == IDS[0] and ids[-2:] == [IDS[-1], "<p@example.com>"]
