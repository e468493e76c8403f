"""The servers and the daemon every benchmark runs against, on loopback.

The daemon under test is the real `responder run` in its own process, as a store runs it;
the SMTP sink stays in the bench process. So the daemon's CPU and memory are its own, and
the raw SMTP figure is measured the same way: a client process against the same sink.
"""

from __future__ import annotations

import csv
import os
import resource
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

from responder.dev.devmail import Dovecot, SmtpSink
from tests.integration.mails import customer_mail

SUPPORT = "support@shop.example"
PASSWORD = "bench-pw"
HMAC_KEY = "bench-hmac-key-0123456789"
ORDER_BASE = 100_000
"""Customer i asks about order ORDER_BASE + i, which is theirs and on its way."""


def pct(values: list[float], p: float) -> float:
    """The p-th percentile (nearest rank)."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(p / 100 * len(ordered)) - 1))]


def wait_until(cond: Callable[[], bool], timeout: float, every: float = 0.005) -> None:
    """Poll `cond` until it holds."""
    deadline = time.monotonic() + timeout
    while not cond():
        if time.monotonic() > deadline:
            raise TimeoutError("benchmark condition not reached")
        time.sleep(every)


def customer(i: int) -> bytes:
    """Customer i's "where is my order" email about their own order."""
    order = ORDER_BASE + i
    return customer_mail(i, sender=f"cust{i}@example.com", name=f"Customer {i}",
                         subject=f"Where is my order #{order}?",
                         body=f"Hi,\n\nI ordered last week (order #{order}). Where is it?\n\nThanks\n")


def fill(dovecot: Dovecot, n: int, start: int = 0) -> None:
    """Append customers start..start+n-1 to INBOX (different senders: no rate cap parks them)."""
    with dovecot.client(SUPPORT) as c:
        for i in range(start, start + n):
            c.append("INBOX", customer(i))


def orders_csv(path: Path, n: int) -> Path:
    """One shipped order per customer, due in five days (so every answer can be automatic)."""
    now = datetime.now(UTC)
    with path.open("w", newline="") as fh:
        out = csv.writer(fh)
        out.writerow(["order_id", "email", "name", "created_at", "total", "fulfillment_status",
                      "carrier", "tracking_number", "shipped_at", "expected_delivery"])
        for i in range(n):
            out.writerow([ORDER_BASE + i, f"cust{i}@example.com", f"Customer {i}",
                          (now - timedelta(days=3)).isoformat(), "42.50", "shipped", "DHL",
                          f"JD{ORDER_BASE + i:018d}", (now - timedelta(days=2)).isoformat(),
                          (now + timedelta(days=5)).date().isoformat()])
    return path


class Stack:
    """Dovecot, the sink and a working directory; a config for the daemon under test."""

    def __init__(self) -> None:
        # mdbox: with maildir, every sync of a 50k-message INBOX rescans the directory and
        # Dovecot, not the daemon, became the bottleneck of the long runs.
        self.dovecot = Dovecot(users={SUPPORT: PASSWORD}, mail_format="mdbox").start()
        self.sink = SmtpSink().start()
        self.base = Path(tempfile.mkdtemp(prefix="bench-"))

    def config(self, database_url: str = "", name: str = "config.toml") -> Path:
        """A config for these servers (caps out of the way: every email is a new customer)."""
        path = self.base / name
        database_url = database_url or f"sqlite:///{self.base / 'bench.db'}"
        path.write_text(f"""
[store]
support_address = "{SUPPORT}"
[imap]
host = "127.0.0.1"
port = {self.dovecot.port}
security = "none"
username = "{SUPPORT}"
append_to_sent = false
batch_size = 500
[smtp]
host = "127.0.0.1"
port = {self.sink.port}
security = "none"
envelope_from = "bounces@shop.example"
[guards]
global_max_replies_per_10min = 1000000
[database]
url = "{database_url}"
[approval]
approvers = ["owner@shop.example"]
""")
        return path

    def import_orders(self, config: Path, n: int) -> None:
        """Load n orders through the owner's own command."""
        csv_path = orders_csv(self.base / "orders.csv", n)
        responder("orders", "import", str(csv_path), "--config", str(config))

    def replies(self) -> int:
        """Messages the sink accepted so far."""
        with self.sink.lock:
            return len(self.sink.messages)

    def forget_replies(self) -> int:
        """Drop what the sink kept (long runs would otherwise grow the bench process); how
        many replies that was."""
        with self.sink.lock:
            count = len(self.sink.messages)
            self.sink.messages.clear()
        return count

    def close(self) -> None:
        """Stop the servers."""
        self.sink.stop()
        self.dovecot.cleanup()


def daemon_env() -> dict[str, str]:
    """The environment a daemon under test gets: its secrets (it logs a line per email, as in
    production; the log goes to a file in the bench directory)."""
    return {**os.environ, "RESPONDER_IMAP_PASSWORD": PASSWORD, "RESPONDER_HMAC_KEY": HMAC_KEY}


def responder(*args: str) -> None:
    """Run one `responder` command to completion."""
    subprocess.run([sys.executable, "-m", "responder", *args], check=True, env=daemon_env(),
                   stdout=subprocess.DEVNULL)


class DaemonProcess:
    """`responder run --config ...` in its own process, stopped with SIGTERM as systemd does."""

    def __init__(self, config: Path, log: Path) -> None:
        self.started = time.monotonic()
        with log.open("wb") as out:
            self.proc = subprocess.Popen(
                [sys.executable, "-m", "responder", "run", "--config", str(config)],
                stdout=out, stderr=subprocess.STDOUT, env=daemon_env())

    def rss_mb(self, field: str = "VmRSS") -> float:
        """Resident memory now (VmRSS) or at its peak (VmHWM), MB."""
        for line in Path(f"/proc/{self.proc.pid}/status").read_text().splitlines():
            if line.startswith(f"{field}:"):
                return int(line.split()[1]) / 1024
        return float("nan")

    def cpu_seconds(self) -> float:
        """User + system CPU the daemon has used so far."""
        fields = Path(f"/proc/{self.proc.pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

    def stop(self) -> None:
        """SIGTERM, then wait for a clean exit."""
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
        self.proc.wait(timeout=60)


def own_peak_rss_mb() -> float:
    """Peak resident memory of this (the bench) process, MB."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
