"""The order-data tables: orders, customers and complaints, in the shared SQLModel metadata.

Plain, portable types only (the store's Alembic migrations are generated from this
metadata and must run on SQLite and PostgreSQL): money is integer cents, times are
UTC (`store.tables.UtcDateTime`), lists are generic JSON.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from responder.protocols import utc_now
from responder.store.tables import utc_column


def _json_list() -> Any:
    return sa.Column(sa.JSON, nullable=False)


class OrderRow(SQLModel, table=True):
    """One order; `order_id` is the normalised key (`1001`, `ORD-12345`)."""

    __tablename__ = "orders"
    order_id: str = Field(primary_key=True, max_length=64)
    email: str = Field(index=True, max_length=320)
    name: str = ""
    created_at: datetime | None = Field(default=None, sa_column=utc_column())
    total_cents: int = Field(default=0, sa_type=sa.BigInteger)
    currency: str = Field(default="USD", max_length=3)
    payment_status: str = Field(default="paid", max_length=32)
    fulfillment_status: str = Field(default="unfulfilled", max_length=32)
    carrier: str = ""
    tracking_number: str = ""
    tracking_url: str = ""
    shipped_at: datetime | None = Field(default=None, sa_column=utc_column())
    delivered_at: datetime | None = Field(default=None, sa_column=utc_column())
    expected_delivery: datetime | None = Field(default=None, sa_column=utc_column())
    items: list[dict[str, Any]] = Field(default_factory=list, sa_column=_json_list())
    """[{"sku", "name", "quantity", "price_cents", "personalization"}], in order."""
    weight_grams: int | None = None
    expected_weight_grams: int | None = None
    shipping_address: str = ""
    updated_at: datetime = Field(default_factory=utc_now, sa_column=utc_column(nullable=False))


class CustomerRow(SQLModel, table=True):
    """What the owner set on a customer; totals are computed from orders, never stored."""

    __tablename__ = "customers"
    email: str = Field(primary_key=True, max_length=320)
    name: str = ""
    tags: list[str] = Field(default_factory=list, sa_column=_json_list())
    """Tags the responder (or `tag_customer`) set."""
    linked_emails: list[str] = Field(default_factory=list, sa_column=_json_list())
    """Other addresses of the same person; kept symmetric across the whole group."""
    notes: str = Field(default="", sa_type=sa.Text)
    owner_tags: list[str] = Field(
        default_factory=list, sa_column=sa.Column(sa.JSON, nullable=False, server_default="[]"))
    """The owner's tags from the orders CSV `tags` column (vip, suspicious, no_auto, ...)."""


class ComplaintRow(SQLModel, table=True):
    """One recorded complaint, so the owner can see trends and repeat complainers."""

    __tablename__ = "complaints"
    id: int | None = Field(default=None, primary_key=True)
    email: str = Field(index=True, max_length=320)
    order_id: str = Field(default="", max_length=64)
    intent: str = Field(default="other", max_length=64)
    product: str = ""
    reason: str = Field(default="", sa_type=sa.Text)
    outcome: str = ""
    created_at: datetime = Field(default_factory=utc_now, sa_column=utc_column(nullable=False))
