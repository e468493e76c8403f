"""The customers.owner_tags migration on SQLite and PostgreSQL: old rows read as untagged."""

from __future__ import annotations

from pathlib import Path

import pytest
import sqlalchemy as sa

from responder.orders.csvimport import import_csv
from responder.orders.local import LocalOrders
from responder.store.db import migrate, open_engine

pytestmark = pytest.mark.integration


def test_owner_tags_round_trip_after_migration(database_url: str, tmp_path: Path) -> None:
    """A customer row written without the column gets []; a CSV's tags are stored and read."""
    engine = open_engine(database_url)
    try:
        migrate(engine)
        with engine.begin() as conn:
            conn.execute(sa.text("INSERT INTO customers (email, name, tags, linked_emails, notes) "
                                 "VALUES ('old@x.example', 'Old', '[\"repeat_complainer\"]', '[]', '')"))
        csv = tmp_path / "o.csv"
        csv.write_text('order_id,email,total,tags\n1,ann@x.example,10,"VIP, no_auto"\n'
                       "2,old@x.example,10,\n", encoding="utf-8")
        assert import_csv(csv, engine).errors == ()
        local = LocalOrders(engine)
        ann, old = local.customer("ann@x.example"), local.customer("old@x.example")
        assert ann is not None and ann.owner_tags == frozenset({"vip", "no_auto"})
        assert old is not None
        assert (old.owner_tags, old.tags) == (frozenset(), frozenset({"repeat_complainer"}))
    finally:
        engine.dispose()
