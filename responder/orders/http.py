"""The one HTTP client every shop backend uses: httpx with timeouts, reuse and a rate limit.

httpx is the client openai already brings in (packaged as `httpx2`). One `ShopHttp` per
backend keeps one connection pool open, spaces requests out (a small shop's hosting must
not see a burst), and retries only when the shop itself says "slow down" (HTTP 429 or a
throttled answer), through tenacity with a wait the shop's hint sets. Everything else is
classified for the caller: retry later (TransientError) or never (PermanentError).
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

import httpx2 as httpx
from tenacity import RetryCallState, Retrying, retry_if_exception_type, stop_after_attempt
from tenacity import wait_random_exponential as jittered

from responder.errors import ConfigError, TransientError

Json = Mapping[str, Any]


class Throttled(TransientError):
    """The shop asked us to slow down; `wait` is its hint in seconds (0: none given)."""

    def __init__(self, message: str, wait: float = 0.0) -> None:
        super().__init__(message)
        self.wait = wait


@dataclass(frozen=True)
class HttpSettings:
    """How one backend talks HTTP."""

    name: str
    """For messages: `Shopify`, `WooCommerce`."""
    timeout: float = 10.0
    requests_per_second: float = 4.0
    throttle_attempts: int = 4
    """Tries of one request while the shop answers 'throttled'."""
    max_wait: float = 20.0
    """Longest single wait for the shop's bucket to refill."""


class RateLimit:
    """Spaces calls at least 1/rate seconds apart, across threads."""

    def __init__(self, per_second: float, clock: Callable[[], float] = time.monotonic) -> None:
        self._gap = 1.0 / per_second if per_second > 0 else 0.0
        self._clock = clock
        self._next = 0.0
        self._lock = threading.Lock()

    def wait(self) -> None:
        """Sleep until this call may go."""
        with self._lock:
            now = self._clock()
            start = max(now, self._next)
            self._next = start + self._gap
        if start > now:
            time.sleep(start - now)


LOOPBACK = frozenset({"127.0.0.1", "::1", "localhost"})


def check_url(url: str, key: str) -> str:
    """An https URL (http only on loopback) without a trailing slash; ConfigError otherwise.

    Every request carries the shop's credentials, so they never travel unencrypted.
    """
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ConfigError(f"orders.{key}: {url!r} is not an https URL")
    if parts.scheme == "http" and parts.hostname not in LOOPBACK:
        raise ConfigError(f"orders.{key}: {url!r}: use https:// (the keys are sent with every request)")
    return url.rstrip("/")


class ShopHttp:
    """One shop's HTTP connection: JSON in and out, classified errors, paced and retried."""

    def __init__(self, settings: HttpSettings, *, headers: Mapping[str, str] | None = None,
                 auth: httpx.Auth | tuple[str, str] | None = None) -> None:
        self.settings = settings
        self._limit = RateLimit(settings.requests_per_second)
        self._client = httpx.Client(
            timeout=httpx.Timeout(settings.timeout),
            limits=httpx.Limits(max_connections=4, max_keepalive_connections=2),
            headers={"Accept": "application/json", **(headers or {})},
            auth=auth,
            follow_redirects=False,  # a redirect would resend the credentials elsewhere
        )

    def close(self) -> None:
        """Close the connection pool."""
        self._client.close()

    def send(self, method: str, url: str, classify: Callable[[httpx.Response], None],
             **kwargs: Any) -> httpx.Response:
        """One request; `classify` raises for an answer that is not a success.

        Retried while the shop says it is throttled (Throttled), up to throttle_attempts.
        """
        retrying = Retrying(
            retry=retry_if_exception_type(Throttled),
            stop=stop_after_attempt(self.settings.throttle_attempts),
            wait=self._wait,
            reraise=True,
        )
        for attempt in retrying:
            with attempt:
                response = self._once(method, url, **kwargs)
                classify(response)
                return response
        raise AssertionError("unreachable: tenacity reraises")  # pragma: no cover

    def _wait(self, state: RetryCallState) -> float:
        hint = 0.0
        if state.outcome is not None and isinstance(state.outcome.exception(), Throttled):
            hint = getattr(state.outcome.exception(), "wait", 0.0)
        backoff = jittered(multiplier=0.5, max=self.settings.max_wait)(state)
        return min(self.settings.max_wait, max(hint, backoff))

    def _once(self, method: str, url: str, **kwargs: Any) -> httpx.Response:
        self._limit.wait()
        name = self.settings.name
        try:
            return self._client.request(method, url, **kwargs)
        except httpx.TimeoutException as exc:
            raise TransientError(f"{name}: no answer within {self.settings.timeout} s") from exc
        except httpx.HTTPError as exc:
            raise TransientError(f"{name}: cannot reach the shop: {exc}") from exc


def decode(response: httpx.Response, name: str) -> Any:
    """The JSON body; TransientError for a maintenance page or a cut-off answer."""
    try:
        return json.loads(response.content)
    except ValueError as exc:
        raise TransientError(f"{name}: the answer is not JSON (HTTP {response.status_code})") from exc


def retry_after(response: httpx.Response) -> float:
    """Seconds from a Retry-After header; 0 when absent or not a number."""
    try:
        return max(0.0, float(response.headers.get("Retry-After", "0")))
    except ValueError:
        return 0.0
