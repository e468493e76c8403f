"""The README's service path: scripts/install-service.sh, then the service as systemd starts it.

The script runs for real (venv, pip, files) under a RESPONDER_ROOT in a temporary folder,
never in /etc or /opt. The service then runs from that install with what the unit gives it:
STATE_DIRECTORY, a CREDENTIALS_DIRECTORY holding `responder_<file>` as
`LoadCredential=responder:/etc/responder/credentials` names them, a read-only config folder,
no secrets in the environment, against the real Dovecot and SMTP sink.
"""

from __future__ import annotations

import os
import shutil
import signal
import sqlite3
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from responder.dev.devmail import Dovecot, SmtpSink

from .conftest import OWNER, PASSWORD, REPO, SUPPORT, wait_for
from .mails import customer_mail

pytestmark = pytest.mark.integration
SCRIPT = REPO / "scripts" / "install-service.sh"
ORDERS = REPO / "tests" / "data" / "orders" / "orders.csv"


def install(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """Run the install script under `root`."""
    env = {**os.environ, "RESPONDER_ROOT": str(root)}
    return subprocess.run([str(SCRIPT), *args], capture_output=True, text=True, env=env,
                          timeout=600, check=False)


@pytest.fixture(scope="module")
def root(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """One installation for the module (pip takes half a minute)."""
    where = tmp_path_factory.mktemp("root")
    result = install(where)
    assert result.returncode == 0, result.stdout + result.stderr
    yield where
    (where / "etc" / "responder").chmod(0o755)


def service_env(root: Path, runtime: Path) -> dict[str, str]:
    """What the unit gives the process: state and credentials folders, no secret variables."""
    creds = runtime / "credentials"
    creds.mkdir(parents=True, exist_ok=True)
    for secret in (root / "etc" / "responder" / "credentials").iterdir():
        shutil.copy(secret, creds / f"responder_{secret.name}")  # LoadCredential=responder:<dir>
    return {"PATH": os.environ["PATH"], "HOME": str(runtime), "LANG": "C.UTF-8",
            "STATE_DIRECTORY": str(root / "var" / "lib" / "responder"),
            "CREDENTIALS_DIRECTORY": str(creds), "PYTHONUNBUFFERED": "1"}


def configure(root: Path, dovecot: Dovecot, sink: SmtpSink) -> Path:
    """Edit the installed config.toml as the README's step 1 says, and write the secrets."""
    config = root / "etc" / "responder" / "config.toml"
    text = config.read_text(encoding="utf-8")
    for old, new in (('name = ""', 'name = "Test Shop"'), ("port = 993", f"port = {dovecot.port}"),
                     ('security = "ssl"', 'security = "none"'), ("port = 587", f"port = {sink.port}"),
                     ('security = "starttls"', 'security = "none"'),
                     ("append_to_sent = true", "append_to_sent = false"),
                     ('envelope_from = ""', 'envelope_from = "bounces@shop.example"'),
                     ("approvers = []", f'approvers = ["{OWNER}"]')):
        assert old in text, old
        text = text.replace(old, new, 1)
    config.write_text(text, encoding="utf-8")
    creds = root / "etc" / "responder" / "credentials"
    (creds / "imap_password").write_text(PASSWORD + "\n")
    (creds / "hmac_key").write_text("install-test-hmac-key-0123456789abcdef\n")
    return config


def test_install_builds_the_documented_layout(root: Path) -> None:
    """Folders with their modes, a config whose database is in the state folder, units, a working venv."""
    etc, state = root / "etc" / "responder", root / "var" / "lib" / "responder"
    assert (etc / "credentials").stat().st_mode & 0o777 == 0o700
    assert f'url = "sqlite:///{state}/responder.db"' in (etc / "config.toml").read_text()
    assert (state / "responder.db").is_file()
    unit = (root / "etc" / "systemd" / "system" / "responder.service").read_text()
    assert "LoadCredential=responder:/etc/responder/credentials" in unit
    assert "ExecStart=/opt/responder/.venv/bin/responder run" in unit
    binary = root / "usr" / "local" / "bin" / "responder"
    assert subprocess.run([str(binary), "--help"], capture_output=True, check=False).returncode == 0
    assert (root / "opt" / "responder" / "templates" / "en" / "wismo_shipped.txt.j2").is_file()


def test_service_runs_from_the_install_with_a_read_only_config_folder(
        root: Path, tmp_path: Path, dovecot: Dovecot, sink: SmtpSink) -> None:
    """README steps 1-5: orders import without --config fills the service's database; the
    service started as the unit starts it answers a customer and writes only under its state folder."""
    configure(root, dovecot, sink)
    binary = str(root / "opt" / "responder" / ".venv" / "bin" / "responder")
    admin = {**os.environ, "RESPONDER_ROOT": str(root)}  # `sudo responder ...` on that machine
    for var in ("RESPONDER_IMAP_PASSWORD", "RESPONDER_HMAC_KEY", "CREDENTIALS_DIRECTORY"):
        admin.pop(var, None)
    imported = subprocess.run([binary, "orders", "import", str(ORDERS)], cwd=tmp_path, env=admin,
                              capture_output=True, text=True, timeout=120, check=False)
    assert imported.returncode == 0, imported.stderr
    checked = subprocess.run([binary, "check-config"], cwd=tmp_path, env=admin,
                             capture_output=True, text=True, timeout=120, check=False)
    assert checked.returncode == 0, checked.stderr
    etc = root / "etc" / "responder"
    before = sorted(p.name for p in etc.rglob("*"))
    etc.chmod(0o555)
    state = root / "var" / "lib" / "responder"
    with (tmp_path / "service.log").open("wb") as log:  # the child keeps its own descriptor
        proc = subprocess.Popen([binary, "run", "--config", str(etc / "config.toml")],
                                cwd=state, env=service_env(root, tmp_path / "run"), stdout=log,
                                stderr=subprocess.STDOUT)
    try:
        dovecot.append(SUPPORT, customer_mail(1))
        wait_for(lambda: any(m.rcpt_tos == ["alice@example.com"] for m in sink.messages), timeout=90,
                 what=f"the reply; log: {(tmp_path / 'service.log').read_text(errors='replace')}")
    finally:
        proc.send_signal(signal.SIGTERM)
        proc.wait(timeout=60)
        etc.chmod(0o755)
    reply = next(m for m in sink.messages if m.rcpt_tos == ["alice@example.com"])
    assert b"1001" in reply.raw
    assert sorted(p.name for p in etc.rglob("*")) == before  # nothing written beside the config
    with sqlite3.connect(state / "responder.db") as db:
        assert db.execute("SELECT count(*) FROM inbound").fetchone()[0] == 1
    lines = (tmp_path / "service.log").read_text(errors="replace").splitlines()
    assert any(line.startswith("<m1.alice@example.com> send") for line in lines), lines


def test_running_the_script_again_upgrades_and_keeps_settings(root: Path) -> None:
    """A second run (the upgrade path) keeps config.toml, the secrets and the database."""
    config = root / "etc" / "responder" / "config.toml"
    config.write_text(config.read_text() + "\n# owner's note\n")
    secret = root / "etc" / "responder" / "credentials" / "shopify_token"
    secret.write_text("kept\n")
    database = root / "var" / "lib" / "responder" / "responder.db"
    size = database.stat().st_size
    result = install(root, "--upgrade")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "exists: kept as it is" in result.stdout
    assert config.read_text().endswith("# owner's note\n")
    assert secret.read_text() == "kept\n"
    assert database.stat().st_size == size
