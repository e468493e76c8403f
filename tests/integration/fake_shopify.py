"""A fake Shopify GraphQL Admin API on loopback: the documented subset ShopifyOrders uses.

POST /admin/api/<version>/graphql.json with `X-Shopify-Access-Token`; the operations
`Orders` (search `name:"#1001" OR name:"1001"` or `email:"..."`, newest first, cursor
paging through `pageInfo { hasNextPage endCursor }`), `Customers` (search `email:"..."`)
and `Scopes` (`currentAppInstallation.accessScopes`). Answers carry `extensions.cost`;
`throttle` answers THROTTLED that many times first; a scope the token lacks gives
ACCESS_DENIED; a wrong token gives HTTP 401. Error bodies are the recorded ones under
tests/data/orders/shopify_graphql/. The server does not parse GraphQL: it returns whole
nodes, which holds every field the queries select.
"""

from __future__ import annotations

import base64
import json
import re
from pathlib import Path
from typing import Any

from .fake_http import JsonHandler, JsonServer

DATA = Path(__file__).parents[1] / "data" / "orders" / "shopify_graphql"
VERSION = "2025-10"
TOKEN = "shpat_test_0123456789"
ALL_SCOPES = frozenset({"read_orders", "read_customers", "read_fulfillments"})
NEEDS = {"Orders": "read_orders", "Customers": "read_customers"}
_TERM = re.compile(r'(\w+):"((?:[^"\\]|\\.)*)"')


def recorded(name: str) -> Any:
    """A recorded body from the fixtures folder."""
    return json.loads((DATA / name).read_text(encoding="utf-8"))


class FakeShopify(JsonServer):
    """The shop's state: its orders and customers, its token, the token's scopes."""

    def __init__(self, orders: list[dict[str, Any]], customers: list[dict[str, Any]]) -> None:
        super().__init__(Handler)
        self.orders, self.customers = orders, customers
        self.token = TOKEN
        self.scopes = set(ALL_SCOPES)
        self.page_cap = 250
        """Most nodes per page (Shopify's own limit is 250); tests lower it to force paging."""
        self.throttle = 0
        self.available = 2000.0

    @property
    def url(self) -> str:
        """What the owner puts in orders.shopify_base_url."""
        return self.root


class Handler(JsonHandler):
    """Answers GraphQL POSTs like the Admin API."""

    server: FakeShopify

    def do_POST(self) -> None:  # noqa: N802 - the name http.server calls
        """One GraphQL request."""
        length = int(self.headers.get("Content-Length", "0"))
        body = json.loads(self.rfile.read(length) or b"{}")
        token = self.headers.get("X-Shopify-Access-Token", "")
        self.server.requests.append({"path": self.path, "token": token, **body})
        if self.server.status_override:
            self.reply(self.server.status_override, {"errors": "Service Unavailable"},
                       {"Retry-After": "0.05"} if self.server.status_override == 429 else None)
        elif self.path != f"/admin/api/{VERSION}/graphql.json":
            self.reply(404, {"errors": "Not Found"})
        elif token != self.server.token:
            self.reply(401, recorded("invalid_token.json"))
        else:
            self.reply(200, self._answer(body))

    def _answer(self, body: dict[str, Any]) -> dict[str, Any]:
        operation = re.search(r"query\s+(\w+)", body.get("query", ""))
        name = operation.group(1) if operation else ""
        if self.server.throttle > 0:
            self.server.throttle -= 1
            return recorded("throttled.json")
        scope = NEEDS.get(name)
        if scope and scope not in self.server.scopes:
            return _access_denied(name.lower(), scope)
        variables = body.get("variables") or {}
        data = {"Orders": self._orders, "Customers": self._customers, "Scopes": self._scopes}[name](variables)
        return {"data": data, "extensions": _cost(self.server.available)}

    def _orders(self, variables: dict[str, Any]) -> dict[str, Any]:
        terms = _TERM.findall(variables["query"])
        found = [o for o in self.server.orders if any(_matches(o, k, v) for k, v in terms)]
        found.sort(key=lambda o: o["createdAt"], reverse=True)
        start = int(base64.b64decode(variables["after"])) if variables.get("after") else 0
        size = min(int(variables["first"]), self.server.page_cap)
        page = found[start:start + size]
        more = start + size < len(found)
        cursor = base64.b64encode(str(start + size).encode()).decode() if page else None
        return {"orders": {"pageInfo": {"hasNextPage": more, "endCursor": cursor}, "nodes": page}}

    def _customers(self, variables: dict[str, Any]) -> dict[str, Any]:
        terms = _TERM.findall(variables["query"])
        found = [c for c in self.server.customers if any(_matches(c, k, v) for k, v in terms)]
        return {"customers": {"nodes": found[:5]}}

    def _scopes(self, _: dict[str, Any]) -> dict[str, Any]:
        handles = [{"handle": s} for s in sorted(self.server.scopes)]
        return {"currentAppInstallation": {"accessScopes": handles}}


def _matches(node: dict[str, Any], key: str, value: str) -> bool:
    value = value.replace('\\"', '"').replace("\\\\", "\\").lower()
    if key == "name":
        # Shopify's name search is loose: a prefix matches (#100 finds #1001).
        return str(node.get("name", "")).lower().startswith(value)
    if key == "email":
        return str(node.get("email") or "").lower() == value
    return False


def _cost(available: float) -> dict[str, Any]:
    status = {"maximumAvailable": 2000.0, "currentlyAvailable": available, "restoreRate": 100.0}
    return {"cost": {"requestedQueryCost": 52, "actualQueryCost": 12, "throttleStatus": status}}


def _access_denied(field: str, scope: str) -> dict[str, Any]:
    body: dict[str, Any] = recorded("access_denied.json")
    error = body["errors"][0]
    error["message"] = error["message"].replace("{field}", field).replace("{scope}", scope)
    error["path"] = [field]
    error["extensions"]["requiredAccess"] = f"`{scope}` access scope."
    return body
