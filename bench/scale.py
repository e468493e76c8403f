"""Issue 8: backlog throughput with 1, 2 and 3 `responder run` processes on one PostgreSQL.

    .venv/bin/python bench/scale.py            # 2,000 emails per run
    .venv/bin/python bench/scale.py --emails 5000

Each run gets a fresh Dovecot INBOX holding the backlog, a fresh database on a throwaway
PostgreSQL (responder.dev.devdb) and one aiosmtpd sink (in this process); it times from the
start of the processes until every email has its outcome and the outbox is empty, then
checks that each email got exactly one reply. Prints a Markdown table.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from collections import Counter
from pathlib import Path

import sqlalchemy as sa

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.stack import DaemonProcess, Stack, fill, wait_until
from responder.dev.devdb import Postgres
from responder.store.db import migrate, open_engine

DONE = sa.text("SELECT count(*) FROM inbound WHERE status <> 'new'")
WAITING = sa.text("SELECT count(*) FROM outbox WHERE state IN ('pending', 'sending')")


def run(postgres: Postgres, processes: int, emails: int) -> tuple[float, int, int]:
    """Seconds until `emails` outcomes with `processes` daemons; (seconds, replies, doubled)."""
    stack = Stack()
    url = postgres.new_database(f"scale{processes}_{os.getpid()}")
    engine = open_engine(url)
    migrate(engine)
    daemons: list[DaemonProcess] = []
    try:
        config = stack.config(database_url=url)
        stack.import_orders(config, emails)
        fill(stack.dovecot, emails)
        t0 = time.monotonic()
        daemons = [DaemonProcess(config, stack.base / f"daemon-{i}.log") for i in range(processes)]

        def finished() -> bool:
            with engine.connect() as conn:
                return bool(conn.execute(DONE).scalar() == emails and not conn.execute(WAITING).scalar())

        wait_until(finished, 3600, every=0.05)
        elapsed = time.monotonic() - t0
        replies = Counter(str(m.message["In-Reply-To"]) for m in stack.sink.messages)
        return elapsed, len(replies), sum(n - 1 for n in replies.values() if n > 1)
    finally:
        for daemon in daemons:
            daemon.stop()
        engine.dispose()
        stack.close()


def main() -> None:
    """Run the backlog with 1, 2 and 3 processes and print the table."""
    ap = argparse.ArgumentParser()
    ap.add_argument("--emails", type=int, default=2000)
    ap.add_argument("--processes", type=int, nargs="+", default=[1, 2, 3])
    args = ap.parse_args()
    postgres = Postgres().start()
    try:
        print(f"# backlog on PostgreSQL, {args.emails:,} emails, {os.cpu_count()} cores\n")
        print("| processes | seconds | emails/s | speed-up | replies | doubled |\n|---|---|---|---|---|---|")
        first = 0.0
        for n in args.processes:
            elapsed, replies, doubled = run(postgres, n, args.emails)
            rate = args.emails / elapsed
            first = first or rate
            print(f"| {n} | {elapsed:.1f} | {rate:,.0f} | {rate / first:.2f}x | {replies:,} | {doubled} |",
                  flush=True)
    finally:
        postgres.stop()


if __name__ == "__main__":
    main()
