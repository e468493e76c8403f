"""Orders and customers from a Shopify store through the GraphQL Admin API.

Read-only, nothing cached between calls. Cost-based throttling is honoured: each query
first waits until the bucket the last answer reported (`extensions.cost.throttleStatus`)
holds its cost (shopify_cost.py), and a THROTTLED answer (HTTP 200 with that error code,
or HTTP 429) waits until it does, through tenacity, then retries.
Errors are split by what the caller does next: throttling that does not clear, 5xx and
network failures are TransientError (retry later); 401/403 (bad token), ACCESS_DENIED
(missing scope), 404 (no such shop or API version) and other 4xx are PermanentError.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from datetime import UTC, datetime
from typing import Any

import httpx2 as httpx

from responder.errors import PermanentError, TransientError
from responder.models import Customer, Order
from responder.orders import shopify_queries as q
from responder.orders.http import HttpSettings, Json, ShopHttp, Throttled, check_url, decode, retry_after
from responder.orders.ids import normalise_email, normalise_order_id, number_part, pick
from responder.orders.money import Valuation
from responder.orders.shopify_cost import CostBucket, refill_seconds
from responder.orders.shopify_map import nodes, to_customer, to_order

API_VERSION = "2025-10"
"""The pinned GraphQL Admin API version (Shopify supports each for at least 12 months)."""
PAGE = 8
"""Orders per page: the most whose query cost stays under Shopify's 1,000 points."""
MAX_ORDERS = 80
"""A customer's newest orders read at most (ten pages)."""
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_API_PATH = re.compile(r"/admin(/api(/[^/]*)?)?/?$")


class ShopifyOrders:
    """The OrderSource over one Shopify store's GraphQL Admin API."""

    def __init__(self, shop_url: str, token: str, *, valuation: Valuation | None = None,
                 settings: HttpSettings | None = None, api_version: str = API_VERSION) -> None:
        """`shop_url` like `https://<shop>.myshopify.com` (an old `/admin/api/...` tail is ignored)."""
        root = _API_PATH.sub("", check_url(shop_url, "shopify_base_url"))
        self.endpoint = f"{root}/admin/api/{api_version}/graphql.json"
        self._valuation = valuation or Valuation()
        self._http = ShopHttp(settings or HttpSettings("Shopify"),
                              headers={"X-Shopify-Access-Token": token})
        self.bucket = CostBucket(self._http.settings.max_wait)

    def find_order(self, order_id: str) -> Order | None:
        """The order named like this (`#1001`, `1001`), among open, closed and cancelled."""
        key = normalise_order_id(order_id)
        if not key:
            return None
        number = number_part(key) or key
        names = dict.fromkeys([f"#{number}", number, key] if number.isdigit() else [key])
        search = " OR ".join(f"name:{q.search_value(n)}" for n in names)
        page = self.query(q.ORDERS, {"query": search, "first": 5})["orders"]
        # The search is loose (a prefix matches): keep the exact order, or the one number.
        return pick((to_order(o) for o in nodes(page, "nodes")), key)

    def orders_for(self, email: str) -> Sequence[Order]:
        """Orders placed by this address (the newest 80), newest first, page by page."""
        address = normalise_email(email)
        found: list[Order] = []
        after: str | None = None
        while len(found) < MAX_ORDERS:
            variables = {"query": f"email:{q.search_value(address)}", "first": PAGE, "after": after}
            page = self.query(q.ORDERS, variables)["orders"]
            found += [o for o in map(to_order, nodes(page, "nodes")) if o.email == address]
            info = page.get("pageInfo") or {}
            after = info.get("endCursor")
            if not info.get("hasNextPage") or not after:
                break
        return sorted(found, key=lambda o: o.created_at or _EPOCH, reverse=True)

    def customer(self, email: str) -> Customer | None:
        """The store's customer with exactly this address, or None."""
        address = normalise_email(email)
        data = self.query(q.CUSTOMERS, {"query": f"email:{q.search_value(address)}"})
        customers = [to_customer(c, self._valuation) for c in nodes(data["customers"], "nodes")]
        return next((c for c in customers if c.email == address), None)

    def granted_scopes(self) -> frozenset[str]:
        """The access scopes the token has (one authenticated read, for check-config)."""
        data = self.query(q.SCOPES, {})
        scopes = (data.get("currentAppInstallation") or {}).get("accessScopes") or []
        return frozenset(str(s.get("handle", "")) for s in scopes)

    def query(self, document: str, variables: Mapping[str, Any]) -> Json:
        """The `data` of one GraphQL query, throttling waited out, errors classified."""
        self.bucket.before()
        body = {"query": document, "variables": dict(variables)}
        response = self._http.send("POST", self.endpoint, _classify, json=body)
        answer = decode(response, "Shopify")
        self.bucket.after(answer)
        data: Json = answer["data"]
        return data

    def close(self) -> None:
        """Close the connection pool."""
        self._http.close()


def _classify(response: httpx.Response) -> None:
    """Raise for anything but a successful GraphQL answer."""
    if response.status_code != 200:
        raise http_error(response)
    body = decode(response, "Shopify")
    if not isinstance(body, dict):
        raise TransientError("Shopify: the answer is not a JSON object")
    errors = body.get("errors") or []
    codes = {str((e.get("extensions") or {}).get("code", "")) for e in errors if isinstance(e, dict)}
    if "THROTTLED" in codes:
        raise Throttled("Shopify: throttled, the query cost bucket is empty", refill_seconds(body))
    if errors:
        raise graphql_error(errors, codes)
    if not isinstance(body.get("data"), dict):
        raise TransientError("Shopify: the answer has no data")


def http_error(response: httpx.Response) -> TransientError | PermanentError:
    """The exception for an HTTP error status from Shopify."""
    status = response.status_code
    if status == 429:
        return Throttled("Shopify: HTTP 429, too many requests", retry_after(response))
    if status >= 500:
        return TransientError(f"Shopify: HTTP {status}, try again later")
    if status in (401, 403):
        return PermanentError(
            f"Shopify: HTTP {status}: the access token (secret shopify_token) was refused; "
            "create a new one in the app's API credentials"
        )
    if status == 404:
        return PermanentError("Shopify: HTTP 404: no such shop or API version, check orders.shopify_base_url")
    return PermanentError(f"Shopify: HTTP {status}")


def graphql_error(errors: Sequence[Any], codes: set[str]) -> PermanentError | TransientError:
    """The exception for GraphQL errors in a 200 answer."""
    messages = "; ".join(str(e.get("message", "")) for e in errors if isinstance(e, dict))
    if "ACCESS_DENIED" in codes:
        return PermanentError(f"Shopify: access denied, the app lacks a scope: {messages}")
    if "INTERNAL_SERVER_ERROR" in codes:
        return TransientError(f"Shopify: internal error, try again later: {messages}")
    return PermanentError(f"Shopify: the query was refused: {messages}")
