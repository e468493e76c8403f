"""sd_notify without a dependency: READY, STATUS, WATCHDOG and STOPPING to systemd."""

from __future__ import annotations

import logging
import os
import socket

log = logging.getLogger(__name__)


class Notifier:
    """Talks to $NOTIFY_SOCKET when systemd set one; does nothing otherwise."""

    def __init__(self, address: str | None = None) -> None:
        addr = address if address is not None else os.environ.get("NOTIFY_SOCKET", "")
        if addr.startswith("@"):
            addr = "\0" + addr[1:]  # abstract namespace socket
        self.address = addr

    def send(self, *lines: str) -> bool:
        """Send one datagram; True if it went out."""
        if not self.address:
            return False
        try:
            with socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM) as sock:
                sock.connect(self.address)
                sock.sendall("\n".join(lines).encode())
        except OSError as exc:
            log.debug("sd_notify failed: %s", exc)
            return False
        return True

    def ready(self, status: str) -> bool:
        """Tell systemd we are up (R50: only after IMAP and SMTP answered)."""
        return self.send("READY=1", f"MAINPID={os.getpid()}", f"STATUS={status}")

    def watchdog(self, status: str = "") -> bool:
        """Ping the watchdog; call only when the main loop made progress (R51)."""
        return self.send("WATCHDOG=1", *( [f"STATUS={status}"] if status else []))

    def stopping(self) -> bool:
        """Tell systemd we are shutting down."""
        return self.send("STOPPING=1", "STATUS=stopping")
