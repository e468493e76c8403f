"""A fake WooCommerce REST API v3 on loopback: the documented subset WooCommerceOrders uses.

GET /wp-json/wc/v3/orders/<id>, /orders?search=&per_page=&page=&orderby=date&order=desc
(with the `X-WP-Total` and `X-WP-TotalPages` headers) and /customers?email=&role=all,
behind HTTP basic auth with a consumer key and secret. A wrong key gives 401, a key without
read permission 403, an unknown id or route 404, each with WooCommerce's error body
(`code`, `message`, `data.status`, recorded under tests/data/orders/woocommerce/).
"""

from __future__ import annotations

import base64
import json
import re
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

from .fake_http import JsonHandler, JsonServer

DATA = Path(__file__).parents[1] / "data" / "orders" / "woocommerce"
KEY = "ck_0123456789abcdef0123456789abcdef01234567"
SECRET = "cs_0123456789abcdef0123456789abcdef01234567"
API = "/wp-json/wc/v3"


def recorded(name: str) -> Any:
    """A recorded body from the fixtures folder."""
    return json.loads((DATA / name).read_text(encoding="utf-8"))


class FakeWooCommerce(JsonServer):
    """The store's state: orders, customers, and the one API key with its permission."""

    def __init__(self, orders: list[dict[str, Any]], customers: list[dict[str, Any]]) -> None:
        super().__init__(Handler)
        self.orders, self.customers = orders, customers
        self.permission = "read"
        """read | write | read_write | none (a key the owner made without read access)."""
        self.page_cap = 100
        """Most entries per page (WooCommerce's own limit is 100); tests lower it."""

    @property
    def url(self) -> str:
        """What the owner puts in orders.woocommerce_url."""
        return self.root


class Handler(JsonHandler):
    """Answers GETs like WooCommerce."""

    server: FakeWooCommerce

    def do_GET(self) -> None:  # noqa: N802 - the name http.server calls
        """One REST request."""
        url = urlsplit(self.path)
        query = {k: v[-1] for k, v in parse_qs(url.query).items()}
        self.server.requests.append({"path": url.path, "query": query, "auth": self._user()})
        if self.server.status_override:
            self.reply(self.server.status_override, recorded("internal_error.json"),
                       {"Retry-After": "0.05"} if self.server.status_override == 429 else None)
        elif self._user() != (KEY, SECRET):
            self.reply(401, recorded("invalid_key.json"))
        elif self.server.permission not in ("read", "read_write"):
            self.reply(403, recorded("cannot_view.json"))
        else:
            self._route(url.path, query)

    def _user(self) -> tuple[str, str] | None:
        header = self.headers.get("Authorization", "")
        if not header.startswith("Basic "):
            return None
        user, _, password = base64.b64decode(header[6:]).decode().partition(":")
        return user, password

    def _route(self, path: str, query: dict[str, str]) -> None:
        one = re.fullmatch(rf"{API}/orders/(\d+)", path)
        if one:
            found = [o for o in self.server.orders if str(o["id"]) == one.group(1)]
            self.reply(200, found[0]) if found else self.reply(404, recorded("invalid_id.json"))
        elif path == f"{API}/orders":
            self._list(sorted((o for o in self.server.orders if _search(o, query.get("search", ""))),
                              key=lambda o: o["date_created_gmt"], reverse=True), query)
        elif path == f"{API}/customers":
            email = query.get("email", "").lower()
            self._list([c for c in self.server.customers if not email or c["email"].lower() == email], query)
        else:
            self.reply(404, recorded("no_route.json"))

    def _list(self, found: list[dict[str, Any]], query: dict[str, str]) -> None:
        size = min(int(query.get("per_page", "10")), self.server.page_cap)
        page = int(query.get("page", "1"))
        pages = max(1, -(-len(found) // size))
        headers = {"X-WP-Total": str(len(found)), "X-WP-TotalPages": str(pages)}
        self.reply(200, found[(page - 1) * size:page * size], headers)


def _search(order: dict[str, Any], term: str) -> bool:
    """WooCommerce's search looks in many fields (number, names, emails, addresses)."""
    if not term:
        return True
    billing = order.get("billing") or {}
    fields = [str(order.get("number", "")), *map(str, billing.values()),
              *map(str, (order.get("shipping") or {}).values())]
    return any(term.lower() in f.lower() for f in fields)
