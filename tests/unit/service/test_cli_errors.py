"""Operator commands on a real SQLite file: every failure is one clear line and a non-zero exit."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
from sqlmodel import Session, select
from typer.testing import CliRunner, Result

from responder.cli.app import app
from responder.orders.tables import OrderRow
from responder.store.db import migrate, open_engine, session
from responder.store.tables import DraftRow, InboundRow

HEADER = "order_id,email,total"
MAIL = (b"From: Bob <bob@example.com>\r\nTo: support@shop.example\r\nSubject: Lost\r\n"
        b"Message-ID: <c1@example.com>\r\n\r\nWhere is it?\r\n")


def cli(*args: str) -> Result:
    """Run `responder ...` in this process, as a shell would."""
    return CliRunner().invoke(app, list(args))


def one_clear_line(result: Result) -> str:
    """The error output, checked to be short and free of a traceback."""
    assert "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    lines = [line for line in result.output.splitlines() if line.strip()]
    assert 1 <= len(lines) <= 6, result.output
    return result.output


def config(folder: Path, url: str = "", extra: str = "") -> Path:
    """A config.toml in `folder` whose database is `url` (default: a file beside it)."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "config.toml"
    url = url or f"sqlite:///{folder / 'r.db'}"
    path.write_text(f'[database]\nurl = "{url}"\n{extra}')
    return path


def orders_in(db: Path) -> list[str]:
    """Order ids stored in that database file."""
    engine = open_engine(f"sqlite:///{db}")
    migrate(engine)
    with Session(engine) as s:
        ids = [row.order_id for row in s.exec(select(OrderRow)).all()]
    engine.dispose()
    return ids


@pytest.fixture(autouse=True)
def _no_installed_service(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """No test here reads this machine's /etc, its secrets or its systemd state folder."""
    monkeypatch.setenv("RESPONDER_ROOT", str(tmp_path / "no-root"))
    for var in ("STATE_DIRECTORY", "CREDENTIALS_DIRECTORY", "RESPONDER_HMAC_KEY"):
        monkeypatch.delenv(var, raising=False)


def test_orders_import_prints_each_rejected_row_and_exits_1(tmp_path: Path) -> None:
    """A bad total is printed with its line; the good rows are stored; the exit code is 1."""
    csv = tmp_path / "orders.csv"
    csv.write_text(f"{HEADER}\n1001,a@example.com,12.50\n1002,b@example.com,\"38,00\"\n")
    cfg = config(tmp_path / "shop")
    result = cli("orders", "import", str(csv), "--config", str(cfg))
    assert result.exit_code == 1
    assert "line 3: total '38,00' is not a number" in result.output
    assert "responder file: 1 created, 0 updated, 0 unchanged, 1 skipped, 1 errors" in result.output
    assert '"' not in result.output.splitlines()[0]  # no JSON quotes around the summary
    assert orders_in(tmp_path / "shop" / "r.db") == ["1001"]


@pytest.mark.parametrize(("content", "message"), [
    (b"order_id,total\n1001,12.50\n", "line 1: required column 'email' is missing"),
    (b"order_id,email,total\n1001,caf\xe9@example.com,12.50\n", "line 2: byte 0xe9 is not UTF-8"),
])
def test_orders_import_reports_unreadable_files(tmp_path: Path, content: bytes, message: str) -> None:
    """A missing column or bytes that are not UTF-8 are printed with their line; exit 1."""
    csv = tmp_path / "orders.csv"
    csv.write_bytes(content)
    result = cli("orders", "import", str(csv), "--config", str(config(tmp_path / "shop")))
    assert result.exit_code == 1
    assert message in one_clear_line(result)


def test_orders_import_of_a_missing_file_exits_1(tmp_path: Path) -> None:
    """A file that is not there is an error, not an empty success."""
    result = cli("orders", "import", str(tmp_path / "nope.csv"), "--config", str(config(tmp_path)))
    assert result.exit_code == 1
    assert "nope.csv: cannot read the file: No such file or directory" in one_clear_line(result)


def test_commands_without_config_use_the_service_config(tmp_path: Path,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    """With /etc/responder/config.toml installed, `orders import` fills its database, not ./config.toml's."""
    root = tmp_path / "root"
    monkeypatch.setenv("RESPONDER_ROOT", str(root))
    config(root / "etc" / "responder", url=f"sqlite:///{root / 'var' / 'service.db'}")
    monkeypatch.chdir(tmp_path)
    config(tmp_path, url=f"sqlite:///{tmp_path / 'checkout.db'}")  # a checkout's config in cwd
    csv = tmp_path / "orders.csv"
    csv.write_text(f"{HEADER}\n1001,a@example.com,12.50\n")
    assert cli("orders", "import", str(csv)).exit_code == 0
    assert orders_in(root / "var" / "service.db") == ["1001"]
    assert not (tmp_path / "checkout.db").exists()


def test_relative_sqlite_path_lives_in_the_state_directory(tmp_path: Path,
                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    """Under systemd (STATE_DIRECTORY set) the default relative database path is not beside the config."""
    etc, state = tmp_path / "etc", tmp_path / "state"
    cfg = config(etc, url="sqlite:///var/responder.db")
    state.mkdir()
    monkeypatch.setenv("STATE_DIRECTORY", str(state))
    csv = tmp_path / "orders.csv"
    csv.write_text(f"{HEADER}\n1001,a@example.com,12.50\n")
    assert cli("orders", "import", str(csv), "--config", str(cfg)).exit_code == 0
    assert orders_in(state / "var" / "responder.db") == ["1001"]
    assert sorted(p.name for p in etc.iterdir()) == ["config.toml"]


@pytest.fixture
def parked(tmp_path: Path) -> Path:
    """A config whose database holds one parked draft, #D1."""
    cfg = config(tmp_path / "shop")
    engine = open_engine(f"sqlite:///{tmp_path / 'shop' / 'r.db'}")
    migrate(engine)
    with session(engine) as s:
        row = InboundRow(mailbox="INBOX", uidvalidity=1, uid=1, raw=MAIL, sha256="x",
                         message_id="<c1@example.com>")
        s.add(row)
        s.flush()
        s.add(DraftRow(inbound_id=row.id or 0, customer_email="bob@example.com", text="Hi Bob\n",
                       subject="Lost", intent="delivered_not_received",
                       content_sha256=hashlib.sha256(b"Hi Bob\n").hexdigest()))
    engine.dispose()
    return cfg


@pytest.mark.parametrize("draft", ["#D1", "D1", "d1", "1"])
def test_drafts_show_takes_the_id_as_list_prints_it(parked: Path, draft: str) -> None:
    """`drafts list` prints #D1; `show` accepts #D1, D1 and 1."""
    assert "#D1" in cli("drafts", "list", "--config", str(parked)).output
    result = cli("drafts", "show", draft, "--config", str(parked))
    assert result.exit_code == 0, result.output
    assert "Hi Bob" in result.output


def test_drafts_show_refuses_what_is_no_draft_number(parked: Path) -> None:
    """A word that is no draft number is a usage error naming the expected form."""
    result = cli("drafts", "show", "X1", "--config", str(parked))
    assert result.exit_code == 2
    assert "use e.g. D2" in result.output


def test_drafts_approve_without_the_hmac_secret_is_one_line(parked: Path) -> None:
    """No hmac_key: one line saying where to put it, exit 2, no traceback, nothing queued."""
    result = cli("drafts", "approve", "D1", "--config", str(parked))
    assert result.exit_code == 2
    assert "secret 'hmac_key' is missing" in one_clear_line(result)


def test_report_into_a_missing_folder_is_one_line(parked: Path, tmp_path: Path) -> None:
    """`report --out` into a folder that does not exist says so; no traceback."""
    result = cli("report", "--config", str(parked), "--out", str(tmp_path / "no" / "r.html"))
    assert result.exit_code == 2
    assert "does not exist" in one_clear_line(result)


def test_file_system_errors_are_one_line(parked: Path, tmp_path: Path) -> None:
    """An OSError (here: --out is a folder) ends as `responder: <file>: <reason>`, exit 1."""
    result = cli("report", "--config", str(parked), "--out", str(tmp_path))
    assert result.exit_code == 1
    assert f"responder: {tmp_path}: Is a directory" in one_clear_line(result)


@pytest.mark.parametrize(("args", "message"), [
    (["/nope.eml"], "/nope.eml does not exist"),
    (["--format", "xml", "X"], "'xml': use jsonl or table"),
    (["--summary", "--format", "jsonl", "X"], "'jsonl': use table or json"),
])
def test_replay_refuses_missing_paths_and_unknown_formats(parked: Path, args: list[str],
                                                          message: str) -> None:
    """`replay` with a path that is not there or an unknown format exits 2 instead of printing nothing."""
    args = [str(parked) if a == "X" else a for a in args]
    result = cli("replay", "--config", str(parked), *args)
    assert result.exit_code == 2
    assert message in result.output


def test_database_that_cannot_be_opened_is_one_line(tmp_path: Path) -> None:
    """A database path that cannot be opened ends as one line naming database.url, exit 2, no SQL dump."""
    (tmp_path / "db-is-a-folder").mkdir()
    cfg = config(tmp_path / "shop", url=f"sqlite:///{tmp_path / 'db-is-a-folder'}")
    result = cli("drafts", "list", "--config", str(cfg))
    assert result.exit_code == 2
    assert "database.url: cannot create" in one_clear_line(result)
