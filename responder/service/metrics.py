"""Optional Prometheus metrics on 127.0.0.1, in the text exposition format, stdlib only.

Totals come from the database on each scrape (a few GROUP BY counts, so they survive
restarts); latency and LLM tokens are in-process counters fed by the daemon.
"""

from __future__ import annotations

import logging
import re
import threading
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from sqlalchemy import func
from sqlalchemy.engine import Engine
from sqlmodel import Session, col, select

from responder.models import Outcome
from responder.store.tables import InboundRow, OutboxRow, Setting

log = logging.getLogger(__name__)
BUCKETS = (0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0, 60.0)
_TOKENS = re.compile(r"tokens_in=(\d+) tokens_out=(\d+)")


@dataclass
class Counters:
    """What only the running process knows: processing latency and LLM tokens."""

    buckets: list[int] = field(default_factory=lambda: [0] * len(BUCKETS))
    count: int = 0
    total: float = 0.0
    tokens: Counter[str] = field(default_factory=Counter)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def observe(self, seconds: float, outcome: Outcome | None = None) -> None:
        """Record one processed email: how long it took and the tokens its draft used."""
        with self.lock:
            self.count, self.total = self.count + 1, self.total + seconds
            for i, bound in enumerate(BUCKETS):
                self.buckets[i] += seconds <= bound
            for note in outcome.draft.notes if outcome and outcome.draft else ():
                found = _TOKENS.search(note)
                if found:
                    self.tokens["in"] += int(found.group(1))
                    self.tokens["out"] += int(found.group(2))

    def lines(self) -> list[str]:
        """The counters in exposition format."""
        with self.lock:
            out = _head("responder_processing_seconds", "histogram", "Time to process one email.")
            for bound, n in zip(BUCKETS, self.buckets, strict=True):
                out.append(f'responder_processing_seconds_bucket{{le="{bound}"}} {n}')
            out += [f'responder_processing_seconds_bucket{{le="+Inf"}} {self.count}',
                    f"responder_processing_seconds_sum {self.total:.6f}",
                    f"responder_processing_seconds_count {self.count}"]
            out += _head("responder_llm_tokens_total", "counter", "LLM tokens used since start.")
            out += [f'responder_llm_tokens_total{{direction="{d}"}} {self.tokens[d]}' for d in ("in", "out")]
        return out


def _head(name: str, kind: str, text: str) -> list[str]:
    return [f"# HELP {name} {text}", f"# TYPE {name} {kind}"]


def _label(value: str) -> str:
    return value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ")


def db_lines(engine: Engine) -> list[str]:
    """Totals from the database: emails by intent and outcome, outbox by state, alarms."""
    with Session(engine) as s:
        emails = s.exec(select(InboundRow.intent, InboundRow.outcome, func.count())
                        .group_by(InboundRow.intent, InboundRow.outcome)).all()
        outbox = s.exec(select(OutboxRow.state, func.count()).group_by(OutboxRow.state)).all()
        alarms = s.exec(select(Setting).where(col(Setting.key).startswith("alarm."))).all()
    out = _head("responder_emails_total", "counter", "Emails stored, by intent and outcome.")
    out += [f'responder_emails_total{{intent="{_label(i or "none")}",outcome="{_label(o or "pending")}"}} {n}'
            for i, o, n in emails]
    out += _head("responder_outbox_messages", "gauge", "Outbox rows by state (pending = queue depth).")
    out += [f'responder_outbox_messages{{state="{_label(st)}"}} {n}' for st, n in outbox]
    out += _head("responder_alarm_active", "gauge", "1 while a health alarm is raised.")
    out += [f'responder_alarm_active{{name="{_label(a.key[6:])}"}} {int(bool(a.value))}' for a in alarms]
    return out


def render(engine: Engine, counters: Counters, extra: Iterable[str] = ()) -> str:
    """The whole scrape body."""
    return "\n".join([*db_lines(engine), *counters.lines(), *extra]) + "\n"


class MetricsServer:
    """A tiny HTTP server in a thread answering GET /metrics on 127.0.0.1."""

    def __init__(self, port: int, body: Callable[[], str]) -> None:
        self.server = ThreadingHTTPServer(("127.0.0.1", port), _handler(body))
        self.server.daemon_threads = True
        self.thread = threading.Thread(target=self.server.serve_forever, name="metrics", daemon=True)

    @property
    def port(self) -> int:
        """The bound port (useful with port 0)."""
        return int(self.server.server_address[1])

    def start(self) -> MetricsServer:
        """Start serving."""
        self.thread.start()
        log.info("metrics on http://127.0.0.1:%d/metrics", self.port)
        return self

    def stop(self) -> None:
        """Stop serving and free the port."""
        self.server.shutdown()
        self.server.server_close()


def _handler(body: Callable[[], str]) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            if self.path.split("?")[0] not in ("/metrics", "/"):
                self.send_error(404)
                return
            try:
                data = body().encode()
            except Exception:  # a scrape must never kill the thread
                log.exception("metrics scrape failed")
                self.send_error(500)
                return
            self.send_response(200)
            self.send_header("Content-Type", "text/plain; version=0.0.4; charset=utf-8")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def log_message(self, fmt: str, *args: Any) -> None:
            log.debug("metrics: " + fmt, *args)

    return Handler
