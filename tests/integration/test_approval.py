"""Approval by email end to end (T44-T60): real Dovecot, real SMTP sink, `responder run`.

The receiving MTA's Authentication-Results header is what authenticates the owner here:
the config trusts `mx.shop.example`, and each owner reply is prepended with the header that
MTA would add. DKIM-only cases (T49-T51) need DNS, so they run in process with a fake DNS in
tests/unit/approval/test_flow.py.
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Callable
from datetime import UTC, datetime
from email import message_from_bytes, policy
from email.message import EmailMessage
from email.utils import format_datetime
from pathlib import Path

import pytest

from responder.dev.devmail import Dovecot, SmtpSink

from .conftest import OWNER, SUPPORT, DaemonProc, wait_for, write_config
from .mails import customer_mail

pytestmark = pytest.mark.integration
BOB = "bob@example.com"
CAROL = "carol@example.com"
TRUSTED = 'trusted_authserv_ids = ["mx.shop.example"]'
PASS = "mx.shop.example; spf=pass smtp.mailfrom=shop.example; dkim=pass header.d=shop.example; " \
       "dmarc=pass header.from=shop.example"
FAIL = "mx.shop.example; spf=fail smtp.mailfrom=shop.example; dmarc=fail header.from=shop.example"
CODE = re.compile(r"APR-[A-Za-z0-9_-]{32,64}")
DNR = ("Order 1002 never arrived", "Hi,\n\nThe tracking for order #1002 says delivered but I never "
       "received it. Nothing at my door.\n\nBob\n")
CANCEL = ("Cancel order 1003", "Hi,\n\nPlease cancel my order #1003, I ordered by mistake.\n\nCarol\n")

Start = Callable[..., DaemonProc]


class Shop:
    """One store under test: servers, daemon, database, and helpers to talk to it."""

    def __init__(self, tmp: Path, dovecot: Dovecot, sink: SmtpSink, start: Start) -> None:
        self.dovecot, self.sink, self.db = dovecot, sink, tmp / "responder.db"
        self.daemon = start(write_config(tmp, dovecot, sink, TRUSTED))
        self.n = 0

    def customer(self, sender: str, subject: str, body: str) -> str:
        """Append a customer email; returns its Message-ID once it is processed."""
        self.n += 1
        name = sender.split("@", maxsplit=1)[0].title()
        raw = customer_mail(self.n, sender=sender, name=name, subject=subject, body=body)
        return self.deliver(raw)

    def deliver(self, raw: bytes) -> str:
        """Append any email to the support INBOX and wait until the daemon recorded it."""
        msgid = str(message_from_bytes(raw)["Message-ID"])
        self.dovecot.append(SUPPORT, raw)
        wait_for(lambda: self.status(msgid) not in (None, "new"), timeout=90,
                 what=f"processing of {msgid}")
        return msgid

    def status(self, msgid: str) -> str | None:
        """The inbound row's status, None before it is stored."""
        found = self.query("SELECT status FROM inbound WHERE message_id = ?", msgid)
        return str(found[0][0]) if found else None

    def query(self, sql: str, *args: object) -> list[tuple[object, ...]]:
        """Rows of a read-only query on the daemon's database."""
        with sqlite3.connect(self.db, timeout=10) as conn:
            return conn.execute(sql, args).fetchall()

    def request(self, draft_id: int, rcpt: str = OWNER) -> EmailMessage:
        """The approval email for a draft, once the sink has it."""
        tag = f"[#D{draft_id}]"
        wait_for(lambda: self._requests(tag, rcpt), timeout=60, what=f"approval request {tag}")
        return self._requests(tag, rcpt)[0]

    def _requests(self, tag: str, rcpt: str) -> list[EmailMessage]:
        return [parsed(m.raw) for m in self.sink.to(rcpt)
                if tag in str(parsed(m.raw)["Subject"]) and "Approve reply?" in str(parsed(m.raw)["Subject"])]

    def to(self, rcpt: str) -> list[EmailMessage]:
        """Everything sent to `rcpt` so far."""
        return [parsed(m.raw) for m in self.sink.to(rcpt)]

    def settle(self) -> None:
        """Let the daemon send what the last email queued."""
        wait_for(lambda: not self.query("SELECT id FROM outbox WHERE state IN ('pending','sending')"),
                 what="an empty outbox")


def parsed(raw: bytes) -> EmailMessage:
    """A sent message, parsed with the modern policy."""
    msg = message_from_bytes(raw, policy=policy.default)
    assert isinstance(msg, EmailMessage)
    return msg


def body_of(msg: EmailMessage) -> str:
    """The text/plain body of a sent message."""
    part = msg.get_body(("plain",))
    assert part is not None
    return str(part.get_content()).replace("\r\n", "\n")


def code_of(request: EmailMessage) -> str:
    """The approval code in an approval email."""
    found = CODE.search(body_of(request))
    assert found is not None
    return found.group(0)


REPLIES = 0


def _now() -> str:
    """The date part of a Received line."""
    return format_datetime(datetime.now(UTC))


def reply(request: EmailMessage, text: str, *, sender: str = OWNER, auth: tuple[str, ...] = (PASS,),
          quote: bool = True, html: str = "", headers: dict[str, str] | None = None,
          subject: str = "", forged: tuple[str, ...] = ()) -> bytes:
    """The owner's reply to an approval email, as their client and our MX would deliver it."""
    global REPLIES  # noqa: PLW0603  (unique Message-IDs across one test run)
    REPLIES += 1
    msg = EmailMessage()
    # As delivered: Dovecot's LMTP line on top, then what our MX wrote (its A-R over its own
    # Received line), then whatever the sender's message carried (`forged`).
    msg["Received"] = f"from mx.shop.example by imap.shop.example with LMTP id {REPLIES}; {_now()}"
    for value in auth:
        msg["Authentication-Results"] = value
    msg["Received"] = f"from phone.shop.example by mx.shop.example with ESMTPS id {REPLIES}; {_now()}"
    for value in forged:
        msg["Authentication-Results"] = value
    msg["Return-Path"] = f"<{sender}>"
    msg["From"] = f"Owner <{sender}>"
    msg["To"] = SUPPORT
    msg["Subject"] = subject or f"Re: {request['Subject']}"
    msg["Date"] = format_datetime(datetime.now(UTC))
    msg["Message-ID"] = f"<r{REPLIES}.{datetime.now(UTC).timestamp()}@shop.example>"
    msg["In-Reply-To"] = str(request["Message-ID"])
    msg["References"] = str(request["Message-ID"])
    for key, value in (headers or {}).items():
        msg[key] = value
    quoted = "\n".join("> " + line for line in body_of(request).splitlines()) if quote else ""
    full = f"{text}\n\nOn Mon, the shop wrote:\n{quoted}\n" if quote else text
    if html:
        msg.set_content(html, subtype="html")
    else:
        msg.set_content(full)
    return msg.as_bytes()


@pytest.fixture
def shop(tmp_path: Path, dovecot: Dovecot, sink: SmtpSink, start_daemon: Start) -> Shop:
    """A running store that trusts mx.shop.example's Authentication-Results."""
    return Shop(tmp_path, dovecot, sink, start_daemon)


def test_approve_sends_the_parked_draft_exactly_once(shop: Shop) -> None:
    """T44/T45/T60: APPROVE sends the stored draft once; a resent APPROVE sends nothing more."""
    shop.customer(BOB, *DNR)
    request = shop.request(1)
    assert request["Auto-Submitted"] == "auto-generated"
    code = code_of(request)
    assert not shop.to(BOB) or all("1002" not in body_of(m) or m["Auto-Submitted"] for m in shop.to(BOB))
    approve = reply(request, "APPROVE")
    shop.deliver(approve)
    shop.settle()
    [sent] = [m for m in shop.to(BOB) if m["Auto-Submitted"] is None]
    assert sent["In-Reply-To"] == "<m1.bob@example.com>"
    draft_text = str(shop.query("SELECT text FROM drafts WHERE id = 1")[0][0])
    assert body_of(sent).strip() == draft_text.strip()
    confirm = shop.to(OWNER)[-1]
    assert "Sent your reply" in body_of(confirm)
    shop.deliver(reply(request, "APPROVE"))
    shop.settle()
    assert len([m for m in shop.to(BOB) if m["Auto-Submitted"] is None]) == 1
    assert "token already used" in body_of(shop.to(OWNER)[-1])
    assert shop.query("SELECT state, result FROM drafts WHERE id = 1") == [("sent", "unchanged")]
    assert shop.daemon.stop() == 0
    assert code not in shop.daemon.output()
    assert code[4:] not in shop.query("SELECT group_concat(detail_json) FROM audit")[0][0]


def replies_to_customer(shop: Shop, rcpt: str) -> list[EmailMessage]:
    """Person-approved replies to a customer (holding replies are automatic and excluded)."""
    return [m for m in shop.to(rcpt) if m["Auto-Submitted"] is None]


def test_edit_becomes_a_new_draft_and_is_sent_after_its_own_approval(shop: Shop) -> None:
    """R24: EDIT parks the owner's text as a new draft with a new code; APPROVE sends exactly it."""
    shop.customer(BOB, *DNR)
    first = shop.request(1)
    own = "Hi Bob,\nWe are sending a replacement candle today, tracked with UPS.\nSorry!\nThe Test Shop"
    shop.deliver(reply(first, "EDIT\n" + own))
    second = shop.request(2)
    assert "We are sending a replacement candle today" in body_of(second)
    assert replies_to_customer(shop, BOB) == []
    shop.deliver(reply(first, "APPROVE"))
    shop.deliver(reply(second, "APPROVE"))
    shop.settle()
    [sent] = replies_to_customer(shop, BOB)
    assert body_of(sent).strip() == own
    assert shop.query("SELECT id, state, result FROM drafts ORDER BY id") == [
        (1, "superseded", "edited"), (2, "sent", "unchanged")]
    assert "token already used" in "".join(body_of(m) for m in shop.to(OWNER))


def test_reject_sends_nothing_to_the_customer(shop: Shop) -> None:
    """REJECT with a reason: the draft is rejected, the owner is told, the customer gets nothing."""
    shop.customer(BOB, *DNR)
    shop.deliver(reply(shop.request(1), "REJECT he already got a refund"))
    shop.settle()
    assert replies_to_customer(shop, BOB) == []
    assert shop.query("SELECT state, result, note FROM drafts") == [
        ("rejected", "rejected", "reject: he already got a refund")]
    assert "Rejected; nothing was sent" in body_of(shop.to(OWNER)[-1])


BAD_REPLIES: dict[str, tuple[dict[str, object], str, str]] = {
    # name: (reply() arguments, who is told, what they are told)
    "T46 spoofed From, no authentication": ({"auth": ()}, OWNER, "not authenticated"),
    "T47 forged pass below the real fail": ({"auth": (FAIL, PASS)}, OWNER, "dmarc=fail"),
    "T48 untrusted authserv-id": (
        {"auth": ("mx.evil.example; dmarc=pass header.from=shop.example",)}, OWNER,
        "untrusted"),
    "T48b forged pass under the trusted hop's Received line": (
        {"auth": (), "forged": (PASS,)}, OWNER, "not authenticated"),
    "T52 forwarded by a customer": ({"sender": CAROL, "auth": ()}, OWNER, "not an approver"),
    "T57 APPROVE only in the quote": ({"text": ""}, OWNER, "no text of its own"),
    "T58 I do not approve": ({"text": "I do not APPROVE this"}, OWNER, "unclear first line"),
    "T56 out-of-office": (
        {"text": "I am out of the office until Monday.",
         "headers": {"Auto-Submitted": "auto-replied"},
         "subject": "Automatic reply: out of office"}, "", ""),
}


@pytest.mark.parametrize("case", list(BAD_REPLIES))
def test_bad_replies_send_nothing_and_leave_the_draft_parked(shop: Shop, case: str) -> None:
    """T46-T48, T52, T56-T58: refused (or ignored), nothing to the customer, draft still parked."""
    kwargs, told, words = BAD_REPLIES[case]
    shop.customer(BOB, *DNR)
    request = shop.request(1)
    before = len(shop.sink.messages)
    text = str(kwargs.pop("text", "APPROVE"))
    shop.deliver(reply(request, text, **kwargs))  # type: ignore[arg-type]
    shop.settle()
    new = [parsed(m.raw) for m in shop.sink.messages[before:]]
    assert replies_to_customer(shop, BOB) == []
    assert shop.query("SELECT state FROM drafts") == [("parked",)]
    assert shop.query("SELECT kind FROM inbound WHERE id = 2") == [("owner_reply",)]
    if not told:
        assert new == []
        return
    [notice] = new
    assert notice["To"] == told
    assert notice["Auto-Submitted"] == "auto-generated"
    assert words in body_of(notice)
    assert not CODE.search(body_of(notice))


def test_expired_code_is_refused(shop: Shop) -> None:
    """T53: a code past its expiry sends nothing; the owner is told once (rate-limited)."""
    shop.customer(BOB, *DNR)
    request = shop.request(1)
    with sqlite3.connect(shop.db, timeout=10) as conn:
        conn.execute("UPDATE approval_tokens SET expires_at = '2020-01-01 00:00:00.000000'")
    shop.deliver(reply(request, "APPROVE"))
    shop.deliver(reply(request, "APPROVE"))
    shop.settle()
    assert replies_to_customer(shop, BOB) == []
    notices = [m for m in shop.to(OWNER) if "expired" in body_of(m)]
    assert len(notices) == 1


def test_code_of_another_draft_is_refused(shop: Shop) -> None:
    """T54: draft 1's code in a reply to draft 2's request is refused; neither is sent."""
    shop.customer(BOB, *DNR)
    shop.customer(CAROL, *CANCEL)
    bobs, carols = shop.request(1), shop.request(2)
    text = f"APPROVE\n\n> Approval code: {code_of(bobs)}"
    shop.deliver(reply(carols, text, quote=False))
    shop.settle()
    assert replies_to_customer(shop, BOB) == replies_to_customer(shop, CAROL) == []
    assert "belongs to another draft" in body_of(shop.to(OWNER)[-1])


def test_html_only_approve_is_accepted(shop: Shop) -> None:
    """T59: a phone's HTML-only reply with Approve in a div approves (accept_html_only default)."""
    shop.customer(BOB, *DNR)
    request = shop.request(1)
    html = (f"<div dir=\"auto\">Approve</div><br><div class=\"gmail_quote\"><blockquote>"
            f"Approval code: {code_of(request)}</blockquote></div>")
    shop.deliver(reply(request, "", html=html, quote=False))
    shop.settle()
    assert len(replies_to_customer(shop, BOB)) == 1


def paused(shop: Shop) -> list[tuple[object, ...]]:
    """The paused switch as stored ([] before it was ever set)."""
    return shop.query("SELECT value FROM settings WHERE key = 'paused'")


def test_pause_and_resume_need_the_newest_code_and_replays_are_ignored(shop: Shop) -> None:
    """4c: PAUSE/RESUME act only with the newest approval code; a replayed owner mail does nothing."""
    shop.customer(BOB, *DNR)
    first = shop.request(1)
    shop.deliver(reply(first, "PAUSE", quote=False, subject="pause please"))
    shop.settle()
    assert paused(shop) == []
    assert "PAUSE and RESUME need one approval code" in body_of(shop.to(OWNER)[-1])
    pause = reply(first, "PAUSE")
    shop.deliver(pause)
    assert paused(shop) == [("1",)]
    alice = shop.customer("alice@example.com", "Where is my order #1001?",
                          "Hi,\n\nWhere is my order #1001?\n\nAlice\n")
    second = shop.request(2)
    assert shop.query("SELECT outcome FROM inbound WHERE message_id = ?", alice) == [("park",)]
    shop.deliver(reply(first, "RESUME"))
    shop.settle()
    assert paused(shop) == [("1",)]
    assert "newest approval email" in body_of(shop.to(OWNER)[-1])
    shop.deliver(reply(second, "RESUME"))
    assert paused(shop) == [("0",)]
    replayed = b"Received: from relay.attacker.example by mx.shop.example; " + _now().encode() \
        + b"\n" + pause
    shop.dovecot.append(SUPPORT, replayed)
    msgid = str(message_from_bytes(pause)["Message-ID"])
    wait_for(lambda: shop.query("SELECT count(*) FROM inbound WHERE message_id = ? AND status != 'new'",
                                msgid) == [(2,)], timeout=90, what="the replayed PAUSE")
    assert paused(shop) == [("0",)]
    assert shop.query("SELECT action FROM audit WHERE stage = 'approval' ORDER BY id DESC LIMIT 1") \
        == [("ignore",)]
    shop.customer("alice@example.com", "Another question about #1001",
                  "Hi,\n\nWhere is my order #1001 now?\n\nAlice\n")
    shop.settle()
    [answered] = shop.to("alice@example.com")
    assert answered["In-Reply-To"] == "<m3.alice@example.com>"
    bodies = "".join(body_of(m) for m in shop.to(OWNER))
    assert "Paused all automatic sending" in bodies
    assert "Resumed automatic sending" in bodies
