"""T9/T10 and friends: delivery reports and auto-replies are recognised, customers are not."""

from __future__ import annotations

from types import MappingProxyType

import pytest

from responder.mail import guards, msgid
from responder.mail.bounces import bounce_evidence, is_autoreply, parse_bounce
from responder.models import Action
from tests.unit.mail.factory import KEY, ctx, mail

OUR_ID = msgid.make_message_id(KEY, "inbox:1:9", "reply", "shop.example")

DSN = f"""\
Return-Path: <>
From: Mail Delivery System <MAILER-DAEMON@mx.cust.example>
To: support@shop.example
Subject: Undelivered Mail Returned to Sender
MIME-Version: 1.0
Content-Type: multipart/report; report-type=delivery-status; boundary="B"

--B
Content-Type: text/plain

I'm sorry to have to inform you that your message could not be delivered.

--B
Content-Type: message/delivery-status

Reporting-MTA: dns; mx.cust.example

Final-Recipient: rfc822; bob@cust.example
Action: failed
Status: 5.1.1
Diagnostic-Code: smtp; 550 5.1.1 <bob@cust.example>: User unknown

--B
Content-Type: text/rfc822-headers

From: support@shop.example
To: bob@cust.example
Message-ID: {OUR_ID}
Subject: Re: Order 1234

--B--
""".encode()

DELAY = b"""\
From: MAILER-DAEMON@mx.cust.example
Subject: Delayed Mail (still being retried)
Content-Type: multipart/report; report-type=delivery-status; boundary="B"

--B
Content-Type: message/delivery-status

Reporting-MTA: dns; mx.cust.example

Final-Recipient: rfc822; bob@cust.example
Action: delayed
Status: 4.4.7

--B--
"""

QMAIL = b"""\
Return-Path: <>
From: MAILER-DAEMON@mail.cust.example
Subject: failure notice

Hi. This is the qmail-send program at mail.cust.example.
I'm afraid I wasn't able to deliver your message to the following addresses.
This is a permanent error; I've given up. Sorry it didn't work out.

<carol@cust.example>:
Sorry, no mailbox here by that name. (#5.1.1)

--- Below this line is a copy of the message.

Message-ID: <orig-77@shop.example>
Subject: hello
"""

CUSTOMER = b"""\
Return-Path: <dave@cust.example>
From: Dave <dave@cust.example>
To: support@shop.example
Subject: Delivery failed
Message-ID: <d1@cust.example>

Hi, my parcel could not be delivered and the courier says delivery failed. Order 5512.
"""


def test_t9_dsn_names_our_message_status_and_recipient() -> None:
    """T9: a DSN with text/rfc822-headers yields our Message-ID, 5.1.1 and the failed address."""
    report = parse_bounce(DSN)
    assert report is not None
    assert (report.kind, report.status, report.permanent) == ("bounce", "5.1.1", True)
    assert report.failed_recipients == ("bob@cust.example",)
    assert report.original_message_id == OUR_ID
    assert msgid.is_ours(report.original_message_id, KEY, "shop.example")


def test_dsn_with_crlf_and_cr_line_ends_parses_the_same() -> None:
    """CRLF and bare-CR copies of a DSN (as in the sisimai set) give the same report."""
    report = parse_bounce(DSN)
    assert parse_bounce(DSN.replace(b"\n", b"\r\n")) == report
    assert parse_bounce(DSN.replace(b"\n", b"\r")) == report


def test_delay_report_is_not_permanent() -> None:
    """A 'delayed' DSN is kind delay with status 4.4.7, so no address gets blocked."""
    report = parse_bounce(DELAY)
    assert report is not None
    assert (report.kind, report.status, report.permanent) == ("delay", "4.4.7", False)


def test_qmail_bounce_without_mime_is_recognised() -> None:
    """qmail's plain-text bounce gives recipient, status and the inline original's id."""
    report = parse_bounce(QMAIL)
    assert report is not None
    assert report.kind == "bounce" and report.permanent
    assert report.failed_recipients == ("carol@cust.example",)
    assert report.status == "5.1.1"
    assert report.original_message_id == "<orig-77@shop.example>"


def test_exim_failed_recipients_header_is_enough() -> None:
    """Exim's X-Failed-Recipients header marks a bounce even from a normal-looking sender."""
    raw = b"From: relay@cust.example\nX-Failed-Recipients: eve@cust.example\nSubject: x\n\nsorry\n"
    report = parse_bounce(raw)
    assert report is not None and report.failed_recipients == ("eve@cust.example",)


@pytest.mark.parametrize(
    "raw",
    [
        b"From: MAILER-DAEMON@mx.example\nSubject: ???\nContent-Type: multipart/report; "
        b'report-type=delivery-status; boundary="Z"\n\n--Z\nContent-Type: message/delivery-status'
        b"\n\ngarbage without fields\n",
        b"From: MAILER-DAEMON@mx.example\n\n\x00\xff\xfe not even text",
    ],
)
def test_t10_bounce_without_parseable_original_is_still_a_bounce(raw: bytes) -> None:
    """T10: a bounce with no original and broken content is still a bounce, without a crash."""
    report = parse_bounce(raw)
    assert report is not None
    assert report.kind == "bounce" and report.original_message_id is None


def test_t10_guards_skip_a_broken_bounce_as_bounce() -> None:
    """T10: the guards route a DSN with no original to the bounce handler and never reply."""
    email = mail(content_type="multipart/report", report_type="delivery-status",
                 part_types=("multipart/report", "message/delivery-status"))
    verdict = guards.check(email, ctx())
    assert (verdict.action, verdict.bounce, verdict.automated) == (Action.SKIP, True, True)


@pytest.mark.parametrize("raw", [CUSTOMER, b"", b"\x00\xff garbage", b"Subject: hi\n\nhello\n"])
def test_customer_words_and_junk_are_not_bounces(raw: bytes) -> None:
    """A customer writing 'delivery failed' about a parcel (or junk bytes) is not a bounce."""
    assert parse_bounce(raw) is None


def test_postmaster_complaint_without_report_wording_is_not_a_bounce() -> None:
    """H32's postmaster complaint is not treated as a bounce; it is parked for a person."""
    email = mail(from_addr="postmaster@cust.example", from_addrs=("postmaster@cust.example",),
                 subject="Spam from your shop", text="Your server keeps sending us spam.")
    assert bounce_evidence(email) is None


def test_feedback_report_is_kind_feedback() -> None:
    """An ARF abuse report (multipart/report; report-type=feedback-report) is a feedback kind."""
    raw = (b'From: abuse@isp.example\nContent-Type: multipart/report; report-type=feedback-report;'
           b' boundary="F"\n\n--F\nContent-Type: message/feedback-report\n\nFeedback-Type: abuse'
           b"\n\n--F--\n")
    report = parse_bounce(raw)
    assert report is not None and report.kind == "feedback"


def headers(**values: str) -> MappingProxyType[str, tuple[str, ...]]:
    """A header map from keyword arguments (underscores become dashes)."""
    return MappingProxyType({k.replace("_", "-"): (v,) for k, v in values.items()})


@pytest.mark.parametrize(
    "extra",
    [{"auto_submitted": "auto-replied"}, {"x_autoreply": "yes"},
     {"x_ms_exchange_inbox_rules_loop": "a@b"}, {"x_auto_reply_from": "a@b"}],
)
def test_autoreply_headers_are_strong_evidence(extra: dict[str, str]) -> None:
    """Header evidence of an auto-reply is strong: enough for the guards to skip."""
    hint = is_autoreply(mail(headers=dict(headers(**extra))))
    assert hint is not None and hint.strong


def test_strong_autoreply_header_alone_skips_with_r8() -> None:
    """An X-Auto-Reply-From header and nothing else is skipped under R8."""
    verdict = guards.check(mail({"x-auto-reply-from": ("alice@cust.example",)}), ctx())
    assert (verdict.action, verdict.rule, verdict.automated) == (Action.SKIP, "R8", True)


@pytest.mark.parametrize(
    ("subject", "body"),
    [("Out of Office: Re: Order 1234", "I am out of the office until Monday."),
     ("رد تلقائي: طلبي", "أنا خارج المكتب حتى يوم الأحد."),
     ("پاسخ خودکار: سفارش", "من تا شنبه خارج از دفتر هستم."),
     ("Autoreply", "This is an automatic reply, I will be back on Monday.")],
)
def test_phrases_in_subject_and_body_are_weak_and_park(subject: str, body: str) -> None:
    """Subject plus body phrases (en, ar, fa) are weak evidence: parked under R13, not skipped."""
    email = mail(subject=subject, text=body, new_text=body)
    hint = is_autoreply(email)
    assert hint is not None and not hint.strong
    verdict = guards.check(email, ctx())
    assert (verdict.action, verdict.rule) == (Action.PARK, "R13")


@pytest.mark.parametrize(
    ("subject", "body"),
    [("Automatic reply: Re: Order 1234", "Where is my parcel?"),
     ("Order 1234", "I am out of the office next week, please ship to my work address.")],
)
def test_one_phrase_alone_never_decides(subject: str, body: str) -> None:
    """R13: one phrase (subject or body) alone is no evidence; the customer gets an answer."""
    email = mail(subject=subject, text=body, new_text=body)
    assert is_autoreply(email) is None
    assert guards.check(email, ctx()).allow
