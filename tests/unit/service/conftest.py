"""A migrated SQLite database and a config for the service tests."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy.engine import Engine

from responder.config import Config
from responder.store.db import migrate, open_engine


@pytest.fixture
def engine(tmp_path: Path) -> Iterator[Engine]:
    """An empty, migrated database file."""
    eng = open_engine(f"sqlite:///{tmp_path / 'service.db'}")
    migrate(eng)
    yield eng
    eng.dispose()


@pytest.fixture
def cfg() -> Config:
    """A config with the store's addresses."""
    return Config.model_validate({"store": {"name": "Test Shop", "support_address": "support@shop.example",
                                            "owner_address": "owner@shop.example"}})
