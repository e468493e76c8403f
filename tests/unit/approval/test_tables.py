"""The approval_tokens table on SQLite: stored hashed, found by token, used exactly once."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest
import sqlalchemy as sa
from sqlmodel import Session, SQLModel

from responder.approval.tables import ApprovalToken, consume_token, find_token
from responder.approval.tokens import issue

NOW = datetime(2026, 1, 5, 10, 0, tzinfo=UTC)


@pytest.fixture
def session() -> Iterator[Session]:
    """A session on an in-memory SQLite database holding only the approval table."""
    engine = sa.create_engine("sqlite://")
    SQLModel.metadata.create_all(engine, tables=[SQLModel.metadata.tables["approval_tokens"]])
    with Session(engine) as db:
        yield db
    engine.dispose()


def test_token_is_stored_hashed_and_found_by_the_clear_token(session: Session) -> None:
    """The row holds the digest; looking up the clear token returns the same, tz-aware record."""
    token, record = issue(7, "Hi", "owner@shop.example", NOW, 72)
    session.add(ApprovalToken.from_record(record, NOW))
    session.commit()
    raw_rows = session.connection().execute(sa.text("select * from approval_tokens")).all()
    assert token not in repr(raw_rows)
    assert find_token(session, token) == record
    assert find_token(session, token + "x") is None


def test_code_is_consumed_exactly_once(session: Session) -> None:
    """T45: the second consume (a replay, or a second worker) loses."""
    token, record = issue(7, "Hi", "owner@shop.example", NOW, 72)
    session.add(ApprovalToken.from_record(record, NOW))
    session.commit()
    later = NOW + timedelta(minutes=5)
    assert consume_token(session, record.digest, later, "<r1@x>")
    assert not consume_token(session, record.digest, later, "<r2@x>")
    session.commit()
    stored = find_token(session, token)
    assert stored is not None
    assert stored.consumed_at == later
