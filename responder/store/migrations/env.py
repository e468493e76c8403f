"""Alembic environment: runs on the connection handed over by responder.store.db.migrate."""

from __future__ import annotations

from alembic import context
from sqlmodel import SQLModel

import responder.store.all_tables  # noqa: F401  (registers every table on the metadata)

config = context.config
connection = config.attributes.get("connection")
target_metadata = SQLModel.metadata

if connection is None:
    raise RuntimeError("run migrations through responder.store.db.migrate()")
context.configure(connection=connection, target_metadata=target_metadata, render_as_batch=True)
with context.begin_transaction():
    context.run_migrations()
