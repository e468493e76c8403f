"""Fixtures for the order-data tests: a real SQLite file with the tables created."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa
from sqlalchemy import Engine
from sqlmodel import SQLModel

import responder.orders.tables  # noqa: F401 - registers the tables in the metadata
from responder.orders.local import LocalOrders

DATA = Path(__file__).parents[2] / "data" / "orders"


@pytest.fixture
def engine(tmp_path: Path) -> Iterator[Engine]:
    """A fresh SQLite database file with every table."""
    engine = sa.create_engine(f"sqlite:///{tmp_path / 'orders.db'}")
    SQLModel.metadata.create_all(engine)
    yield engine
    engine.dispose()


@pytest.fixture
def local(engine: Engine) -> LocalOrders:
    """LocalOrders over the fresh database, with the default VIP threshold of 500."""
    return LocalOrders(engine, vip_ltv=500)


def write_csv(path: Path, *lines: str) -> Path:
    """Write a CSV file from lines and return its path."""
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path
