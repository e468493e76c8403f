"""Write a new Alembic migration from the difference between the tables and a fresh database.

Usage: .venv/bin/python scripts/new_migration.py "what changed"
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from alembic import command
from alembic.config import Config

from responder.store.db import MIGRATIONS, open_engine


def main() -> None:
    """Upgrade a scratch SQLite database to head, then autogenerate the next revision."""
    with tempfile.TemporaryDirectory() as tmp:
        engine = open_engine(f"sqlite:///{Path(tmp) / 'scratch.db'}")
        cfg = Config()
        cfg.set_main_option("script_location", str(MIGRATIONS))
        with engine.begin() as conn:
            cfg.attributes["connection"] = conn
            command.upgrade(cfg, "head")
            command.revision(cfg, message=sys.argv[1], autogenerate=True)


if __name__ == "__main__":
    main()
