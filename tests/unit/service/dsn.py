"""Delivery reports built the way Postfix builds them, around the headers of a real message."""

from __future__ import annotations

import re

DAEMON = "MAILER-DAEMON@mx.example.net"


def headers_of(raw: bytes) -> str:
    """The header block of `raw` with LF line endings."""
    text = raw.decode("utf-8", "replace").replace("\r\n", "\n")
    return text.split("\n\n", 1)[0]


def dsn(original: bytes | None, *, rcpt: str = "alice@example.com", status: str = "5.1.1",
        action: str = "failed", n: int = 1) -> bytes:
    """A multipart/report DSN for `original` (None: no original attached) from MAILER-DAEMON."""
    code = "550" if status.startswith("5") else "450"
    attached = ("--B\nContent-Type: text/rfc822-headers\n\n" + headers_of(original) + "\n\n"
                if original is not None else "")
    text = f"""Return-Path: <>
From: Mail Delivery System <{DAEMON}>
To: bounces@shop.example
Subject: Undelivered Mail Returned to Sender
Date: Mon, 3 Jun 2024 10:00:00 +0000
Message-ID: <dsn{n}.{re.sub(r'[^a-z0-9]', '', rcpt)}@mx.example.net>
Auto-Submitted: auto-replied
MIME-Version: 1.0
Content-Type: multipart/report; report-type=delivery-status; boundary="B"

--B
Content-Type: text/plain; charset=us-ascii

This is the mail system at host mx.example.net.

I'm sorry to have to inform you that your message could not
be delivered to one or more recipients.

<{rcpt}>: host mx.example.com said: {code} {status} user unknown

--B
Content-Type: message/delivery-status

Reporting-MTA: dns; mx.example.net

Final-Recipient: rfc822; {rcpt}
Original-Recipient: rfc822;{rcpt}
Action: {action}
Status: {status}
Diagnostic-Code: smtp; {code} {status} user unknown

{attached}--B--
"""
    return text.encode()
