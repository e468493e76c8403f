"""The one door to the model endpoint: bounded retries, a token budget and a breaker.

Uses the openai package against any OpenAI-compatible server (`base_url`). The client's own
retries are off (`max_retries=0`) so that tenacity alone decides: transient errors only,
at most `max_attempts` tries, jittered, and no waiting in tests.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any, TypeVar

from tenacity import Retrying, retry_if_exception_type, stop_after_attempt, wait_none
from tenacity import wait_random_exponential as jittered

from responder.drafting.config import LLMConfig
from responder.drafting.llm_limits import Budget, CircuitBreaker, TokenBudget, Usage
from responder.errors import ConfigError, TransientError
from responder.protocols import utc_now

if TYPE_CHECKING:  # the openai package (~40 MB, 0.5 s) loads only when an endpoint is used
    from openai import OpenAI

log = logging.getLogger(__name__)

ClientFactory = Callable[[LLMConfig, str], "OpenAI"]
T = TypeVar("T")
SecretFn = Callable[[str], str]


class LLMUnavailable(TransientError):
    """The endpoint failed, the breaker is open, or today's token budget is spent."""


@dataclass(frozen=True)
class Completion:
    """What the model answered and what it cost."""

    content: str
    tokens_in: int
    tokens_out: int


def openai_client(cfg: LLMConfig, api_key: str) -> OpenAI:
    """An OpenAI client for the configured endpoint, with its own retries switched off."""
    from openai import OpenAI

    return OpenAI(
        # Local servers (Ollama, vLLM) need no key, but the client insists on one.
        api_key=api_key or "no-key",
        base_url=cfg.base_url or None,
        timeout=cfg.timeout_seconds,
        max_retries=0,
    )


def api_key(cfg: LLMConfig, secret_fn: SecretFn) -> str:
    """The endpoint's key; a local server (`base_url` set) may run without one."""
    try:
        return secret_fn("openai_api_key")
    except ConfigError:
        if cfg.base_url:
            return ""
        raise


class ChatClient:
    """Sends one system+user exchange and returns the answer, or raises LLMUnavailable."""

    def __init__(
        self,
        cfg: LLMConfig,
        api_key: str,
        *,
        client_factory: ClientFactory | None = None,
        wait: bool = True,
        clock: Callable[[], float] = time.monotonic,
        now: Callable[[], datetime] = utc_now,
        budget: Budget | None = None,
    ) -> None:
        import openai

        self.cfg = cfg
        self._failed: tuple[type[Exception], ...] = (openai.OpenAIError, ValueError)
        self._client = (client_factory or openai_client)(cfg, api_key)
        self._budget = budget or TokenBudget(cfg.daily_token_budget, now)
        self._breaker = CircuitBreaker(cfg.breaker_failures, cfg.breaker_seconds, clock)
        self._lock = threading.Lock()
        self._retrying = Retrying(
            stop=stop_after_attempt(cfg.max_attempts),
            wait=jittered(multiplier=0.5, max=2) if wait else wait_none(),
            retry=retry_if_exception_type((openai.APITimeoutError, openai.APIConnectionError,
                                           openai.RateLimitError, openai.InternalServerError)),
            reraise=True,
        )

    def usage(self) -> Usage:
        """Tokens and calls spent today (UTC)."""
        with self._lock:
            return self._budget.usage()

    def close(self) -> None:
        """Release the HTTP connections."""
        self._client.close()

    def complete(self, system: str, user: str, *, schema: dict[str, Any] | None = None) -> Completion:
        """The model's answer; `schema` asks for JSON output matching that JSON schema."""
        self._admit()
        try:
            content, tokens_in, tokens_out = self._retrying(self._create, system, user, schema)
        except self._failed as exc:
            self._settle(0, 0, failed=True)
            raise LLMUnavailable(f"{type(exc).__name__}: {exc}"[:300]) from exc
        self._settle(tokens_in, tokens_out, failed=False)
        if not content.strip():
            raise LLMUnavailable("the model returned no text")
        return Completion(content, tokens_in, tokens_out)

    def _admit(self) -> None:
        """Refuse the call when the budget is spent or the breaker is open."""
        with self._lock:
            if self._budget.spent():
                raise LLMUnavailable("daily token budget spent")
            if not self._breaker.allows():
                raise LLMUnavailable("circuit breaker open")

    def _settle(self, tokens_in: int, tokens_out: int, *, failed: bool) -> None:
        """Count the call against the budget and tell the breaker how it went."""
        with self._lock:
            self._budget.record(tokens_in, tokens_out, failed=failed)
            (self._breaker.failure if failed else self._breaker.success)()

    def _create(self, system: str, user: str, schema: dict[str, Any] | None) -> tuple[str, int, int]:
        """One request; token counts are estimated when the server reports none."""
        extra: dict[str, Any] = {}
        if schema is not None:
            extra["response_format"] = {
                "type": "json_schema",
                "json_schema": {"name": "answer", "strict": True, "schema": schema},
            }
        response = self._client.chat.completions.create(
            model=self.cfg.model,
            messages=[{"role": "system", "content": system}, {"role": "user", "content": user}],
            max_tokens=self.cfg.max_output_tokens,
            temperature=self.cfg.temperature,
            **extra,
        )
        if not response.choices:
            raise ValueError("the answer has no choices")
        content = response.choices[0].message.content or ""
        usage = response.usage
        if usage is None:  # some local servers omit usage; ~4 characters per token
            return content, (len(system) + len(user)) // 4, len(content) // 4
        return content, usage.prompt_tokens, usage.completion_tokens


def second_opinion(ask: Callable[[], T | None], what: str, message_id: str) -> T | None:
    """The model's usable answer; None (logged) when the call failed or the answer was unusable,
    so the offline result stands: reading an email must always give an answer."""
    try:
        answer = ask()
    except Exception as exc:  # any failure of the model leaves the offline result in place
        log.warning("%s failed for %s: %s", what, message_id, exc)
        return None
    if answer is None:
        log.info("%s for %s was not usable; the offline result stands", what, message_id)
    return answer
