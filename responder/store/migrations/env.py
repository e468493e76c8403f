"""Alembic environment: runs on the connection handed over by responder.store.db.migrate."""

from __future__ import annotations

from alembic import context

config = context.config
connection = config.attributes.get("connection")
# Migrations are written by hand and only applied here, so no table metadata is needed (it is
# only read by `--autogenerate`); importing every feature's tables from `store` would make
# store depend on the features that build on it.
target_metadata = config.attributes.get("target_metadata")

if connection is None:
    raise RuntimeError("run migrations through responder.store.db.migrate()")
context.configure(connection=connection, target_metadata=target_metadata, render_as_batch=True)
with context.begin_transaction():
    context.run_migrations()
