"""Customer emails for integration tests, built the way mail clients build them."""

from __future__ import annotations

from datetime import UTC, datetime
from email.message import EmailMessage
from email.utils import format_datetime

SUPPORT = "support@shop.example"


def customer_mail(n: int, *, sender: str = "alice@example.com", name: str = "Alice Martin",
                  subject: str = "Where is my order #1001?",
                  body: str = "Hi,\n\nI ordered a week ago (order #1001) and it has not arrived yet. "
                              "Where is it?\n\nThanks,\nAlice\n",
                  headers: dict[str, str] | None = None) -> bytes:
    """A plain customer email with a unique Message-ID; `headers` are added or replaced."""
    msg = EmailMessage()
    msg["Return-Path"] = f"<{sender}>"
    msg["From"] = f"{name} <{sender}>"
    msg["To"] = SUPPORT
    msg["Subject"] = subject
    msg["Date"] = format_datetime(datetime.now(UTC))
    msg["Message-ID"] = f"<m{n}.{sender.split('@', maxsplit=1)[0]}@example.com>"
    for key, value in (headers or {}).items():
        del msg[key]
        msg[key] = value
    msg.set_content(body)
    return msg.as_bytes()
