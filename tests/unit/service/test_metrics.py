"""Prometheus metrics: counts from the database and in-process counters, served on loopback."""

from __future__ import annotations

import urllib.request

from sqlalchemy.engine import Engine

from responder.models import Action, Draft, Outcome
from responder.service.metrics import Counters, MetricsServer, render

from .reportdb import build_db


def test_scrape_body_has_emails_outbox_and_latency(engine: Engine) -> None:
    """Totals by intent and outcome, outbox depth, latency buckets and tokens all appear."""
    build_db(engine)
    counters = Counters()
    draft = Draft("hi", "", "en", "order_status", notes=("polish.v1 model=m tokens_in=120 tokens_out=40",))
    counters.observe(0.3, Outcome(Action.SEND, ("ok",), draft=draft))
    counters.observe(3.0)
    body = render(engine, counters)
    assert 'responder_emails_total{intent="return_refund",outcome="park"} 2' in body
    assert 'responder_outbox_messages{state="sent"} 4' in body
    assert 'responder_processing_seconds_bucket{le="0.5"} 1' in body
    assert 'responder_processing_seconds_bucket{le="+Inf"} 2' in body
    assert 'responder_llm_tokens_total{direction="in"} 120' in body


def test_server_answers_on_loopback(engine: Engine) -> None:
    """GET /metrics on 127.0.0.1 returns the text format; other paths are 404."""
    server = MetricsServer(0, lambda: render(engine, Counters())).start()
    try:
        url = f"http://127.0.0.1:{server.port}"
        with urllib.request.urlopen(f"{url}/metrics", timeout=5) as resp:  # noqa: S310  (loopback)
            assert resp.headers["Content-Type"].startswith("text/plain; version=0.0.4")
            assert b"# TYPE responder_processing_seconds histogram" in resp.read()
        try:
            urllib.request.urlopen(f"{url}/nope", timeout=5)  # noqa: S310
        except urllib.error.HTTPError as exc:
            assert exc.code == 404
        else:
            raise AssertionError("expected 404")
    finally:
        server.stop()
    assert server.server.server_address[0] == "127.0.0.1"
