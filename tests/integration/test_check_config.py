"""`responder check-config` logs in to the real servers and says what is wrong."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from responder.devmail import Dovecot, SmtpSink

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
