"""SIGHUP: every config-dependent part takes the new settings together, or none does."""

from __future__ import annotations

from pathlib import Path

import pytest

from responder import config as config_mod
from responder.service.daemon import Daemon
from responder.service.wiring import Loaded


def _write(path: Path, reminder_hours: int, max_attempts: int, stall_minutes: int,
           extra: str = "") -> None:
    path.write_text(
        f'[store]\nsupport_address = "support@shop.example"\n'
        f'[database]\nurl = "sqlite:///{path.parent / "r.db"}"\n'
        f"[approval]\nreminder_hours = {reminder_hours}\n"
        f"[smtp]\nmax_attempts = {max_attempts}\n"
        f"[health]\nstall_minutes = {stall_minutes}\n{extra}", encoding="utf-8")


@pytest.fixture
def daemon(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Daemon:
    """A daemon built from a config file (nothing connects until it runs)."""
    monkeypatch.setenv("RESPONDER_IMAP_PASSWORD", "x")
    monkeypatch.setenv("RESPONDER_HMAC_KEY", "k" * 32)
    path = tmp_path / "config.toml"
    _write(path, 4, 6, 30)
    return Daemon.build(Loaded(config_mod.load(path), path))


def _settings(d: Daemon) -> tuple[float, int, int, int, int]:
    parts = d.parts
    return (parts.configured.approval.cfg.approval.reminder_hours, parts.outbox.cfg.smtp.max_attempts,
            parts.health.cfg.stall_minutes, d.processor.cfg.smtp.max_attempts,
            len(d.processor.listeners))


def test_reload_replaces_approval_outbox_health_and_processor_settings(daemon: Daemon) -> None:
    """After a good reload each part reads the new values (before: approval, outbox, health kept the old)."""
    assert _settings(daemon) == (4, 6, 30, 6, 2)
    old_flow = daemon.parts.configured.approval
    _write(daemon.loaded.path, 8, 3, 45)
    daemon.reload()
    assert _settings(daemon) == (8, 3, 45, 3, 2)
    assert daemon.parts.configured.approval is not old_flow
    assert daemon.processor.listeners[1] == daemon.parts.configured.approval.on_outcome


def test_broken_reload_changes_nothing(daemon: Daemon) -> None:
    """A config that does not validate is rejected whole: every part keeps the previous settings."""
    before = _settings(daemon)
    _write(daemon.loaded.path, 8, 3, 45, extra="[imap]\nidle_renew_secondz = 5\n")
    daemon.reload()
    assert _settings(daemon) == before
