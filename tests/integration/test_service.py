"""The service around the pipeline: sd_notify, signals, the systemd unit, the HTML report."""

from __future__ import annotations

import shutil
import signal
import socket
import subprocess
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from responder.dev.devmail import Dovecot, Received, SmtpSink
from responder.report import produce
from responder.store.db import migrate, open_engine
from tests.unit.service.reportdb import NOW, SINCE, build_db

from .browser import screenshot
from .conftest import REPO, SUPPORT, DaemonProc, wait_for, write_config
from .mails import customer_mail

pytestmark = pytest.mark.integration
ARTIFACTS = REPO / "test-artifacts"


@pytest.fixture
def notify_socket(tmp_path: Path) -> Iterator[socket.socket]:
    """A unix datagram socket standing in for systemd's NOTIFY_SOCKET."""
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
    sock.bind(str(tmp_path / "notify.sock"))
    sock.settimeout(30)
    yield sock
    sock.close()


def _until(sock: socket.socket, word: str, seen: list[str]) -> None:
    while not any(word in m for m in seen):
        seen.append(sock.recv(4096).decode())


def test_sd_notify_ready_watchdog_stopping(
        tmp_path: Path, dovecot: Dovecot, sink: SmtpSink, notify_socket: socket.socket,
        start_daemon: Callable[..., DaemonProc]) -> None:
    """A real `responder run` sends READY (with MAINPID), then WATCHDOG, then STOPPING on SIGTERM."""
    daemon = start_daemon(write_config(tmp_path, dovecot, sink),
                          extra_env={"NOTIFY_SOCKET": str(tmp_path / "notify.sock")})
    seen: list[str] = []
    _until(notify_socket, "READY=1", seen)
    assert f"MAINPID={daemon.proc.pid}" in seen[-1]
    _until(notify_socket, "WATCHDOG=1", seen)
    assert daemon.stop() == 0
    _until(notify_socket, "STOPPING=1", seen)
    kinds = [m.split("\n")[0] for m in seen]
    assert kinds.index("READY=1") < kinds.index("WATCHDOG=1") < kinds.index("STOPPING=1")


def test_sigterm_during_a_send_loses_and_doubles_nothing(
        tmp_path: Path, dovecot: Dovecot, sink: SmtpSink,
        start_daemon: Callable[..., DaemonProc]) -> None:
    """SIGTERM while a slow SMTP server holds a send: exit 0, restart, each customer got one reply."""
    config = write_config(tmp_path, dovecot, sink)
    customers = [f"c{n}@example.com" for n in range(1, 5)]
    for n, who in enumerate(customers, start=1):
        dovecot.append(SUPPORT, customer_mail(n, sender=who, name=f"C{n}"))
    sink.delay = 1.5
    first = start_daemon(config)
    wait_for(lambda: len(sink.messages) >= 1, timeout=60, what="the first reply")
    assert first.stop() == 0  # the next send is in flight now
    assert "finishing the current email" in first.output()
    sink.delay = 0.0
    second = start_daemon(config)
    # up to the claim lease (30 s) plus one IDLE renewal (60 s): the stopped worker's claims expire
    wait_for(lambda: len(sink.messages) >= len(customers), timeout=150, what="every reply")
    assert second.stop() == 0
    assert sorted(m.rcpt_tos[0] for m in sink.messages) == customers
    assert len({m.message["Message-ID"] for m in sink.messages}) == len(customers)


BASE = (REPO / "templates" / "en" / "_base.txt.j2").read_text(encoding="utf-8")


def _mail(n: int) -> bytes:
    # a new subject each time, so rate caps on one conversation never park the reply
    return customer_mail(n, subject=f"Where is my order #1001? (asking again, {n})")


def _replies(sink: SmtpSink, n: int) -> list[Received]:
    return [m for m in sink.messages if m.message["In-Reply-To"] == f"<m{n}.alice@example.com>"]


def _replied(sink: SmtpSink, n: int) -> bool:
    return bool(_replies(sink, n))


def _reply_text(sink: SmtpSink, n: int) -> str:
    [msg] = _replies(sink, n)
    body = msg.message.get_body(("plain",))
    assert body is not None
    return str(body.get_content())


def test_sighup_keeps_old_templates_when_new_ones_break(
        tmp_path: Path, dovecot: Dovecot, sink: SmtpSink,
        start_daemon: Callable[..., DaemonProc]) -> None:
    """A broken override is rejected on SIGHUP and the old text goes out; a fixed one is used."""
    override = tmp_path / "my-templates" / "en"
    override.mkdir(parents=True)
    base = override / "_base.txt.j2"
    base.write_text(BASE.replace("Warm regards,", "Signed VERSION-ONE,"))
    config = write_config(tmp_path, dovecot, sink, f'[templates]\noverride_dir = "{override.parent}"\n')
    daemon = start_daemon(config)
    dovecot.append(SUPPORT, _mail(1))
    wait_for(lambda: _replied(sink, 1), what="the first reply")
    base.write_text(BASE.replace("{% block body %}{% endblock %}", "{% block body %}{% if %}"))
    daemon.proc.send_signal(signal.SIGHUP)
    wait_for(lambda: "reload rejected" in daemon.output(), what="the rejected reload")
    dovecot.append(SUPPORT, _mail(2))
    wait_for(lambda: _replied(sink, 2), what="the reply after the broken reload")
    base.write_text(BASE.replace("Warm regards,", "Signed VERSION-TWO,"))
    daemon.proc.send_signal(signal.SIGHUP)
    wait_for(lambda: "reloaded templates" in daemon.output(), what="the good reload")
    dovecot.append(SUPPORT, _mail(3))
    wait_for(lambda: _replied(sink, 3), what="the reply after the good reload")
    assert daemon.stop() == 0
    assert "VERSION-ONE" in _reply_text(sink, 1)
    assert "VERSION-ONE" in _reply_text(sink, 2)
    assert "VERSION-TWO" in _reply_text(sink, 3)


@pytest.mark.skipif(shutil.which("systemd-analyze") is None, reason="systemd-analyze not installed")
def test_systemd_unit_has_no_unknown_directives(tmp_path: Path) -> None:
    """`systemd-analyze verify` finds nothing wrong in the unit except the missing binary."""
    unit = (REPO / "systemd" / "responder.service").read_text(encoding="utf-8")
    start = next(line for line in unit.splitlines() if line.startswith("ExecStart="))
    copy = tmp_path / "responder.service"
    copy.write_text(unit.replace(start, "ExecStart=/bin/true"))
    result = subprocess.run(["systemd-analyze", "verify", "--man=no", str(copy)],
                            check=False, capture_output=True, text=True, timeout=60)
    problems = [line for line in (result.stdout + result.stderr).splitlines()
                if str(copy) in line or "Unknown" in line or "unknown" in line]
    assert problems == []


def test_html_report_renders_in_chromium(tmp_path: Path) -> None:
    """The HTML report opens in headless Chromium; the screenshot is kept as a test artefact."""
    engine = open_engine(f"sqlite:///{tmp_path / 'report.db'}")
    migrate(engine)
    build_db(engine)
    page = tmp_path / "report.html"
    page.write_text(produce(engine, SINCE, NOW, "html", "Test Shop"), encoding="utf-8")
    ARTIFACTS.mkdir(exist_ok=True)
    png = ARTIFACTS / "report.png"
    png.unlink(missing_ok=True)
    screenshot(page, png, tmp_path / "chromium-profile")
    data = png.read_bytes()
    assert data.startswith(b"\x89PNG") and len(data) > 20_000
