"""Orders and customers from a Shopify store through the Admin REST API.

Read-only, nothing cached between calls. Errors are split by what the caller does next:
429, 5xx and network failures are TransientError (retry later); 401/403 (bad token or
missing scope), 404 (no such shop or API version) and other 4xx are PermanentError.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Mapping, Sequence
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any
from urllib.error import HTTPError, URLError
from urllib.parse import urlencode, urlsplit
from urllib.request import Request, urlopen

from responder.errors import ConfigError, PermanentError, TransientError
from responder.models import Customer, Order
from responder.orders.ids import normalise_email, normalise_order_id
from responder.orders.shopify_map import to_customer, to_order

log = logging.getLogger(__name__)
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


class ShopifyOrders:
    """The OrderSource over one Shopify store's Admin REST API."""

    def __init__(
        self,
        base_url: str,
        token: str,
        *,
        vip_ltv: Decimal | int | float = 500,
        timeout: float = 10.0,
    ) -> None:
        """`base_url` like `https://<shop>.myshopify.com/admin/api/2024-10`."""
        if urlsplit(base_url).scheme not in ("http", "https"):
            raise ConfigError(f"orders.shopify_base_url: {base_url!r} is not an http(s) URL")
        self._base = base_url.rstrip("/")
        self._token = token
        self._vip_ltv = Decimal(str(vip_ltv))
        self._timeout = timeout

    def find_order(self, order_id: str) -> Order | None:
        """The order named like this (`#1001`), searched among open, closed and cancelled."""
        key = normalise_order_id(order_id)
        if not key:
            return None
        name = f"#{key}" if key.isdigit() else key
        data = self._get("/orders.json", {"name": name, "status": "any"})
        # The name filter is loose on some API versions: keep only the exact order.
        found = [to_order(o) for o in data.get("orders") or []]
        return next((order for order in found if order.order_id == key), None)

    def orders_for(self, email: str) -> Sequence[Order]:
        """Orders placed by this address (the newest 250), newest first."""
        params = {"email": normalise_email(email), "status": "any", "limit": "250"}
        orders = [to_order(o) for o in self._get("/orders.json", params).get("orders") or []]
        return sorted(orders, key=lambda o: o.created_at or _EPOCH, reverse=True)

    def customer(self, email: str) -> Customer | None:
        """The store's customer with exactly this address, or None."""
        address = normalise_email(email)
        data = self._get("/customers/search.json", {"query": f"email:{address}"})
        for entry in data.get("customers") or []:
            customer = to_customer(entry, vip_ltv=self._vip_ltv)
            if customer.email == address:
                return customer
        return None

    def _get(self, path: str, params: Mapping[str, str]) -> Mapping[str, Any]:
        url = f"{self._base}{path}?{urlencode(params)}"
        headers = {"X-Shopify-Access-Token": self._token, "Accept": "application/json"}
        try:
            # S310: the scheme was checked in __init__, so this cannot open a file: URL.
            request = Request(url, headers=headers)  # noqa: S310
            with urlopen(request, timeout=self._timeout) as resp:  # noqa: S310
                body: bytes = resp.read()
        except HTTPError as exc:
            exc.close()
            raise http_error(exc.code, path) from exc
        except (URLError, OSError) as exc:
            raise TransientError(f"Shopify {path}: cannot reach the shop: {exc}") from exc
        return _decode(body, path)


def http_error(status: int, path: str) -> TransientError | PermanentError:
    """The exception for an HTTP error status from Shopify."""
    if status == 429 or status >= 500:
        return TransientError(f"Shopify {path}: HTTP {status}, try again later")
    if status in (401, 403):
        return PermanentError(
            f"Shopify {path}: HTTP {status}: the access token (secret shopify_token) was "
            "refused or lacks the read_orders / read_customers scope"
        )
    if status == 404:
        return PermanentError(f"Shopify {path}: HTTP 404: check orders.shopify_base_url")
    return PermanentError(f"Shopify {path}: HTTP {status}")


def _decode(body: bytes, path: str) -> Mapping[str, Any]:
    try:
        data = json.loads(body)
    except ValueError as exc:
        # A proxy or maintenance page instead of JSON passes; a retry may succeed.
        raise TransientError(f"Shopify {path}: the answer is not JSON") from exc
    if not isinstance(data, dict):
        raise TransientError(f"Shopify {path}: the answer is not a JSON object")
    return data
