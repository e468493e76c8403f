"""Imports every module that defines tables, so the metadata (and Alembic) sees them all."""

from responder.approval import tables as approval_tables
from responder.orders import tables as order_tables
from responder.store import tables

__all__ = ["approval_tables", "order_tables", "tables"]
