"""Benchmarks against the raw limits of the mail stack, in the same run, as ratios.

    .venv/bin/python bench/mailstack.py              # raw limits, P1 (200), P2 (10,000), P4: ~8 min
    .venv/bin/python bench/mailstack.py --p1 50 --p2 2000                          # ~2 min
    .venv/bin/python bench/mailstack.py --p3         # daemon memory after 10k/50k/100k: ~25 min

Starts a throwaway Dovecot and an aiosmtpd sink on loopback, loads one shipped order per
customer with `responder orders import`, and runs the real `responder run` in its own
process. Every customer asks where their own order is, so every answer goes out
automatically. Prints a Markdown table; copy the figures into bench/RESULTS.md.
"""

from __future__ import annotations

import argparse
import os
import platform
import sqlite3
import subprocess
import sys
import time
from collections import Counter
from functools import partial
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.stack import (
    SUPPORT,
    DaemonProcess,
    Stack,
    customer,
    fill,
    own_peak_rss_mb,
    pct,
    wait_until,
)
from responder.dev.devmail import Dovecot


def raw_idle_latency(dovecot: Dovecot, n: int) -> list[float]:
    """Seconds from APPEND completing to EXISTS seen by an idling client."""
    watcher = dovecot.client(SUPPORT)
    watcher.select_folder("INBOX")
    out = []
    for i in range(n):
        watcher.idle()
        dovecot.append(SUPPORT, customer(900_000 + i))
        t_done = time.monotonic()
        while not any(r[1] == b"EXISTS" for r in watcher.idle_check(timeout=5) if len(r) > 1):
            pass
        out.append(time.monotonic() - t_done)
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


def raw_smtp_rate(port: int, n: int) -> float:
    """Messages/s one aiosmtplib client process sends sequentially to the sink."""
    script = Path(__file__).with_name("raw_smtp.py")
    out = subprocess.run([sys.executable, str(script), str(port), str(n)], check=True,
                         capture_output=True, text=True).stdout
    return float(out.strip())


def p4_triage() -> tuple[float, float]:
    """Triage emails per CPU-second and per wall second, on one core (bench/triage.py)."""
    script = Path(__file__).with_name("triage.py")
    out = subprocess.run([sys.executable, str(script), "--speed-only"], check=True,
                         capture_output=True, text=True).stdout.split()
    return float(out[0]), float(out[1])


def p2_backlog(stack: Stack, config: Path, n: int) -> tuple[float, float, float]:
    """Seconds from starting the daemon until every waiting email is answered; CPU s, RSS MB."""
    daemon = DaemonProcess(config, stack.base / "p2.log")
    try:
        wait_until(lambda: stack.replies() >= n, 3600, every=0.02)
        return time.monotonic() - daemon.started, daemon.cpu_seconds(), daemon.rss_mb()
    finally:
        daemon.stop()


def p1_latency(stack: Stack, config: Path, n: int, first: int) -> list[float]:
    """Seconds from APPEND completing to the reply accepted by the sink, one email at a time."""
    daemon = DaemonProcess(config, stack.base / "p1.log")
    try:
        before = stack.replies()
        stack.dovecot.append(SUPPORT, customer(first))  # warm-up: connected and idling
        wait_until(lambda: stack.replies() > before, 60)
        time.sleep(1)
        out = []
        for i in range(first + 1, first + 1 + n):
            before = stack.replies()
            stack.dovecot.append(SUPPORT, customer(i))
            t_done = time.monotonic()
            wait_until(partial(_more, stack, before), 30, every=0.001)
            out.append(stack.sink.messages[-1].at - t_done)
        return out
    finally:
        daemon.stop()


def _more(stack: Stack, before: int) -> bool:
    return stack.replies() > before


def outcomes(stack: Stack) -> str:
    """What the daemon decided, from its database, and how many emails got two replies."""
    with sqlite3.connect(stack.base / "bench.db") as db:
        counts = dict(db.execute("SELECT outcome, count(*) FROM inbound GROUP BY outcome").fetchall())
    replies = Counter(str(m.message["In-Reply-To"]) for m in stack.sink.messages)
    doubled = sum(k - 1 for k in replies.values() if k > 1)
    return ", ".join(f"{k or 'none'} {v:,}" for k, v in sorted(counts.items())) + f"; doubled {doubled}"


def run_main(n1: int, n2: int) -> None:
    """Raw limits, P2, then P1 against the same servers."""
    stack = Stack()
    try:
        config = stack.config()
        stack.import_orders(config, n2 + n1 + 1)
        idle = raw_idle_latency(stack.dovecot, 50)
        fill(stack.dovecot, n2)
        fetch = raw_fetch_rate(stack.dovecot)
        smtp = raw_smtp_rate(stack.sink.port, 2000)
        stack.forget_replies()
        backlog, cpu, rss = p2_backlog(stack, config, n2 + 50)
        decided = outcomes(stack)
        lat = p1_latency(stack, config, n1, n2)
        triage_cpu, triage_wall = p4_triage()
        rate = (n2 + 50) / backlog
        idle50, idle99 = pct(idle, 50), pct(idle, 99)
        rows = [
            ("raw IDLE notice after APPEND p50/p95/p99",
             f"{idle50 * 1e3:.0f} / {pct(idle, 95) * 1e3:.0f} / {idle99 * 1e3:.0f} ms",
             "Dovecot's fixed notify delay"),
            ("raw UID FETCH BODY.PEEK[] (lists of 500)", f"{fetch:,.0f} msg/s", ""),
            ("raw SMTP sequential, one aiosmtplib connection", f"{smtp:,.0f} msg/s", ""),
            ("P1 APPEND -> reply accepted p50/p95/p99",
             f"{pct(lat, 50) * 1e3:.0f} / {pct(lat, 95) * 1e3:.0f} / {pct(lat, 99) * 1e3:.0f} ms",
             f"+{(pct(lat, 50) - idle50) * 1e3:.0f} ms p50, +{(pct(lat, 99) - idle99) * 1e3:.0f} ms p99 "
             "over raw IDLE (target +100 / +300)"),
            (f"P2 {n2 + 50:,} emails in INBOX at start -> all answered",
             f"{backlog:.1f} s, {rate:,.0f} emails/s", f"{rate / smtp:.2f}x raw SMTP (target 0.6x)"),
            ("P2 daemon CPU per email, RSS at the end",
             f"{cpu / (n2 + 50) * 1e3:.1f} ms, {rss:.0f} MB", decided),
            ("P4 triage on one core (bench/triage.py)",
             f"{triage_cpu:,.0f} emails per CPU-second ({triage_wall:,.0f}/s wall)", "target 2,000/s"),
        ]
        print("| measure | figure | ratio / target |\n|---|---|---|")
        for row in rows:
            print("| " + " | ".join(row) + " |")
        print(f"\n(bench process peak RSS {own_peak_rss_mb():.0f} MB; logs in {stack.base})")
    finally:
        stack.close()


def run_p3(targets: tuple[int, ...] = (10_000, 50_000, 100_000), chunk: int = 5_000) -> None:
    """The daemon's RSS after 10k, 50k and 100k emails, mail arriving while it runs."""
    stack = Stack()
    try:
        config = stack.config()
        stack.import_orders(config, targets[-1])
        daemon = DaemonProcess(config, stack.base / "p3.log")
        done, answered = 0, 0
        print("| emails answered | daemon RSS MB | peak RSS MB | growth since previous row |\n|---|---|---|---|")
        previous = 0.0
        for target in targets:
            while done < target:
                step = min(chunk, target - done)
                fill(stack.dovecot, step, start=done)
                done += step
                answered += stack.forget_replies()
            answered += _wait_all(stack, target - answered)
            rss = daemon.rss_mb()
            growth = f"{(rss / previous - 1) * 100:+.1f}%" if previous else ""
            print(f"| {target:,} | {rss:.0f} | {daemon.rss_mb('VmHWM'):.0f} | {growth} |", flush=True)
            previous = rss
        daemon.stop()
    finally:
        stack.close()


def _wait_all(stack: Stack, remaining: int) -> int:
    """Wait for `remaining` more replies, forgetting them as they come."""
    got = 0
    while got < remaining:
        time.sleep(0.5)
        got += stack.forget_replies()
    return got


def main() -> None:
    """Run the selected measurements and print them as a table."""
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--p1", type=int, default=200, help="emails for P1, one at a time")
    ap.add_argument("--p2", type=int, default=10_000, help="emails waiting in INBOX for P2")
    ap.add_argument("--p3", action="store_true", help="daemon memory after 10k, 50k, 100k emails")
    args = ap.parse_args()
    print(f"# responder benchmarks, {time.strftime('%Y-%m-%d')}, {platform.machine()}, "
          f"{os.cpu_count()} cores, Python {platform.python_version()}\n")
    if args.p3:
        run_p3()
    else:
        run_main(args.p1, args.p2)


if __name__ == "__main__":
    main()
