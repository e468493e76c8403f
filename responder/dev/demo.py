"""`responder demo`: the real daemon against local mail servers, sample mail and orders."""

from __future__ import annotations

import asyncio
import csv
import io
import os
import tempfile
import time
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from pathlib import Path

import typer
from sqlmodel import Session, col, select

from responder import config as config_mod
from responder.dev.devmail import Dovecot, SmtpSink
from responder.service.wiring import Loaded
from responder.store.tables import DraftRow, InboundRow

DATA = Path(__file__).with_name("demo_data")
SUPPORT, OWNER = "support@shop.example", "owner@shop.example"
DATE_COLUMNS = ("created_at", "shipped_at", "delivered_at", "expected_delivery")


def shifted_orders(target: Path) -> Path:
    """The sample orders with dates moved so the newest order is two days old."""
    rows = list(csv.DictReader(io.StringIO((DATA / "orders.csv").read_text(encoding="utf-8"))))
    newest = max(datetime.fromisoformat(r["created_at"]) for r in rows)
    delta = datetime.now(UTC) - timedelta(days=2) - newest
    for row in rows:
        for column in DATE_COLUMNS:
            if row.get(column):
                moved = datetime.fromisoformat(row[column]) + delta
                row[column] = moved.date().isoformat() if len(row[column]) == 10 else moved.isoformat()
    with target.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    return target


def write_config(base: Path, imap_port: int, smtp_port: int) -> Path:
    """A config for the local servers."""
    path = base / "config.toml"
    path.write_text(f"""
[store]
name = "Demo Shop"
support_address = "{SUPPORT}"
owner_address = "{OWNER}"

[imap]
host = "127.0.0.1"
port = {imap_port}
security = "none"
username = "{SUPPORT}"
append_to_sent = false

[smtp]
host = "127.0.0.1"
port = {smtp_port}
security = "none"
envelope_from = "bounces@shop.example"

[database]
url = "sqlite:///{base / 'responder.db'}"

[approval]
approvers = ["{OWNER}"]
# The demo's owner reply carries this receiving server's verdict, as Gmail or Fastmail add it.
trusted_authserv_ids = ["mx.demo.local"]
""", encoding="utf-8")
    return path


def run_demo(seconds: float) -> None:
    """Start everything, feed the sample mail, let the daemon answer, print what happened."""
    base = Path(tempfile.mkdtemp(prefix="responder-demo-"))
    os.environ.setdefault("RESPONDER_IMAP_PASSWORD", "demo-password")
    os.environ.setdefault("RESPONDER_HMAC_KEY", "demo-hmac-key-not-for-production")
    dovecot = Dovecot(users={SUPPORT: os.environ["RESPONDER_IMAP_PASSWORD"], OWNER: "owner"}).start()
    sink = SmtpSink(dovecot, SUPPORT).start()
    try:
        typer.secho(f"Local IMAP on 127.0.0.1:{dovecot.port}, SMTP on 127.0.0.1:{sink.port}, "
                    f"files in {base}", dim=True)
        loaded = Loaded(config_mod.load(write_config(base, dovecot.port, sink.port)),
                        base / "config.toml")
        _import_orders(loaded, base)
        emails = sorted(DATA.glob("*.eml"))
        for eml in emails:
            dovecot.append(SUPPORT, eml.read_bytes())
        typer.secho(f"Delivered {len(emails)} customer emails to {SUPPORT}; starting the responder...\n",
                    bold=True)
        started = time.monotonic()
        asyncio.run(_run_until_done(loaded, len(emails), seconds))
        _report(loaded, sink, time.monotonic() - started)
        _approval_round_trip(loaded, dovecot, sink, len(emails), seconds)
    finally:
        sink.stop()
        dovecot.cleanup()


def _import_orders(loaded: Loaded, base: Path) -> None:
    from responder.orders.csvimport import import_csv
    from responder.service.wiring import open_database

    import_csv(shifted_orders(base / "orders.csv"), open_database(loaded))


async def _run_until_done(loaded: Loaded, expected: int, seconds: float) -> None:
    from responder.service.daemon import Daemon

    daemon = Daemon.build(loaded)
    task = asyncio.create_task(daemon.run())
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline and not task.done():
        await asyncio.sleep(0.2)
        if _handled(daemon) >= expected and not daemon.outbox.due():
            break
    daemon.stop_event.set()
    await task


def _handled(daemon: object) -> int:
    engine = daemon.engine  # type: ignore[attr-defined]
    with Session(engine) as s:
        return len(s.exec(select(InboundRow.id).where(col(InboundRow.status) != "new")).all())


def _report(loaded: Loaded, sink: SmtpSink, elapsed: float) -> None:
    from responder.store.db import open_engine

    engine = open_engine(loaded.cfg.database.url)
    with Session(engine) as s:
        rows = s.exec(select(InboundRow).order_by(col(InboundRow.id))).all()
        drafts = {d.inbound_id: d for d in s.exec(select(DraftRow)).all()}
    colors = {"send": "green", "park": "yellow", "skip": "blue", "shunt": "red"}
    for row in rows:
        typer.secho(f"● {row.outcome.upper():<5} {row.from_addr:<22} intent={row.intent or '-':<26} "
                    f"lang={row.language or '-'}", fg=colors.get(row.outcome, "white"), bold=True)
        typer.echo(f"  why: {clip(row.reason, 160)}")
        _show_mail(sink, row.message_id, "  reply sent")
        if row.id in drafts:
            d = drafts[row.id]
            typer.secho(f"  parked draft for the owner (priority {d.priority}):", fg="yellow")
            typer.echo(indent(d.text, 6))
    typer.secho(f"\n{len(sink.messages)} messages sent in {elapsed:.1f} s.", bold=True)


def _approval_round_trip(loaded: Loaded, dovecot: Dovecot, sink: SmtpSink, handled: int,
                         seconds: float) -> None:
    """The owner answers one approval email with APPROVE; the customer gets the reply."""
    requests = [m for m in sink.messages if m.rcpt_tos == [OWNER] and "Approve reply?" in str(
        m.message["Subject"])]
    if not requests:
        return
    request = requests[0].message
    body = request.get_body(preferencelist=("plain",))
    text = body.get_content() if body is not None else ""
    typer.secho("\nThe owner's inbox: an approval request", bold=True)
    typer.secho(f"  Subject: {request['Subject']}", fg="yellow")
    typer.echo(indent(str(text), 4, limit=40))
    quoted = "\n".join(f"> {line}" for line in str(text).splitlines())
    reply = (f"Return-Path: <{OWNER}>\r\nAuthentication-Results: mx.demo.local; dmarc=pass "
             f"header.from=shop.example\r\nReceived: from phone.shop.example by mx.demo.local; "
             f"{format_datetime(datetime.now(UTC))}\r\nFrom: Shop Owner <{OWNER}>\r\nTo: {SUPPORT}\r\n"
             f"Subject: Re: {request['Subject']}\r\nIn-Reply-To: {request['Message-ID']}\r\n"
             f"Message-ID: <owner-reply-1@shop.example>\r\nContent-Type: text/plain; charset=utf-8"
             f"\r\n\r\nApprove\r\n\r\nOn today, Demo Shop wrote:\r\n{quoted}\r\n")
    typer.secho("\nThe owner replies from their phone: \"Approve\"", bold=True)
    before = len(sink.messages)
    dovecot.append(SUPPORT, reply.encode())
    asyncio.run(_run_until_done(loaded, handled + 1, seconds))
    for m in sink.messages[before:]:
        msg = m.message
        part = msg.get_body(preferencelist=("plain",))
        label = "confirmation to the owner" if m.rcpt_tos == [OWNER] else "reply sent to the customer"
        typer.secho(f"  {label} ({m.rcpt_tos[0]}): {msg['Subject']}", fg="green")
        typer.echo(indent(str(part.get_content() if part is not None else ""), 6))


def _show_mail(sink: SmtpSink, parent_id: str, label: str) -> None:
    for m in sink.messages:
        msg = m.message
        if msg["In-Reply-To"] != parent_id:
            continue
        body = msg.get_body(preferencelist=("plain",))
        text = body.get_content() if body is not None else ""
        typer.secho(f"{label} to {m.rcpt_tos[0]}: {msg['Subject']}", fg="green")
        typer.echo(indent(str(text), 6))


def indent(text: str, n: int, limit: int = 12) -> str:
    """Indent the first `limit` lines; say how many more there are instead of cutting silently."""
    lines = text.strip().splitlines()
    shown = [" " * n + line for line in lines[:limit]]
    if len(lines) > limit:
        shown.append(" " * n + f"… ({len(lines) - limit} more lines)")
    return "\n".join(shown)


def clip(text: str, limit: int) -> str:
    """At most `limit` characters, cut at a word boundary and ending in an ellipsis when cut."""
    if len(text) <= limit:
        return text
    head = text[: limit - 1]
    if not text[limit - 1].isspace() and " " in head:
        head = head.rsplit(" ", 1)[0]
    return head.rstrip(" ,;:") + "…"
