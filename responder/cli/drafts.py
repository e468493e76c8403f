"""`responder drafts`: see and decide parked drafts from the terminal.

approve / reject / edit take the same code path as an approver's email (approval/apply.py):
the reply is queued in the outbox with its exact bytes, and the running daemon sends it on
its next cycle (at the latest after imap.idle_renew_seconds). Nothing is sent from here.
"""

from __future__ import annotations

import getpass
import json
import os
import shlex
import subprocess
import tempfile
from datetime import datetime
from pathlib import Path
from typing import Annotated

import typer
from sqlalchemy.engine import Engine
from sqlmodel import Session, col, select

from responder import ownerlang as ol
from responder.approval import apply as applying
from responder.approval.decide import ActionKind, ApprovalAction
from responder.approval.outmail import Mailer
from responder.approval.stats import DecidedDraft, recent, report
from responder.cli.base import ConfigOpt, load
from responder.protocols import aware, utc_now
from responder.service.wiring import Loaded, hmac_key, identity, open_database
from responder.store.db import session
from responder.store.tables import AuditRow, DraftRow

drafts_app = typer.Typer(no_args_is_help=True, help="Parked replies waiting for a person.")


def parse_draft_id(value: str) -> int:
    """A draft number as `drafts list` prints it: `#D2`, `D2` or `2`."""
    digits = value.strip().lstrip("#").removeprefix("D").removeprefix("d")
    if not digits.isdigit():
        raise typer.BadParameter(f"{value!r} is not a draft number; use e.g. D2 (as `drafts list` shows)")
    return int(digits)


DraftId = Annotated[int, typer.Argument(parser=parse_draft_id, metavar="ID",
                                        help="The draft: #D2, D2 or 2")]


def _open(config: Path | None) -> tuple[Loaded, Engine]:
    """The config and a migrated database."""
    loaded = load(config)
    return loaded, open_database(loaded)


def _age(created: datetime, now: datetime) -> str:
    """How long a draft has waited, for people."""
    moment = aware(created)
    hours = (now - moment).total_seconds() / 3600
    return f"{hours:.0f}h" if hours < 48 else f"{hours / 24:.0f}d"


@drafts_app.command("list")
def list_drafts(config: ConfigOpt = None) -> None:
    """Parked and held drafts, most urgent first."""
    loaded, engine = _open(config)
    lang, now = loaded.cfg.store.owner_language, utc_now()
    with Session(engine) as s:
        rows = s.exec(select(DraftRow).where(col(DraftRow.state).in_(applying.WAITING))
                      .order_by(col(DraftRow.priority), col(DraftRow.created_at))).all()
    for d in rows:
        first = next((line for line in d.text.splitlines() if line.strip()), "")[:60]
        typer.echo(f"#D{d.id:<5} P{d.priority} {d.state:<6} {_age(d.created_at, now):>4} "
                   f"{d.customer_email:<30} {d.intent:<24} {first}")
    if not rows:
        typer.echo(ol.lines(lang, ol.text(lang, "drafts.none")))


@drafts_app.command()
def show(draft_id: DraftId, config: ConfigOpt = None) -> None:
    """Everything about one draft: customer, reasons, facts and the reply text."""
    loaded, engine = _open(config)
    lang = loaded.cfg.store.owner_language
    with Session(engine) as s:
        d = _get(s, draft_id)
    lines = [ol.text(lang, "drafts.head", tag=f"#D{d.id}", state=d.state, priority=d.priority,
                     group=d.approver_group, created=d.created_at.isoformat()),
             ol.text(lang, "drafts.customer", customer=d.customer_email),
             ol.text(lang, "drafts.subject", subject=d.subject),
             ol.text(lang, "drafts.intent", intent=ol.name(lang, d.intent) if lang != "en"
                     else d.intent, language=d.language, template=d.template),
             *(f"  - {reason}" for reason in json.loads(d.reasons_json or "[]")),
             ol.text(lang, "drafts.facts", facts=d.facts_json)]
    if d.decided_by:
        lines.append(ol.text(lang, "drafts.decided", who=d.decided_by, result=d.result, note=d.note))
    typer.echo(ol.lines(lang, "\n".join([*lines, ol.text(lang, "drafts.reply")])))
    typer.echo(f"{d.text}\n{ol.lines(lang, ol.text(lang, 'drafts.end'))}")


def _get(s: Session, draft_id: int) -> DraftRow:
    """The draft or exit 1 with a message."""
    d = s.get(DraftRow, draft_id)
    if d is None:
        typer.secho(f"no draft #D{draft_id}", fg="red", err=True)
        raise typer.Exit(1)
    return d


def _decide(config: Path | None, draft_id: int, action: ApprovalAction) -> None:
    """Check and apply an operator's action in one transaction, with its audit row."""
    loaded, engine = _open(config)
    key = hmac_key()
    me = identity(loaded.cfg, key)
    operator = f"cli:{getpass.getuser()}"
    with session(engine) as s:
        d = _get(s, draft_id)
        problem = applying.check(action, d)
        if problem:
            typer.secho(f"#D{draft_id}: {problem}", fg="red", err=True)
            raise typer.Exit(1)
        mailer = Mailer(loaded.cfg.for_approval(), key, me.loop_token, utc_now())
        applying.apply(s, mailer, action, d, by=operator)
        s.add(AuditRow(inbound_id=d.inbound_id, stage="approval", action=action.kind.value,
                       detail_json=json.dumps({"approver": operator, "method": "cli",
                                               "reason": action.reason, "draft_id": draft_id,
                                               "draft_sha256": d.content_sha256})))
    lang = loaded.cfg.store.owner_language
    typer.echo(ol.lines(lang, ol.text(lang, "drafts.done", tag=f"#D{draft_id}",
                                      action=ol.text(lang, f"act.{action.kind.value}"))))


@drafts_app.command()
def approve(draft_id: DraftId, config: ConfigOpt = None) -> None:
    """Send the draft as it is (queued; the daemon sends it)."""
    _decide(config, draft_id, ApprovalAction(ActionKind.SEND, "send", draft_id=draft_id))


@drafts_app.command()
def reject(draft_id: DraftId, config: ConfigOpt = None,
           reason: Annotated[str, typer.Option(help="Why, for the record")] = "") -> None:
    """Send nothing; the draft is closed as rejected."""
    why = f"reject: {reason}" if reason else "reject"
    _decide(config, draft_id, ApprovalAction(ActionKind.REJECT, why, draft_id=draft_id))


@drafts_app.command()
def edit(draft_id: DraftId, config: ConfigOpt = None,
         text: Annotated[str | None, typer.Option(help="The new reply; omit to open $EDITOR")] = None,
         ) -> None:
    """Send your own reply instead of the draft (checked for markup and language first)."""
    if text is None:
        _, engine = _open(config)
        with Session(engine) as s:
            text = _editor(_get(s, draft_id).text)
    action = ApprovalAction(ActionKind.SEND_EDITED, "send_edited", draft_id=draft_id,
                            edited_text=text.strip())
    _decide(config, draft_id, action)


@drafts_app.command()
def stats(config: ConfigOpt = None,
          days: Annotated[int, typer.Option(help="Look back this many days")] = 90) -> None:
    """How drafts were answered per intent, and which intents could be sent automatically."""
    loaded, engine = _open(config)
    with Session(engine) as s:
        rows = s.exec(select(DraftRow).where(col(DraftRow.decided_at).is_not(None))).all()
    decided = [DecidedDraft(d.intent or "other", d.result, aware(d.decided_at)) for d in rows
               if d.decided_at is not None]
    for line in report(recent(decided, utc_now(), days), loaded.cfg.approval.auto_send_suggestion_after):
        typer.echo(line)


def _editor(text: str) -> str:
    """The text after the operator edited it in $EDITOR (vi when unset)."""
    with tempfile.NamedTemporaryFile("w+", suffix=".txt", encoding="utf-8", delete=False) as f:
        f.write(text)
    try:
        command = [*shlex.split(os.environ.get("EDITOR") or "vi"), f.name]
        subprocess.run(command, check=True)  # noqa: S603  (the operator's own editor)
        return Path(f.name).read_text(encoding="utf-8")
    finally:
        Path(f.name).unlink(missing_ok=True)

