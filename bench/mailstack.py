"""Benchmarks against the raw limits of the mail stack, in the same run, as ratios.

    .venv/bin/python bench/mailstack.py            # raw limits, P1, P2 (10k); P4 is bench/triage.py
    .venv/bin/python bench/mailstack.py --p3       # memory after 10k/50k/100k (long)

Starts a throwaway Dovecot and an aiosmtpd sink on loopback. Prints a Markdown table and
appends nothing anywhere: copy the figures into bench/RESULTS.md.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import platform
import resource
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path

import aiosmtplib
import sqlalchemy as sa

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from responder import config as config_mod
from responder.devmail import Dovecot, SmtpSink
from responder.store.db import migrate, open_engine
from responder.wiring import Loaded
from tests.integration.mails import customer_mail

SUPPORT = "support@shop.example"
PASSWORD = "bench-pw"


def pct(values: list[float], p: float) -> float:
    """The p-th percentile (nearest rank)."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(p / 100 * len(ordered)) - 1))]


def raw_idle_latency(dovecot: Dovecot, n: int) -> list[float]:
    """Seconds from APPEND completing to EXISTS seen by an idling client."""
    watcher = dovecot.client(SUPPORT)
    watcher.select_folder("INBOX")
    out = []
    for i in range(n):
        watcher.idle()
        t0 = time.monotonic()
        dovecot.append(SUPPORT, customer_mail(100_000 + i))
        t_done = time.monotonic()
        while not any(r[1] == b"EXISTS" for r in watcher.idle_check(timeout=5) if len(r) > 1):
            pass
        out.append(time.monotonic() - max(t0, t_done))
        watcher.idle_done()
    watcher.logout()
    return out


def raw_fetch_rate(dovecot: Dovecot) -> float:
    """Messages/s for UID FETCH BODY.PEEK[] in lists of 500."""
    c = dovecot.client(SUPPORT)
    c.select_folder("INBOX", readonly=True)
    uids = c.search(["ALL"])
    t0 = time.monotonic()
    for start in range(0, len(uids), 500):
        c.fetch(uids[start:start + 500], [b"BODY.PEEK[]"])
    rate = len(uids) / (time.monotonic() - t0)
    c.logout()
    return rate


async def raw_smtp_rate(port: int, n: int) -> float:
    """Messages/s sent sequentially over one aiosmtplib connection."""
    raw = customer_mail(1)
    async with aiosmtplib.SMTP(hostname="127.0.0.1", port=port) as smtp:
        t0 = time.monotonic()
        for _ in range(n):
            await smtp.sendmail("bench@shop.example", ["x@example.com"], raw)
        return n / (time.monotonic() - t0)


def fill(dovecot: Dovecot, n: int, start: int = 0) -> None:
    """Append n distinct customer emails (different senders, so rate caps do not park them)."""
    with dovecot.client(SUPPORT) as c:
        for i in range(start, start + n):
            c.append("INBOX", customer_mail(i, sender=f"cust{i}@example.com", name=f"Customer {i}"))


def config_for(base: Path, dovecot: Dovecot, sink: SmtpSink, database_url: str = "") -> Loaded:
    """A daemon config for the bench servers (generous caps: every email is a new customer)."""
    path = base / "config.toml"
    database_url = database_url or f"sqlite:///{base / 'bench.db'}"
    path.write_text(f"""
[store]
support_address = "{SUPPORT}"
[imap]
host = "127.0.0.1"
port = {dovecot.port}
security = "none"
username = "{SUPPORT}"
append_to_sent = false
batch_size = 500
[smtp]
host = "127.0.0.1"
port = {sink.port}
security = "none"
envelope_from = "bounces@shop.example"
[guards]
global_max_replies_per_10min = 1000000
[database]
url = "{database_url}"
[approval]
approvers = ["owner@shop.example"]
""")
    return Loaded(config_mod.load(path), path)


class DaemonThread:
    """The real daemon in a background thread with its own event loop."""

    def __init__(self, loaded: Loaded) -> None:
        from responder.daemon import Daemon

        self.daemon = Daemon(loaded)
        self.thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        loop = asyncio.new_event_loop()
        loop.add_signal_handler = lambda *a, **k: None  # type: ignore[method-assign]
        loop.run_until_complete(self.daemon.run())

    def start(self) -> DaemonThread:
        """Start serving."""
        self.thread.start()
        return self

    def stop(self) -> None:
        """Stop and wait."""
        self.daemon.stop_event.set()
        self.thread.join(timeout=60)


def wait_until(cond: Callable[[], bool], timeout: float) -> None:
    """Poll `cond` every 5 ms."""
    deadline = time.monotonic() + timeout
    while not cond():
        if time.monotonic() > deadline:
            raise TimeoutError("benchmark condition not reached")
        time.sleep(0.005)


def p1_latency(loaded: Loaded, dovecot: Dovecot, sink: SmtpSink, n: int) -> list[float]:
    """Seconds from APPEND completing to the reply accepted by the sink, one email at a time."""
    runner = DaemonThread(loaded).start()
    wait_until(lambda: runner.daemon.imap.info is not None, 30)
    time.sleep(1)
    out = []
    for i in range(n):
        before = len(sink.messages)
        dovecot.append(SUPPORT, customer_mail(200_000 + i, sender=f"p1-{i}@example.com", name="P"))
        t_done = time.monotonic()
        wait_until(lambda before=before: len(sink.messages) > before, 30)
        out.append(sink.messages[-1].at - t_done)
    runner.stop()
    return out


def p2_backlog(loaded: Loaded, sink: SmtpSink, n: int) -> float:
    """Seconds until every email already in INBOX has its outcome (and replies are out)."""
    runner = DaemonThread(loaded)
    t0 = time.monotonic()
    runner.start()
    wait_until(lambda: runner.daemon.processed >= n and not runner.daemon.outbox.due(), 3600)
    elapsed = time.monotonic() - t0
    runner.stop()
    return elapsed


PROPOSED_INDEX = "CREATE INDEX IF NOT EXISTS ix_outbox_recent ON outbox (created_at, kind, state)"
"""Lets the global 10-minute reply count read the index alone (a no-op once migrated)."""


def add_proposed_index(loaded: Loaded) -> None:
    """Create the bench database with the proposed extra index."""
    engine = open_engine(loaded.cfg.database.url, base_dir=loaded.base)
    migrate(engine)
    with engine.begin() as conn:
        conn.execute(sa.text(PROPOSED_INDEX))
    engine.dispose()


def rss_mb() -> float:
    """Peak resident memory of this process, MB."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> None:
    """Run the selected measurements and print them as a table."""
    ap = argparse.ArgumentParser()
    ap.add_argument("--p1", type=int, default=200)
    ap.add_argument("--p2", type=int, default=10_000)
    ap.add_argument("--p3", action="store_true", help="memory after 10k, 50k, 100k emails")
    ap.add_argument("--proposed-index", action="store_true",
                    help=f"add the index the lead may migrate in first: {PROPOSED_INDEX}")
    args = ap.parse_args()
    os.environ.setdefault("RESPONDER_IMAP_PASSWORD", PASSWORD)
    os.environ.setdefault("RESPONDER_HMAC_KEY", "bench-hmac-key-0123456789")
    print(f"# responder benchmarks, {time.strftime('%Y-%m-%d')}, {platform.processor() or platform.machine()}, "
          f"{os.cpu_count()} cores, Python {platform.python_version()}\n")
    if args.p3:
        run_p3()
        return
    run_main(args.p1, args.p2, proposed_index=args.proposed_index)


def _servers() -> tuple[Dovecot, SmtpSink, Path]:
    dovecot = Dovecot(users={SUPPORT: PASSWORD}).start()
    return dovecot, SmtpSink().start(), Path(tempfile.mkdtemp(prefix="bench-"))


def run_main(n1: int, n2: int, *, proposed_index: bool = False) -> None:
    """Raw limits, P1 and P2."""
    dovecot, sink, base = _servers()
    try:
        idle = raw_idle_latency(dovecot, 50)
        fill(dovecot, n2)
        fetch = raw_fetch_rate(dovecot)
        smtp = asyncio.run(raw_smtp_rate(sink.port, 2000))
        sink.messages.clear()
        loaded = config_for(base, dovecot, sink)
        if proposed_index:
            add_proposed_index(loaded)
        backlog = p2_backlog(loaded, sink, n2 + 50)
        lat = p1_latency(loaded, dovecot, sink, n1)
        print("| measure | figure | ratio / target |\n|---|---|---|")
        print(f"| raw IDLE notice after APPEND p50/p95/p99 | {pct(idle, 50)*1e3:.0f} / {pct(idle, 95)*1e3:.0f} / "
              f"{pct(idle, 99)*1e3:.0f} ms | Dovecot's fixed notify delay |")
        print(f"| raw UID FETCH BODY.PEEK[] (lists of 500) | {fetch:,.0f} msg/s | |")
        print(f"| raw SMTP sequential, one connection | {smtp:,.0f} msg/s | |")
        print(f"| P1 APPEND -> reply accepted p50/p95/p99 | {pct(lat, 50)*1e3:.0f} / {pct(lat, 95)*1e3:.0f} / "
              f"{pct(lat, 99)*1e3:.0f} ms | +{(pct(lat, 50)-pct(idle, 50))*1e3:.0f} ms p50, "
              f"+{(pct(lat, 99)-pct(idle, 99))*1e3:.0f} ms p99 over raw IDLE (target +100 / +300) |")
        rate = (n2 + 50) / backlog
        label = " (with the proposed index)" if proposed_index else ""
        print(f"| P2 {n2:,} emails in INBOX at start -> all outcomes{label} | {backlog:.1f} s, {rate:,.0f} emails/s | "
              f"{rate / smtp:.2f}x raw SMTP (target 0.6x) |")
        print(f"| peak RSS of the bench process | {rss_mb():.0f} MB | |")
    finally:
        sink.stop()
        dovecot.cleanup()


def run_p3() -> None:
    """RSS after 10k, 50k and 100k emails processed by one daemon."""
    dovecot, sink, base = _servers()
    try:
        loaded = config_for(base, dovecot, sink)
        runner = DaemonThread(loaded).start()
        done = 0
        print("| emails processed | RSS MB |\n|---|---|")
        for target in (10_000, 50_000, 100_000):
            fill(dovecot, target - done, start=done)
            wait_until(lambda t=target: runner.daemon.processed >= t, 7200)
            done = target
            print(f"| {target:,} | {_current_rss():.0f} |", flush=True)
        runner.stop()
    finally:
        sink.stop()
        dovecot.cleanup()


def _current_rss() -> float:
    with Path("/proc/self/status").open() as fh:
        for line in fh:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return float("nan")


if __name__ == "__main__":
    main()
