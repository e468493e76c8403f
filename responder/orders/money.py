"""Lifetime value per currency, and the one figure in the store's currency thresholds use."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from types import MappingProxyType

from responder.models import Order

PAID_STATUSES = frozenset({"paid", "partially_refunded"})
"""Orders whose total counts towards lifetime value."""
VIP_TAG = "vip"


@dataclass(frozen=True)
class Valuation:
    """How a backend turns amounts in many currencies into the store's currency."""

    currency: str = "USD"
    """The store's currency ([policy] currency): every threshold is in it."""
    rates: Mapping[str, Decimal] = field(default_factory=lambda: MappingProxyType({}))
    """Fixed rates the owner set: 1 unit of the key is worth this much store currency."""
    vip_ltv: Decimal = Decimal(500)

    def in_store_currency(self, amounts: Mapping[str, Decimal]) -> Decimal:
        """The sum of what can be expressed in the store's currency; others are left out."""
        total = Decimal(0)
        for code, amount in amounts.items():
            rate = Decimal(1) if code == self.currency else self.rates.get(code)
            if rate is not None:
                total += amount * rate
        return total.quantize(Decimal("0.01"))

    def responder_tags(self, ltv: Decimal) -> frozenset[str]:
        """Tags the responder sets itself from the figures: `vip` above the threshold."""
        return frozenset({VIP_TAG}) if ltv > self.vip_ltv else frozenset()


def per_currency(orders: Iterable[Order]) -> Mapping[str, Decimal]:
    """Paid order totals summed per currency: {"USD": 54.00, "EUR": 20.00}."""
    return add_up((o.payment_status, o.currency, o.total) for o in orders)


def add_up(totals: Iterable[tuple[str, str, Decimal]]) -> Mapping[str, Decimal]:
    """(payment status, currency, total) of orders -> paid totals per currency."""
    sums: dict[str, Decimal] = {}
    for status, currency, total in totals:
        if status in PAID_STATUSES:
            sums[currency] = sums.get(currency, Decimal(0)) + total
    return MappingProxyType(sums)


def parse_tags(text: str) -> frozenset[str]:
    """Tags as an owner types them: `VIP, no_auto; Wholesale` -> {vip, no_auto, wholesale}."""
    parts = text.replace(";", ",").split(",")
    return frozenset(p.strip().lower() for p in parts if p.strip())
