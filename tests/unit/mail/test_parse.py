"""The parse stage fills every Inbound field and never raises on odd but real mail."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from responder.errors import MessageUnreadable
from responder.mail.parse import parse

DERIVED = Path(__file__).resolve().parents[2] / "data" / "derived"

SIMPLE = (
    b"Return-Path: <bounce@shop.example>\r\n"
    b"Return-Path: <older@relay.example>\r\n"
    b"Received: from a by b; Tue, 7 Jan 2025 10:00:00 +0300\r\n"
    b"Received: from c by d; Tue, 7 Jan 2025 09:59:00 +0300\r\n"
    b"From: =?utf-8?b?2KPYrdmF2K8=?= <Ahmad@Cust.Example>, Other <other@cust.example>\r\n"
    b"Reply-To: reply@cust.example\r\n"
    b"To: Shop <shop@example.com>, second@example.com\r\n"
    b"Cc: cc@example.com\r\n"
    b"Subject: =?utf-8?q?Where_is_my_order=3F?=\r\n"
    b"Message-ID:  <a1@cust.example >\r\n"
    b"In-Reply-To: <r1@shop.example>\r\n"
    b"References: <r0@shop.example>\r\n <r1@shop.example>\r\n"
    b"Date: Tue, 7 Jan 2025 10:00:00 +0300\r\n"
    b"MIME-Version: 1.0\r\n"
    b"Content-Type: multipart/mixed; boundary=XX\r\n\r\n"
    b"--XX\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n"
    b"Order 1234 has not arrived.\r\n\r\n"
    b"On Mon, Jan 6, 2025 at 9:00 AM Shop <shop@example.com> wrote:\r\n> Your order shipped.\r\n"
    b"--XX\r\nContent-Type: application/pdf; name=\"=?utf-8?q?re=C3=A7u.pdf?=\"\r\n"
    b"Content-Disposition: attachment\r\nContent-Transfer-Encoding: base64\r\n\r\nJVBERg==\r\n"
    b"--XX--\r\n"
)


def test_identity_fields_are_decoded_and_normalised() -> None:
    """Sender, recipients, ids and subject come out decoded, lower-cased and bracketed."""
    msg = parse(SIMPLE)
    assert msg.from_addr == "ahmad@cust.example"
    assert msg.from_name == "أحمد"
    assert msg.from_addrs == ("ahmad@cust.example", "other@cust.example")
    assert msg.reply_to == ("reply@cust.example",)
    assert msg.to == ("shop@example.com", "second@example.com")
    assert msg.cc == ("cc@example.com",)
    assert msg.subject == "Where is my order?"
    assert msg.message_id == "<a1@cust.example>"
    assert msg.in_reply_to == "<r1@shop.example>"
    assert msg.references == ("<r0@shop.example>", "<r1@shop.example>")


def test_date_is_timezone_aware() -> None:
    """The Date header becomes an aware datetime with its offset."""
    date = parse(SIMPLE).date
    assert date == datetime(2025, 1, 7, 7, 0, tzinfo=UTC)
    assert date is not None
    assert date.utcoffset() == timedelta(hours=3)


def test_body_quote_attachment_and_structure() -> None:
    """Text, new words, quote, attachment names, part types and size are all filled."""
    msg = parse(SIMPLE)
    assert msg.new_text == "Order 1234 has not arrived."
    assert "> Your order shipped." in msg.quoted
    assert msg.attachments == ("reçu.pdf",)
    assert msg.content_type == "multipart/mixed"
    assert msg.part_types == ("multipart/mixed", "text/plain", "application/pdf")
    assert msg.size == len(SIMPLE)
    assert not msg.html_only


def test_headers_keep_every_value_topmost_first() -> None:
    """Repeated headers keep all values in message order under a lower-case name."""
    msg = parse(SIMPLE)
    assert len(msg.header("Received")) == 2
    assert msg.header("received")[0].startswith("from a by b")
    assert msg.headers["subject"] == ("Where is my order?",)


@pytest.mark.parametrize(
    ("lines", "expected"),
    [
        (b"", None),
        (b"Return-Path: <>\r\n", ""),
        (b"Return-Path: <First@A.example>\r\nReturn-Path: <second@b.example>\r\n", "first@a.example"),
    ],
)
def test_return_path_cases(lines: bytes, expected: str | None) -> None:
    """Return-Path is None when absent, "" for <>, and the topmost one when repeated."""
    raw = lines + b"From: a@b.example\r\nSubject: x\r\n\r\nbody\r\n"
    assert parse(raw).return_path == expected


def test_subject_loses_line_breaks() -> None:
    """An encoded CR/LF in the subject is removed so it cannot split log lines."""
    raw = b"From: a@b.example\r\nSubject: =?utf-8?q?one=0D=0Atwo?=\r\n\r\nx\r\n"
    assert parse(raw).subject == "onetwo"


def test_html_only_mail_is_converted() -> None:
    """Mail with only an HTML part gets text from the HTML and html_only set."""
    raw = (
        b"From: a@b.example\r\nContent-Type: text/html; charset=utf-8\r\n\r\n"
        b"<div dir=ltr>Approve</div><br><div class=gmail_quote>On Mon, Jan 6, 2025 at 9:00 AM"
        b" Shop &lt;s@x.example&gt; wrote:<blockquote>Old text</blockquote></div>"
    )
    msg = parse(raw)
    assert msg.html_only
    assert msg.new_text == "Approve"
    assert "> Old text" in msg.quoted


def test_report_type_and_nested_part_types() -> None:
    """A DSN shows its report-type and the delivery-status part, even inside message/rfc822."""
    raw = (
        b"From: MAILER-DAEMON@x.example\r\nContent-Type: multipart/report; "
        b"report-type=Delivery-Status; boundary=B\r\n\r\n--B\r\nContent-Type: text/plain\r\n\r\n"
        b"failed\r\n--B\r\nContent-Type: message/delivery-status\r\n\r\nAction: failed\r\n"
        b"--B\r\nContent-Type: message/rfc822\r\n\r\nFrom: me@x.example\r\n"
        b"Content-Type: text/html\r\n\r\n<p>hi</p>\r\n--B--\r\n"
    )
    msg = parse(raw)
    assert msg.report_type == "delivery-status"
    assert "message/delivery-status" in msg.part_types
    assert msg.part_types[-1] == "text/html"
    assert msg.text.startswith("failed")


@pytest.mark.parametrize("charset", ["x-broken", "utf-8", "windows-1256", "iso-8859-6"])
def test_bad_bytes_decode_with_replacement(charset: str) -> None:
    """Wrong or unknown charsets never raise; undecodable bytes become U+FFFD or text."""
    raw = (
        f"From: a@b.example\r\nSubject: =?{charset}?b?/w==?=\r\n"
        f"Content-Type: text/plain; charset={charset}\r\n\r\n"
    ).encode() + b"\xff\xfe ok\r\n"
    msg = parse(raw)
    assert msg.text.endswith("ok\n")
    assert msg.subject


@pytest.mark.parametrize(
    ("name", "subject", "start"),
    [
        ("ar-windows-1256-8bit.eml", "ما زلت لم أستلم بطاقتي الجديدة", "ما زلت لم أستلم"),
        ("ar-iso-8859-6-qp.eml", "ما زلت لم أستلم بطاقتي الجديدة", "ما زلت لم أستلم"),
        ("ar-utf-8-base64.eml", "ما زلت لم أستلم بطاقتي الجديدة", "ما زلت لم أستلم"),
        ("fa-utf-8-qp.eml", "سلام، سفارش من هنوز نرسیده است", "سلام، سفارش من"),
        ("fa-windows-1256-base64.eml", "سلام، سفارش من هنوز نرسيده است", "سلام، سفارش من"),
    ],
)
def test_derived_charset_fixtures_decode(name: str, subject: str, start: str) -> None:
    """Arabic and Persian text decodes from windows-1256, iso-8859-6 and UTF-8, B and Q words."""
    msg = parse((DERIVED / name).read_bytes())
    assert msg.subject == subject
    assert msg.from_name in {"أحمد علي", "مریم رضایی"}
    assert msg.new_text.startswith(start)
    assert "\ufffd" not in msg.text


def test_persian_zwnj_survives_in_new_text() -> None:
    """ZWNJ is part of Persian spelling and stays in new_text."""
    msg = parse((DERIVED / "fa-utf-8-qp.eml").read_bytes())
    assert "می\u200cخواهم" in msg.new_text


def test_invisible_characters_leave_new_text() -> None:
    """Zero-width and bidi controls are stripped from the customer's words."""
    raw = "From: a@b.example\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nre\u200bfund\u202e now\r\n"
    assert parse(raw.encode()).new_text == "refund now"


def test_too_large_is_refused_before_parsing() -> None:
    """Mail over max_bytes raises MessageUnreadable naming its size."""
    with pytest.raises(MessageUnreadable, match="too large: 41 bytes"):
        parse(b"From: a@b.example\r\nSubject: x\r\n\r\n12345678", max_bytes=40)


@pytest.mark.parametrize(
    "raw", [b"", b"   \r\n", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", b"just some words\nno headers"]
)
def test_non_mail_is_unreadable(raw: bytes) -> None:
    """Empty input, binary junk and header-less text raise MessageUnreadable."""
    with pytest.raises(MessageUnreadable):
        parse(raw)


def test_obsolete_header_syntax_is_repaired() -> None:
    """RFC 822's "Subject : x" (space before colon) still yields headers."""
    raw = b"From  : John <j@x.example>\r\nSubject     : Hello\r\n\r\nHi there\r\n"
    msg = parse(raw)
    assert msg.subject == "Hello"
    assert msg.from_addr == "j@x.example"


def test_missing_fields_have_empty_defaults() -> None:
    """A minimal message yields empty ids, no date and no Return-Path without raising."""
    msg = parse(b"From: a@b.example\r\n\r\nhello\r\n")
    assert (msg.message_id, msg.in_reply_to, msg.date, msg.return_path) == ("", None, None, None)
    assert msg.content_type == "text/plain"
    assert msg.report_type is None


def test_broken_date_gives_none() -> None:
    """An unparsable Date header gives None rather than an error."""
    raw = b"From: a@b.example\r\nDate: yesterday-ish\r\n\r\nx\r\n"
    assert parse(raw).date is None


def test_message_id_without_brackets_gets_them() -> None:
    """A bare Message-ID is wrapped in angle brackets."""
    raw = b"From: a@b.example\r\nMessage-ID: abc@x.example\r\n\r\nx\r\n"
    assert parse(raw).message_id == "<abc@x.example>"


def test_defects_are_recorded() -> None:
    """A multipart without its boundary records the defect and still keeps the words."""
    raw = b"From: a@b.example\r\nContent-Type: multipart/mixed; boundary=Q\r\n\r\nno parts\r\n"
    msg = parse(raw)
    assert "StartBoundaryNotFoundDefect" in msg.defects
    assert msg.new_text == "no parts"
