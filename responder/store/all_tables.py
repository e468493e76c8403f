"""Imports every module that defines tables, so the metadata (and Alembic) sees them all."""

from responder.store import tables

__all__ = ["tables"]
