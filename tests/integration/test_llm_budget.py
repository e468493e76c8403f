"""One token budget per store and UTC day, kept in the database (issue 17).

Two clients on one database stand for two daemon processes, a reload or a restart: what one
spent, the other sees. Real OpenAI-compatible server on loopback, real SQLite and PostgreSQL.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy.engine import Engine

from responder.config import Config
from responder.drafting.config import LLMConfig
from responder.drafting.llm_triage import LLMTriager
from responder.drafting.llmclient import ChatClient, LLMUnavailable
from responder.drafting.polish import LLMPolisher
from responder.service.wiring import Loaded, build_stages
from responder.store.db import migrate, open_engine
from responder.store.llm_usage import DbTokenBudget
from responder.triage.reading import ReadingTriager
from tests.integration.fake_openai import FakeOpenAI, Reply

pytestmark = pytest.mark.integration
STORE = "support@shop.example"


@pytest.fixture
def fake() -> Iterator[FakeOpenAI]:
    """A scripted OpenAI-compatible server for one test."""
    server = FakeOpenAI().start()
    yield server
    server.stop()


@pytest.fixture
def engine(database_url: str) -> Iterator[Engine]:
    """A migrated database (SQLite file or PostgreSQL)."""
    eng = open_engine(database_url)
    migrate(eng)
    yield eng
    eng.dispose()


def client(fake: FakeOpenAI, engine: Engine, *, limit: int = 1000, scope: str = STORE,
           now: datetime | None = None) -> ChatClient:
    """A client with its budget in `engine`, as one daemon process would build it."""
    cfg = LLMConfig(enabled=True, base_url=fake.base_url, timeout_seconds=2,
                    daily_token_budget=limit)
    budget = DbTokenBudget(engine, scope, limit, (lambda: now) if now else datetime.now)
    return ChatClient(cfg, "k", wait=False, budget=budget)


def test_budget_holds_across_processes(fake: FakeOpenAI, engine: Engine) -> None:
    """Tokens one process spent count for another: the second refuses without calling."""
    fake.script(Reply("a", tokens_in=700, tokens_out=300), Reply("b"))
    first, second = client(fake, engine), client(fake, engine)
    first.complete("s", "u")
    with pytest.raises(LLMUnavailable, match="daily token budget spent"):
        second.complete("s", "u")
    assert len(fake.requests) == 1
    usage = second.usage()
    assert (usage.tokens_in, usage.tokens_out, usage.calls) == (700, 300, 1)
    first.close()
    second.close()


def test_budget_counts_failures_and_survives_a_restart(fake: FakeOpenAI, engine: Engine) -> None:
    """A failed call is counted; a client built later (a restart) starts from the stored count."""
    fake.script(Reply(status=400), Reply("ok", tokens_in=10, tokens_out=5))
    before = client(fake, engine)
    with pytest.raises(LLMUnavailable):
        before.complete("s", "u")
    before.close()
    after = client(fake, engine)
    after.complete("s", "u")
    usage = after.usage()
    assert (usage.calls, usage.failures, usage.tokens) == (2, 1, 15)
    after.close()


def test_budget_is_per_store_and_per_utc_day(fake: FakeOpenAI, engine: Engine) -> None:
    """Another store sharing the database, or the next UTC day, starts at zero."""
    fake.script(Reply("a", tokens_in=900, tokens_out=100), Reply("b"), Reply("c"))
    today = datetime(2026, 12, 4, 23, 59, tzinfo=UTC)
    client(fake, engine, now=today).complete("s", "u")
    assert client(fake, engine, now=today).usage().tokens == 1000
    other = client(fake, engine, scope="help@other.example", now=today)
    other.complete("s", "u")
    tomorrow = client(fake, engine, now=today + timedelta(minutes=2))
    tomorrow.complete("s", "u")
    assert tomorrow.usage().calls == 1
    assert len(fake.requests) == 3


def test_polish_and_triage_share_one_client(fake: FakeOpenAI, tmp_path: Path) -> None:
    """The wiring builds one client per store: polish and triage spend one budget."""
    url = f"sqlite:///{tmp_path / 'r.db'}"
    eng = open_engine(url)
    migrate(eng)
    cfg = Config.model_validate({"llm": {"enabled": True, "triage": True,
                                         "base_url": fake.base_url}})
    stages = build_stages(Loaded(cfg, tmp_path / "config.toml"), eng, history=_NoHistory())
    assert isinstance(stages.polisher, LLMPolisher)
    assert isinstance(stages.triager, ReadingTriager)
    assert isinstance(stages.triager.inner, LLMTriager)
    assert stages.polisher.chat is stages.triager.inner.chat
    assert isinstance(stages.polisher.chat._budget, DbTokenBudget)
    stages.polisher.close()
    eng.dispose()


class _NoHistory:
    """build_stages only passes the history through."""
