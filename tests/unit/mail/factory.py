"""Builders for the guard tests: the header table's ordinary email and a guard context."""

from __future__ import annotations

from dataclasses import replace
from types import MappingProxyType
from typing import Any

from responder.config import GuardsConfig, StoreConfig
from responder.mail.guards import GuardContext, context_for
from responder.models import Inbound, RateStats

KEY = b"test-key-0123456789abcdef"
STORE = StoreConfig(support_address="support@shop.example", aliases=("help@shop.example",))

BASE_HEADERS: dict[str, tuple[str, ...]] = {
    "return-path": ("<alice@cust.example>",),
    "from": ("Alice <alice@cust.example>",),
    "to": ("support@shop.example",),
    "message-id": ("<a1@cust.example>",),
    "subject": ("Where is my order 1234?",),
}
BASELINE = Inbound(
    message_id="<a1@cust.example>",
    from_addr="alice@cust.example",
    from_name="Alice",
    from_addrs=("alice@cust.example",),
    return_path="alice@cust.example",
    to=("support@shop.example",),
    subject="Where is my order 1234?",
    text="Hello, my order 1234 has not arrived yet. Can you check it please?",
    new_text="Hello, my order 1234 has not arrived yet. Can you check it please?",
    headers=MappingProxyType(BASE_HEADERS),
)


def mail(headers: dict[str, tuple[str, ...]] | None = None, **fields: Any) -> Inbound:
    """The baseline email with extra headers merged in and fields replaced."""
    merged = {**BASE_HEADERS, **(headers or {})}
    return replace(BASELINE, headers=MappingProxyType(merged), **fields)


def ctx(rates: RateStats | None = None, caps: GuardsConfig | None = None) -> GuardContext:
    """The guard context of shop.example with the given rate counters."""
    return context_for(STORE, caps or GuardsConfig(), KEY, rates or RateStats())
