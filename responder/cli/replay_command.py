"""Output of `responder replay`: JSON lines, a readable table, or a summary (`--summary`)."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import typer
from sqlalchemy.engine import Engine

from responder.cli.replay import MemoryHistory, iter_messages, replay_one, to_record
from responder.cli.replay_summary import ReplaySummary
from responder.protocols import utc_now
from responder.service.wiring import Loaded, build_stages, hmac_key, identity
from responder.store.db import migrate, open_engine

FORMATS = ("jsonl", "table")
SUMMARY_FORMATS = ("table", "json")


def check_replay_args(paths: list[Path], fmt: str, summary: bool) -> None:
    """A missing path or an unknown --format is an error, never a silent empty run."""
    allowed = SUMMARY_FORMATS if summary else FORMATS
    if fmt and fmt not in allowed:
        raise typer.BadParameter(f"{fmt!r}: use {' or '.join(allowed)}", param_hint="--format")
    for path in paths:
        if not path.exists():
            raise typer.BadParameter(f"{path} does not exist", param_hint="PATHS")


def replay_engine(loaded: Loaded, orders_csv: Path | None) -> Engine:
    """Orders from --orders (a scratch database), else the configured database."""
    url = loaded.cfg.database.url
    if orders_csv is not None or not url.startswith("sqlite:///"):
        url = "sqlite:///:memory:" if orders_csv is not None else url
    engine = open_engine(url, base_dir=loaded.data_dir)
    migrate(engine)
    if orders_csv is not None:
        from responder.orders.csvimport import import_csv

        import_csv(orders_csv, engine)
    return engine


def run_replay(loaded: Loaded, paths: list[Path], fmt: str, orders_csv: Path | None) -> None:
    """Replay every message under `paths` and print what would happen to each."""
    cfg = loaded.cfg
    history = MemoryHistory()
    stages = build_stages(loaded, replay_engine(loaded, orders_csv), history)
    me = identity(cfg, hmac_key(required=False))
    for label, raw in iter_messages(paths):
        outcome = replay_one(raw, stages, me, cfg.guards, now=utc_now(),
                             max_bytes=cfg.imap.max_message_bytes)
        history.remember(outcome)
        record = to_record(label, outcome)
        if fmt == "jsonl":
            sys.stdout.write(json.dumps(record, ensure_ascii=False, default=str) + "\n")
        else:
            _row(record)


def run_summary(loaded: Loaded, paths: list[Path], fmt: str, orders_csv: Path | None) -> ReplaySummary:
    """Replay everything with a progress bar on stderr, then print the summary (table or json)."""
    cfg = loaded.cfg
    history, summary = MemoryHistory(), ReplaySummary()
    stages = build_stages(loaded, replay_engine(loaded, orders_csv), history)
    me = identity(cfg, hmac_key(required=False))
    messages = list(iter_messages(paths))
    with typer.progressbar(messages, label="replaying", file=sys.stderr) as bar:
        for _label, raw in bar:
            outcome = replay_one(raw, stages, me, cfg.guards, now=utc_now(),
                                 max_bytes=cfg.imap.max_message_bytes)
            history.remember(outcome)
            summary.add(outcome, cfg.llm)
    text = json.dumps(summary.as_dict(), ensure_ascii=False, indent=2) + "\n" if fmt == "json" \
        else summary.table()
    sys.stdout.write(text)
    return summary


def _row(r: dict[str, object]) -> None:
    color = {"send": "green", "park": "yellow", "skip": "blue", "shunt": "red"}.get(str(r["action"]), "white")
    typer.secho(f"{r['action']:<5} {r['intent'] or '-':<28} {r['language'] or '-':<3} "
                f"{str(r['from'] or '-')[:30]:<30} {str(r['subject'] or '')[:50]}", fg=color)
    reasons = r.get("reasons") or []
    if isinstance(reasons, list) and reasons:
        typer.echo(f"      why: {reasons[0]}")
