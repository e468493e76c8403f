"""Orders and customers from a WooCommerce store through its REST API v3 (`/wp-json/wc/v3/`).

Read-only, HTTP basic auth with the consumer key and secret (secrets `woocommerce_key`,
`woocommerce_secret`), which WooCommerce accepts over https only. Lists are read page by
page (`page`, `per_page`, the `X-WP-TotalPages` header). Errors: 429, 5xx and network
failures are TransientError; 401 (wrong key), 403 (key without read permission), 404 (no
WooCommerce REST API at that address) and other 4xx are PermanentError.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import UTC, datetime
from typing import Any

import httpx2 as httpx

from responder.errors import PermanentError, TransientError
from responder.models import Customer, Order
from responder.orders.http import HttpSettings, ShopHttp, Throttled, check_url, decode, retry_after
from responder.orders.ids import normalise_email, normalise_order_id, number_part, pick
from responder.orders.money import Valuation
from responder.orders.woo_map import to_customer, to_order

PER_PAGE = 100
MAX_PAGES = 5
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


class WooCommerceOrders:
    """The OrderSource over one WooCommerce store."""

    def __init__(self, store_url: str, key: str, secret: str, *, valuation: Valuation | None = None,
                 settings: HttpSettings | None = None, tags_meta: str = "tags") -> None:
        """`store_url` like `https://shop.example` (the WordPress site)."""
        self.api = check_url(store_url, "woocommerce_url") + "/wp-json/wc/v3"
        self._valuation = valuation or Valuation()
        self._tags_meta = tags_meta
        self._http = ShopHttp(settings or HttpSettings("WooCommerce"), auth=(key, secret))

    def find_order(self, order_id: str) -> Order | None:
        """The order with this number (`#1001`, `1001`); a renumbering plugin's numbers too."""
        key = normalise_order_id(order_id)
        if not key:
            return None
        number = number_part(key) or key
        if number.isdigit():
            # By default the number is the id: one cheap read.
            data = self._get(f"/orders/{number}", {}, missing_ok=True)
            hit = pick([to_order(data)] if isinstance(data, Mapping) else [], key)
            if hit is not None:
                return hit
        found = self._get("/orders", {"search": number if number.isdigit() else key, "per_page": "20"})
        return pick((to_order(o) for o in found if isinstance(o, Mapping)), key)

    def orders_for(self, email: str) -> Sequence[Order]:
        """Orders whose billing address is this one (the newest 500), newest first."""
        address = normalise_email(email)
        found: list[Order] = []
        for page in range(1, MAX_PAGES + 1):
            params = {"search": address, "per_page": str(PER_PAGE), "page": str(page),
                      "orderby": "date", "order": "desc"}
            entries, pages = self._page("/orders", params)
            # `search` also matches names and notes: keep the billing address only.
            found += [o for o in map(to_order, entries) if o.email == address]
            if page >= pages:
                break
        return sorted(found, key=lambda o: o.created_at or _EPOCH, reverse=True)

    def customer(self, email: str) -> Customer | None:
        """The registered customer or guest buyer with this address, or None for a stranger."""
        address = normalise_email(email)
        found = self._get("/customers", {"email": address, "role": "all"})
        account = next((c for c in found if isinstance(c, Mapping)
                        and normalise_email(str(c.get("email", ""))) == address), None)
        orders = self.orders_for(address)
        if account is None and not orders:
            return None
        return to_customer(account, address, orders, self._valuation, self._tags_meta)

    def probe(self) -> None:
        """One authenticated read of orders and customers (check-config)."""
        self._get("/orders", {"per_page": "1"})
        self._get("/customers", {"per_page": "1", "role": "all"})

    def close(self) -> None:
        """Close the connection pool."""
        self._http.close()

    def _page(self, path: str, params: Mapping[str, str]) -> tuple[list[Mapping[str, Any]], int]:
        response = self._http.send("GET", self.api + path, _classify, params=params)
        body = decode(response, "WooCommerce")
        if not isinstance(body, list):
            raise TransientError(f"WooCommerce {path}: expected a list")
        try:
            pages = int(response.headers.get("X-WP-TotalPages", "1"))
        except ValueError:
            pages = 1
        return [e for e in body if isinstance(e, Mapping)], pages

    def _get(self, path: str, params: Mapping[str, str], *, missing_ok: bool = False) -> Any:
        try:
            response = self._http.send("GET", self.api + path, _classify, params=params)
        except NotFound:
            if missing_ok:
                return None
            raise
        return decode(response, "WooCommerce")


class NotFound(PermanentError):
    """HTTP 404: an unknown order id, or no WooCommerce REST API at this address."""


def _classify(response: httpx.Response) -> None:
    status = response.status_code
    if status < 300:
        return
    code = _error_code(response)
    if status == 429:
        raise Throttled("WooCommerce: HTTP 429, too many requests", retry_after(response))
    if status >= 500:
        raise TransientError(f"WooCommerce: HTTP {status}, try again later")
    if status == 401:
        raise PermanentError(
            "WooCommerce: HTTP 401: the consumer key or secret is wrong (secrets woocommerce_key, "
            f"woocommerce_secret; {code})")
    if status == 403:
        raise PermanentError(
            "WooCommerce: HTTP 403: the key has no read permission; in WooCommerce > Settings > "
            f"Advanced > REST API give it Read access ({code})")
    if status == 404:
        raise NotFound(f"WooCommerce: HTTP 404 ({code}): check orders.woocommerce_url")
    raise PermanentError(f"WooCommerce: HTTP {status} ({code})")


def _error_code(response: httpx.Response) -> str:
    """WooCommerce's error code, e.g. `woocommerce_rest_cannot_view`; "" when not JSON."""
    try:
        body = decode(response, "WooCommerce")
    except TransientError:
        return ""
    return str(body.get("code", "")) if isinstance(body, Mapping) else ""
