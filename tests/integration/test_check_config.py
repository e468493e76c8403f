"""`responder check-config` logs in to the real servers and says what is wrong."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from responder.dev.devmail import Dovecot, SmtpSink

from .conftest import env, write_config

pytestmark = pytest.mark.integration


def check(config: Path, **extra: str) -> subprocess.CompletedProcess[str]:
    """Run the real command."""
    return subprocess.run([sys.executable, "-m", "responder", "check-config", "--config", str(config)],
                          capture_output=True, text=True, env={**env(), **extra}, timeout=120, check=False)


def test_good_settings_pass(tmp_path: Path, dovecot: Dovecot, sink: SmtpSink) -> None:
    """With the right password, templates, IMAP and SMTP all check out."""
    result = check(write_config(tmp_path, dovecot, sink))
    assert result.returncode == 0, result.stderr
    assert "all work" in result.stdout


def test_wrong_password_is_reported(tmp_path: Path, dovecot: Dovecot, sink: SmtpSink) -> None:
    """A refused login names IMAP, the server and the user, and exits non-zero."""
    result = check(write_config(tmp_path, dovecot, sink), RESPONDER_IMAP_PASSWORD="wrong")
    assert result.returncode == 1
    assert f"IMAP (127.0.0.1:{dovecot.port}, user support@shop.example)" in result.stderr
    assert "refused" in result.stderr


def test_unknown_key_is_reported_with_file_and_key(tmp_path: Path, dovecot: Dovecot,
                                                   sink: SmtpSink) -> None:
    """A typo in config.toml stops with the file and the dotted key."""
    config = write_config(tmp_path, dovecot, sink, "[policy]\nreship_bellow = 80\n")
    result = check(config)
    assert result.returncode == 2
    assert f"{config}: policy.reship_bellow: unknown setting" in result.stderr


def run_once(config: Path, **extra: str) -> subprocess.CompletedProcess[str]:
    """Start the real `responder run`; a refused config makes it exit at once."""
    return subprocess.run([sys.executable, "-m", "responder", "run", "--config", str(config)],
                          capture_output=True, text=True, env={**env(), **extra}, timeout=120, check=False)


def _edit(config: Path, old: str, new: str) -> Path:
    text = config.read_text()
    assert old in text
    config.write_text(text.replace(old, new, 1))
    return config


@pytest.mark.parametrize(("case", "expected"), [
    ("short_hmac", "secret 'hmac_key' is too short"),
    ("smtp_login_without_password", "secret 'smtp_password' is missing"),
    ("approver_not_an_address", "approval.approvers: 'owner' is not an email address"),
    ("no_approvers", "approval.approvers is empty"),
    ("missing_override_dir", "templates.override_dir: folder /nonexistent/templates does not exist"),
])
def test_check_config_reports_what_run_refuses(tmp_path: Path, dovecot: Dovecot, sink: SmtpSink,
                                               case: str, expected: str) -> None:
    """One validation: the same sentence makes check-config fail and stops `run` before it starts."""
    missing_dir = '[templates]\noverride_dir = "/nonexistent/templates"\n'
    extra = missing_dir if case == "missing_override_dir" else ""
    config = write_config(tmp_path, dovecot, sink, extra)
    variables = {"RESPONDER_HMAC_KEY": "short-key"} if case == "short_hmac" else {}
    if case == "smtp_login_without_password":
        _edit(config, 'envelope_from = "bounces', 'username = "me@shop.example"\nenvelope_from = "bounces')
    if case in ("approver_not_an_address", "no_approvers"):
        _edit(config, 'approvers = ["owner@shop.example"]',
              'approvers = ["owner"]' if case == "approver_not_an_address" else "approvers = []")
    checked, ran = check(config, **variables), run_once(config, **variables)
    assert checked.returncode == 1 and expected in checked.stderr, checked.stderr
    assert ran.returncode == 2 and expected in ran.stderr, ran.stderr
    assert "Traceback" not in ran.stderr
