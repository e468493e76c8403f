"""The LLM token budget kept in the database: one count per store and UTC day.

`daily_token_budget` is per store and per day, whatever the number of processes, reloads
or restarts: every call adds its tokens with one atomic upsert, and the check reads the
same row. A check and a call are not one transaction, so processes that start calls at
the same moment can each spend one call past the limit; no more.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import Engine
from sqlmodel import Field, SQLModel

from responder.drafting.llm_limits import Usage
from responder.protocols import utc_now


class LlmUsageRow(SQLModel, table=True):
    """Tokens and calls one store spent at the model endpoint on one UTC day."""

    __tablename__ = "llm_usage"
    scope: str = Field(primary_key=True)
    """The store's support address: stores sharing a database keep separate budgets."""
    day: date = Field(primary_key=True)
    tokens_in: int = Field(default=0, sa_type=sa.BigInteger)
    tokens_out: int = Field(default=0, sa_type=sa.BigInteger)
    calls: int = 0
    failures: int = 0


class DbTokenBudget:
    """A `Budget` whose count lives in the `llm_usage` table."""

    def __init__(self, engine: Engine, scope: str, limit: int,
                 now: Callable[[], datetime] = utc_now) -> None:
        self.engine = engine
        self.scope = scope.lower()
        self.limit = limit
        self._now = now

    def _today(self) -> date:
        return self._now().astimezone(UTC).date()

    def usage(self) -> Usage:
        """Today's usage across every process of this store."""
        today = self._today()
        t = LlmUsageRow.__table__  # type: ignore[attr-defined]
        query = sa.select(t.c.tokens_in, t.c.tokens_out, t.c.calls, t.c.failures).where(
            t.c.scope == self.scope, t.c.day == today)
        with self.engine.connect() as conn:
            row = conn.execute(query).first()
        if row is None:
            return Usage(today)
        return Usage(today, int(row[0]), int(row[1]), int(row[2]), int(row[3]))

    def spent(self) -> bool:
        """True when today's tokens reached the limit."""
        return self.usage().tokens >= self.limit

    def record(self, tokens_in: int, tokens_out: int, *, failed: bool = False) -> None:
        """Add one call's tokens to today's count in one statement (no lost updates)."""
        t = LlmUsageRow.__table__  # type: ignore[attr-defined]
        values = {"scope": self.scope, "day": self._today(), "tokens_in": tokens_in,
                  "tokens_out": tokens_out, "calls": 1, "failures": int(failed)}
        dialect = postgresql if self.engine.dialect.name == "postgresql" else sqlite
        stmt = dialect.insert(t).values(**values)
        added = {name: t.c[name] + stmt.excluded[name]
                 for name in ("tokens_in", "tokens_out", "calls", "failures")}
        with self.engine.begin() as conn:
            conn.execute(stmt.on_conflict_do_update(index_elements=["scope", "day"], set_=added))
