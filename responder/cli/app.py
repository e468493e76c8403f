"""The command line: `responder run | check-config | replay | report | demo | orders | triage`."""

from __future__ import annotations

import asyncio
import logging
import sys
from pathlib import Path
from typing import Annotated

import typer

from responder.cli.base import ConfigOpt, OneLineErrors, load
from responder.cli.drafts import drafts_app
from responder.errors import ConfigError, ResponderError
from responder.service.wiring import open_database

app = typer.Typer(no_args_is_help=True, add_completion=False, pretty_exceptions_enable=False,
                  cls=OneLineErrors, rich_markup_mode=None,  # errors as plain `Error: ...` lines
                  help="Answers your store's support mailbox. Start with `responder demo`.")
orders_app = typer.Typer(no_args_is_help=True, help="Order data: import a CSV export.")
triage_app = typer.Typer(no_args_is_help=True, help="The classifier that reads customer mail.")
app.add_typer(orders_app, name="orders")
app.add_typer(triage_app, name="triage")
app.add_typer(drafts_app, name="drafts")



class LogLines(logging.Formatter):
    """`LEVEL logger: message`, except the one disposition line per email, which starts with
    its Message-ID so `journalctl -u responder | grep '<id>'` finds it at the start of a line."""

    def format(self, record: logging.LogRecord) -> str:
        """The line for one record."""
        if record.name == DISPOSITION and record.levelno == logging.INFO:
            return record.getMessage()
        return super().format(record)


DISPOSITION = "responder.disposition"


def setup_logging(verbose: bool = False) -> None:
    """Plain lines on stderr: journald adds the time and the unit."""
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(LogLines("%(levelname)s %(name)s: %(message)s"))
    logging.basicConfig(level=logging.DEBUG if verbose else logging.INFO, handlers=[handler], force=True)
    for noisy in ("mail.log", "imapclient", "alembic", "mail-parser", "mailparser", "httpx", "openai"):
        logging.getLogger(noisy).setLevel(logging.WARNING)


@app.command()
def run(config: Annotated[list[Path] | None, typer.Option(
            "--config", "-c", show_default=False,
            help="config.toml; repeat it to serve several stores in one process "
                 "(default: /etc/responder/config.toml if it exists, else ./config.toml).")] = None,
        verbose: Annotated[bool, typer.Option("--verbose", "-v")] = False) -> None:
    """Run the responder (what the systemd service starts). Stop it with Ctrl-C or SIGTERM."""
    setup_logging(verbose)
    from responder.service.daemon import run as run_daemon

    try:
        run_daemon([load(path) for path in config] if config else [load(None)])
    except ResponderError as exc:
        typer.secho(f"responder stopped: {exc}", fg="red", err=True)
        raise typer.Exit(2 if isinstance(exc, ConfigError) else 1) from exc


@app.command("check-config")
def check_config(config: ConfigOpt = None) -> None:
    """Check config.toml, render every template, and log in to IMAP and SMTP.

    Example: responder check-config --config /etc/responder/config.toml
    """
    setup_logging()
    from responder.cli.checks import advice, check_all

    loaded = load(config)
    problems = asyncio.run(check_all(loaded))
    for line in problems:
        typer.secho(f"✗ {line}", fg="red", err=True)
    for line in advice(loaded.cfg):
        typer.secho(f"! {line}", fg="yellow", err=True)
    if problems:
        raise typer.Exit(1)
    typer.secho("✓ config, templates, IMAP and SMTP all work", fg="green")


@app.command()
def replay(paths: Annotated[list[Path], typer.Argument(help=".eml files, mbox files or Maildir folders")],
           config: ConfigOpt = None,
           fmt: Annotated[str, typer.Option("--format", help="jsonl or table; with --summary: table or json")
                                 ] = "",
           orders: Annotated[Path | None, typer.Option(help="Order CSV to look orders up in")] = None,
           summary: Annotated[bool, typer.Option("--summary", help="Figures instead of one line per email "
                                                                    "(--format table or json)")] = False,
           ) -> None:
    """Show what the responder would do with saved mail. Sends nothing, changes nothing.

    Example: responder replay --config config.toml ~/exports/support.mbox
    """
    setup_logging()
    logging.getLogger().setLevel(logging.WARNING)
    from responder.cli.replay_command import check_replay_args, run_replay

    check_replay_args(paths, fmt, summary)
    if summary:
        from responder.cli.replay_command import run_summary

        run_summary(load(config), paths, fmt or "table", orders)
        return
    chosen = fmt or ("table" if sys.stdout.isatty() else "jsonl")
    run_replay(load(config), paths, chosen, orders)


@app.command()
def report(since: Annotated[str, typer.Option(help="Period: 30d, 8w, 12h or a date (2024-05-01)")] = "30d",
           config: ConfigOpt = None,
           fmt: Annotated[str, typer.Option("--format", help="text, csv or html")] = "text",
           out: Annotated[Path | None, typer.Option("--out", help="Write to this file")] = None) -> None:
    """The complaint log: volume, intents, products, reasons, response and approval times.

    Example: responder report --since 30d --format html --out report.html
    """
    from responder.protocols import utc_now
    from responder.report import Voice, parse_since, produce

    if fmt not in ("text", "csv", "html"):
        raise typer.BadParameter("use text, csv or html", param_hint="--format")
    loaded, now = load(config), utc_now()
    engine = open_database(loaded)
    try:
        start = parse_since(since, now)
    except ValueError as exc:
        raise typer.BadParameter("use e.g. 30d, 8w or 2024-05-01", param_hint="--since") from exc
    if out is not None and not out.parent.is_dir():
        raise typer.BadParameter(f"folder {out.parent} does not exist", param_hint="--out")
    store = loaded.cfg.store
    voice = Voice(store.owner_language, store.owner_calendar)
    body = produce(engine, start, now, fmt, store.name, voice)
    if out is None:
        sys.stdout.write(body)
    else:
        out.write_text(body, encoding="utf-8")
        typer.echo(f"report written to {out}", err=True)


@app.command()
def demo(seconds: Annotated[float, typer.Option(help="How long to let it run")] = 20.0) -> None:
    """Start local mail servers, load sample mail and orders, and watch the responder answer."""
    setup_logging()
    logging.getLogger("responder").setLevel(logging.WARNING)
    try:
        from responder.dev.demo import run_demo
    except ModuleNotFoundError as exc:  # aiosmtpd is an extra: the service never needs it
        raise ConfigError(f"the demo needs {exc.name}: pip install 'responder[demo]' "
                          "(./scripts/demo.sh installs it)") from exc
    run_demo(seconds)


@orders_app.command("import")
def orders_import(csv_file: Annotated[Path, typer.Argument(help="Our CSV format or a Shopify orders export")],
                  config: ConfigOpt = None) -> None:
    """Load orders from a CSV file into the database of the config's service.

    Without --config this is the installed service's database (/etc/responder/config.toml,
    run it with sudo) or, in a checkout, ./config.toml's. Rejected rows are listed with
    their line; the exit code is 1 when any row was rejected or the file could not be read.

    Example: sudo responder orders import ~/Downloads/orders_export.csv
    """
    from responder.orders.csvimport import import_csv

    report = import_csv(csv_file, open_database(load(config)))
    if report.format != "unknown":  # else nothing was read: the error alone says why
        typer.echo(f"{csv_file}: {report.summary()}")
    for error in report.errors:
        typer.secho(f"  {error}", fg="red", err=True)
    if report.errors:
        raise typer.Exit(1)


@triage_app.command("train")
def triage_train(config: ConfigOpt = None) -> None:
    """Retrain the classifier with your own labelled examples (triage.examples in config)."""
    from responder.triage.training import train

    path = train(load(config).cfg.triage)
    typer.echo(f"trained model written to {path}")


def main() -> None:
    """Entry point for `python -m responder`."""
    app()
