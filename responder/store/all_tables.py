"""Imports every module that defines tables, so the metadata (and Alembic) sees them all."""

from responder.approval import tables as approval_tables
from responder.orders import tables as order_tables
from responder.store import llm_usage, tables

__all__ = ["approval_tables", "llm_usage", "order_tables", "tables"]
