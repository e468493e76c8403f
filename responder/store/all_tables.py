"""Imports every module that defines tables, so the metadata (and Alembic) sees them all."""

from responder.orders import tables as order_tables
from responder.store import tables

__all__ = ["order_tables", "tables"]
