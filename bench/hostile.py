"""Hostile-set benchmark: the worst single email's parse + pipeline time (issue 15, R75).

    .venv/bin/python bench/hostile.py

Not a pass/fail test: prints one line per hostile email and the worst, in milliseconds.
The pipeline runs with the real stages over a temporary SQLite file (no servers).
"""

from __future__ import annotations

import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

from responder import config as config_mod
from responder import pipeline
from responder.models import Inbound
from responder.service.wiring import Loaded, build_stages, identity
from responder.store.db import migrate, open_engine
from responder.store.history import DbHistory

HEAD = ("From: Alice <alice@example.com>\r\nTo: support@shop.example\r\n"
        "Return-Path: <alice@example.com>\r\nSubject: Where is my order #1001?\r\n"
        "Message-ID: <h@example.com>\r\n")
TEXT = "Hi, where is my order #1001? It has not arrived.\r\n"


def references(n: int) -> bytes:
    """n ids in References."""
    ids = " ".join(f"<id{i}.x@example.com>" for i in range(n))
    return f"{HEAD}References: {ids}\r\n\r\n{TEXT}".encode()


def big_body(mb: int) -> bytes:
    """A plain body of `mb` megabytes."""
    return f"{HEAD}\r\n{TEXT}".encode() + b"filler line of text\r\n" * (mb * 50_000)


def nested(depth: int) -> bytes:
    """`depth` multipart levels, one inside the other."""
    parts = [f'Content-Type: multipart/mixed; boundary="b{i}"\r\n\r\n--b{i}\r\n'
             for i in range(depth)]
    ends = [f"\r\n--b{i}--\r\n" for i in reversed(range(depth))]
    return (f"{HEAD}MIME-Version: 1.0\r\n" + "".join(parts)
            + f"Content-Type: text/plain\r\n\r\n{TEXT}" + "".join(ends)).encode()


def many_headers(n: int) -> bytes:
    """n extra header lines."""
    extra = "".join(f"X-Filler-{i}: value {i}\r\n" for i in range(n))
    return f"{HEAD}{extra}\r\n{TEXT}".encode()


HOSTILE: dict[str, Callable[[], bytes]] = {
    "References 100k ids": lambda: references(100_000),
    "body 20 MB": lambda: big_body(20),
    "MIME nesting 200 deep": lambda: nested(200),
    "50k header lines": lambda: many_headers(50_000),
}


def runner(tmp: Path) -> Callable[[bytes], object]:
    """parse + every pipeline stage, wired as the daemon wires them."""
    path = tmp / "config.toml"
    path.write_text(f'[store]\nname = "Shop"\nsupport_address = "support@shop.example"\n'
                    f'[database]\nurl = "sqlite:///{tmp / "r.db"}"\n')
    loaded = Loaded(config_mod.load(path), path)
    engine = open_engine(loaded.cfg.database.url)
    migrate(engine)
    stages = build_stages(loaded, engine, DbHistory(engine, lambda: datetime.now(UTC)),
                          lambda _name: "")
    me = identity(loaded.cfg, b"k" * 32)
    return lambda raw: pipeline.handle(raw, stages, me, loaded.cfg.guards, now=datetime.now(UTC),
                                       max_bytes=loaded.cfg.imap.max_message_bytes)


def main() -> None:
    """Time each hostile email once (after one warm-up email) and print the worst."""
    with tempfile.TemporaryDirectory() as folder:
        run = runner(Path(folder))
        run(many_headers(1))
        times = {}
        for name, build in HOSTILE.items():
            raw = build()
            started = time.perf_counter()
            outcome = run(raw)
            times[name] = (time.perf_counter() - started) * 1000
            inbound = getattr(outcome, "inbound", None)
            refs = len(inbound.references) if isinstance(inbound, Inbound) else "-"
            print(f"{name:24} {len(raw) / 1e6:7.1f} MB {times[name]:9.0f} ms  "
                  f"{getattr(outcome, 'action', '?')!s:14} references kept: {refs}")
        worst = max(times, key=lambda k: times[k])
        print(f"worst single email: {worst}, {times[worst]:.0f} ms")


if __name__ == "__main__":
    main()
