"""The seams: every stage that touches the world, or that a later issue swaps, is a Protocol.

Real adapters and test fakes are passed in through constructors by the composition root
(`daemon.py`); nothing is patched by import path.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Protocol

from responder.models import (
    Customer,
    Decision,
    Draft,
    Inbound,
    Order,
    PolicyInput,
    RateStats,
    ThreadFacts,
    Triage,
)


class Clock(Protocol):
    """Tells the time; tests pass a fixed clock."""

    def now(self) -> datetime:
        """The current time, timezone-aware (UTC)."""
        ...


class Triager(Protocol):
    """Works out what an email is about."""

    def classify(self, inbound: Inbound) -> Triage:
        """Language, intent with confidence, extracted ids and signals of one email."""
        ...


class OrderSource(Protocol):
    """Where orders and customer profiles come from (local tables, Shopify, ...)."""

    def find_order(self, order_id: str) -> Order | None:
        """The order with this id (as the customer wrote it, normalised), or None."""
        ...

    def orders_for(self, email: str) -> Sequence[Order]:
        """Orders placed by this address, newest first."""
        ...

    def customer(self, email: str) -> Customer | None:
        """The profile of the customer with this address, or None for a stranger."""
        ...


class Policy(Protocol):
    """Decides what to do; pure."""

    def decide(self, data: PolicyInput) -> Decision:
        """The decision for one email, with its reasons."""
        ...


class Drafter(Protocol):
    """Renders the reply the decision asks for, in the customer's language."""

    def draft(self, decision: Decision, data: PolicyInput, inbound: Inbound) -> Draft:
        """The reply; raises TemplateFailed when the template cannot be rendered safely."""
        ...

    def holding(self, data: PolicyInput, inbound: Inbound, decision: Decision) -> Draft:
        """The short acknowledgement sent while a person decides."""
        ...


class Polisher(Protocol):
    """Optionally rewrites a draft; returns it unchanged (with notes) on any doubt."""

    def polish(self, draft: Draft, inbound: Inbound, decision: Decision) -> Draft:
        """A friendlier draft stating exactly the same facts, or the original draft."""
        ...


class History(Protocol):
    """What the store remembers about earlier mail (rate caps, conversations)."""

    def rates(self, inbound: Inbound) -> RateStats:
        """Recent activity of this sender and thread, this email excluded."""
        ...

    def thread(self, inbound: Inbound) -> ThreadFacts:
        """Templates and holding replies already sent in this email's conversation."""
        ...
