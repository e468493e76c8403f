"""The [policy] section of config.toml: every threshold of docs/policy.md, with its default."""

from __future__ import annotations

from decimal import Decimal
from typing import Literal

from pydantic import Field, field_validator

from responder.config_base import StrictModel
from responder.models import Intent

# Where a carrier's tracking page lives; `{number}` is replaced by the URL-quoted tracking
# number. Matched case-insensitively as a substring of the order's carrier name.
DEFAULT_TRACKING_URLS: dict[str, str] = {
    "usps": "https://tools.usps.com/go/TrackConfirmAction?tLabels={number}",
    "ups": "https://www.ups.com/track?tracknum={number}",
    "fedex": "https://www.fedex.com/fedextrack/?trknbr={number}",
    "dhl": "https://www.dhl.com/global-en/home/tracking/tracking-express.html?submit=1&tracking-id={number}",
}


class PolicyConfig(StrictModel):
    """How generous the store is, what may go out without approval, and who approves what."""

    currency: str = "USD"
    """Currency of every amount below; orders in another currency are never auto-conceded
    unless `rates` lists it."""
    rates: dict[str, Decimal] = Field(default_factory=dict)
    """Fixed rates into `currency`, e.g. { EUR = 1.08 } (1 EUR counts as 1.08 USD): orders and
    lifetime value in a listed currency are compared with the amounts here; others never."""
    vip_ltv: Decimal = Field(default=Decimal(500), ge=0)
    """Lifetime value (sum of paid orders) above which a customer is treated as VIP."""
    loyal_order_count: int = Field(default=0, ge=0)
    """Customers with at least this many orders also get VIP treatment; 0 turns this off."""
    park_first_time_buyers: bool = False
    """Concessions to a first-time buyer (one order or fewer) always wait for approval."""
    reship_below: Decimal = Field(default=Decimal(50), ge=0)
    """Delivered-but-not-received orders with a total below this get a reship suggested."""
    keep_item_below: Decimal = Field(default=Decimal(20), ge=0)
    """Returns of orders below this are refunded without sending the item back."""
    signature_above: Decimal = Field(default=Decimal(250), ge=0)
    """Orders above this should ship with signature confirmation; flagged to the approver."""
    goodwill_credit: Decimal = Field(default=Decimal(25), ge=0)
    """Store credit suggested to the approver (never to the customer) after a public complaint."""
    cancel_fee: Decimal = Field(default=Decimal(0), ge=0)
    """Processing fee for cancelling an order that has already shipped; 0 means none."""
    refund_days: int = Field(default=5, ge=1)
    """Business days a refund takes to reach the customer (stated in refund replies)."""
    handling_days: int | None = Field(default=None, ge=0, examples=[2])
    """Days from order to dispatch, to state an expected ship date; unset states no date."""
    weight_tolerance_grams: int = Field(default=20, ge=0)
    """A parcel this close to its expected weight counts as complete (missing-item claims)."""
    remake_free_for_vip: bool = True
    """A VIP's own personalization mistake is remade free; others pay the cost."""
    abusive_reply: Literal["short", "none"] = "short"
    """Abusive mail gets a short calm draft (parked), or no reply at all."""
    holding_reply_hours: int = Field(default=24, ge=1, le=168)
    """The holding reply promises a personal answer within this many hours."""
    auto_send_info: tuple[Intent, ...] = (
        Intent.WHERE_IS_MY_ORDER,
        Intent.LOST_OR_DELAYED,
        Intent.CANCEL_ORDER,
        Intent.ADDRESS_CHANGE,
        Intent.OTHER,
    )
    """Intents whose informational replies (status, tracking, explanations) go out at once."""
    auto_send: tuple[Intent, ...] = ()
    """Intents whose in-policy concessions (reship, refund, cancel...) go out without approval."""
    auto_send_clarifying: bool = True
    """Questions that state no order facts (order number? which address?) go out at once."""
    approvers: dict[Intent, str] = Field(default_factory=lambda: {Intent.PAYMENT_ISSUE: "accounting"})
    """Approver group per intent for parked drafts; intents not listed go to `default_approver`."""
    default_approver: str = "owner"
    tracking_urls: dict[str, str] = Field(default_factory=lambda: dict(DEFAULT_TRACKING_URLS))
    """Carrier name (lower case) -> tracking page with `{number}`; used when an order has none."""

    @field_validator("rates")
    @classmethod
    def _rates_are_codes(cls, rates: dict[str, Decimal]) -> dict[str, Decimal]:
        bad = [code for code, rate in rates.items() if len(code) != 3 or not code.isupper() or rate <= 0]
        if bad:
            raise ValueError(f"{', '.join(bad)}: use 3-letter codes and rates above 0, e.g. EUR = 1.08")
        return rates

    def in_currency(self, amount: Decimal, currency: str) -> Decimal | None:
        """`amount` in the store's currency, or None when no rate for `currency` is set."""
        rate = Decimal(1) if currency == self.currency else self.rates.get(currency)
        return None if rate is None else amount * rate

    def approver_for(self, intent: Intent) -> str:
        """The approver group a parked draft of this intent goes to."""
        return self.approvers.get(intent, self.default_approver)
