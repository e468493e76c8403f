"""Local mail servers for the demo, the tests and the benchmarks: a throwaway Dovecot on
loopback (Debian's dovecot-imapd, mail processes run as `nobody`) and an aiosmtpd sink.

Nothing here is used by the daemon in production.
"""

from __future__ import annotations

import asyncio
import os
import shutil
import signal
import socket
import subprocess
import tempfile
import threading
import time
from dataclasses import dataclass, field
from email import message_from_bytes, policy
from email.message import EmailMessage
from pathlib import Path
from typing import Any

from aiosmtpd.controller import Controller
from imapclient import IMAPClient

DOVECOT_CONF = """\
protocols = imap
shutdown_clients = yes
listen = 127.0.0.1
base_dir = {base}/run
state_dir = {base}/state
log_path = {base}/dovecot.log
info_log_path = {base}/dovecot.log
ssl = no
disable_plaintext_auth = no
auth_mechanisms = plain login
default_internal_user = nobody
default_internal_group = nogroup
default_login_user = nobody
mail_location = {mail_format}:{base}/mail/%u
mail_uid = nobody
mail_gid = nogroup
first_valid_uid = 0
protocol imap {{
  mail_max_userip_connections = 100
  imap_capability = {capability}
}}
service imap-login {{
  inet_listener imap {{
    address = 127.0.0.1
    port = {port}
  }}
  inet_listener imaps {{
    port = 0
  }}
}}
service anvil {{
  chroot =
}}
service imap-login {{
  chroot =
}}
passdb {{
  driver = passwd-file
  args = scheme=PLAIN username_format=%u {base}/users
}}
userdb {{
  driver = static
  args = uid=nobody gid=nogroup home={base}/home/%u
}}
"""


def free_port() -> int:
    """A TCP port on loopback that nobody listens on right now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def apt_install(package: str, what: str) -> None:
    """Install a Debian package for the demo or the tests (as root), or say how to."""
    if os.geteuid() != 0:
        raise RuntimeError(f"{what} is not installed: run `sudo apt-get install {package}`")
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    subprocess.run(["apt-get", "update", "-qq"], check=True, env=env)
    subprocess.run(["apt-get", "install", "-y", "-qq", package], check=True, env=env)


def ensure_dovecot() -> str:
    """Path of the dovecot binary, installing Debian's dovecot-imapd when missing (as root)."""
    found = shutil.which("dovecot") or ("/usr/sbin/dovecot" if Path("/usr/sbin/dovecot").exists() else None)
    if found:
        return found
    apt_install("dovecot-imapd", "Dovecot")
    return shutil.which("dovecot") or "/usr/sbin/dovecot"


@dataclass
class Dovecot:
    """A throwaway Dovecot with plain-text logins on 127.0.0.1."""

    users: dict[str, str]
    idle: bool = True
    mail_format: str = "maildir"
    """Dovecot's mailbox format; `mdbox` keeps a 100k-message INBOX cheap to sync."""
    base: Path = field(default_factory=lambda: Path(tempfile.mkdtemp(prefix="dovecot-")))
    port: int = 0
    _proc: subprocess.Popen[bytes] | None = None

    def start(self) -> Dovecot:
        """Write the config and start the server; returns when it accepts connections."""
        binary = ensure_dovecot()
        self.port = self.port or free_port()
        for sub in ("run", "state", "mail", "home"):
            (self.base / sub).mkdir(parents=True, exist_ok=True)
        self.base.chmod(0o755)
        caps = "IMAP4rev1 LITERAL+ SASL-IR LOGIN-REFERRALS ID ENABLE UIDPLUS MOVE" + (
            " IDLE" if self.idle else "")
        conf = self.base / "dovecot.conf"
        conf.write_text(DOVECOT_CONF.format(base=self.base, port=self.port, capability=caps,
                                             mail_format=self.mail_format))
        (self.base / "users").write_text("".join(f"{u}:{{PLAIN}}{p}\n" for u, p in self.users.items()))
        subprocess.run(["chown", "-R", "nobody:nogroup", str(self.base / "mail"),
                        str(self.base / "home")], check=False)
        self._proc = subprocess.Popen([binary, "-F", "-c", str(conf)], start_new_session=True,
                                      stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        _wait_port(self.port)
        return self

    def stop(self) -> None:
        """Stop the server (mail stays on disk, so `start()` brings the same mailbox back)."""
        if self._proc is not None:
            # The whole process group: open IMAP sessions die too, as in a real server restart.
            os.killpg(self._proc.pid, signal.SIGTERM)
            try:
                self._proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                os.killpg(self._proc.pid, signal.SIGKILL)
                self._proc.wait()
            self._proc = None
            time.sleep(0.2)

    def client(self, user: str) -> IMAPClient:
        """A logged-in IMAPClient for `user` (for tests that append or inspect mail)."""
        c = IMAPClient("127.0.0.1", port=self.port, ssl=False, timeout=30)
        c.login(user, self.users[user])
        return c

    def append(self, user: str, raw: bytes, folder: str = "INBOX", flags: tuple[bytes, ...] = ()) -> None:
        """Deliver a message into a folder, as an MTA would."""
        with self.client(user) as c:
            if not c.folder_exists(folder):
                c.create_folder(folder)
            c.append(folder, raw, flags=flags)

    def cleanup(self) -> None:
        """Stop and delete everything."""
        self.stop()
        shutil.rmtree(self.base, ignore_errors=True)


def _wait_port(port: int, timeout: float = 20) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.05)
    raise RuntimeError(f"server on port {port} did not start")


@dataclass
class Received:
    """One message the sink accepted."""

    mail_from: str
    rcpt_tos: list[str]
    raw: bytes
    at: float

    @property
    def message(self) -> EmailMessage:
        """The parsed message."""
        parsed = message_from_bytes(self.raw, policy=policy.default)
        assert isinstance(parsed, EmailMessage)  # noqa: S101  (policy.default guarantees it)
        return parsed


class _Handler:
    def __init__(self, sink: SmtpSink) -> None:
        self.sink = sink

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:  # noqa: N802
        if self.sink.delay:
            await asyncio.sleep(self.sink.delay)  # a slow server, to signal a client mid-send
        return self.sink.accept(envelope)


class SmtpSink:
    """An aiosmtpd server on loopback that keeps every message; optionally copies it into a
    Dovecot Sent folder, like providers that save submitted mail (Gmail, Microsoft 365)."""

    def __init__(self, dovecot: Dovecot | None = None, user: str = "", sent_folder: str = "Sent",
                 *, smtputf8: bool = False) -> None:
        self.messages: list[Received] = []
        self.dovecot, self.user, self.sent_folder = dovecot, user, sent_folder
        self.missed_copies = 0
        self.fail_next: list[str] = []
        """Replies to give instead of 250, e.g. "451 try later"."""
        self.delay = 0.0
        """Seconds to wait before answering DATA (a slow server)."""
        self.lock = threading.Lock()
        self.controller = Controller(_Handler(self), hostname="127.0.0.1", port=free_port(),
                                     enable_SMTPUTF8=smtputf8)  # offers SMTPUTF8 when asked

    def accept(self, envelope: Any) -> str:
        """Record one message (or answer with a scripted failure)."""
        with self.lock:
            if self.fail_next:
                return self.fail_next.pop(0)
            raw = bytes(envelope.content)
            self.messages.append(Received(envelope.mail_from, list(envelope.rcpt_tos), raw, time.monotonic()))
        user = self._sender_user(envelope) if self.dovecot is not None else ""
        if self.dovecot is not None and user:
            try:
                self.dovecot.append(user, raw, self.sent_folder, flags=(b"\\Seen",))
            except Exception:  # a provider's Sent copy is best effort; the mail was accepted
                self.missed_copies += 1
        return "250 OK queued"

    def _sender_user(self, envelope: Any) -> str:
        # The copy goes to the Sent folder of the mailbox the message is From, as a provider does.
        parsed = message_from_bytes(bytes(envelope.content), policy=policy.default)
        sender = str(parsed.get("From", "")).lower()
        assert self.dovecot is not None  # noqa: S101  (checked by caller)
        for name in self.dovecot.users:
            if name.lower() in sender:
                return name
        return self.user

    @property
    def port(self) -> int:
        """The port the sink listens on."""
        return int(self.controller.port)

    def start(self) -> SmtpSink:
        """Start listening."""
        self.controller.start()
        return self

    def stop(self) -> None:
        """Stop listening."""
        self.controller.stop()

    def to(self, rcpt: str) -> list[Received]:
        """Messages sent to one recipient."""
        with self.lock:
            return [m for m in self.messages if rcpt in m.rcpt_tos]
