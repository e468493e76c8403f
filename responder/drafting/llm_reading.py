"""Optional LLM reading of every email: problem, requests, signals, order ids, language.

With `[llm] reading = true` the model reads each email once, in JSON validated by code
(R31); the offline reading stays the fallback for any failure, malformed answer or
unknown label. What the model may change is bounded:
- order ids only when they occur in the customer's own text (never invented);
- only signals that make the store more careful (threat, public complaint, abuse, dispute,
  text aimed at the system), never `vip`, `deadline` or `customer_error`, which open or
  change a concession;
- the intent stays the offline one, and a reading by the model marks the Triage so the
  policy parks any concession it leads to: the model never decides one.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, replace

from responder.drafting import hygiene, llm_prompts
from responder.drafting.config import LLMConfig
from responder.drafting.llmclient import ChatClient, ClientFactory, SecretFn, api_key, second_opinion
from responder.models import Inbound, Problem, Request, Signal, Triage
from responder.protocols import Triager
from responder.triage.text import ascii_digits, customer_text

CAREFUL_SIGNALS = (
    "anger", "review_threat", "public_complaint", "abusive", "chargeback", "addresses_system",
)  # fmt: skip
"""Signals the model may add: each one only parks, tags or escalates."""
LANGUAGES = ("en", "ar", "fa")
SCHEMA = {
    "type": "object",
    "properties": {
        "problem": {"type": "string", "enum": [p.value for p in Problem]},
        "requests": {"type": "array", "items": {"type": "string", "enum": [r.value for r in Request]}},
        "signals": {"type": "array", "items": {"type": "string", "enum": list(CAREFUL_SIGNALS)}},
        "order_ids": {"type": "array", "items": {"type": "string", "maxLength": 40}},
        "language": {"type": "string", "enum": list(LANGUAGES)},
    },
    "required": ["problem", "requests", "signals", "order_ids", "language"],
    "additionalProperties": False,
}


@dataclass(frozen=True)
class ModelReading:
    """The model's reading after validation."""

    problem: Problem
    requests: tuple[Request, ...]
    signals: tuple[str, ...]
    order_ids: tuple[str, ...]
    language: str


def parse_reading(content: str, text: str) -> ModelReading | None:
    """The validated reading in the model's JSON, or None when any label is unknown.

    Order ids not written in `text` (the customer's own words) are dropped.
    """
    try:
        data = json.loads(content)
        ids = tuple(str(o).strip() for o in data["order_ids"])
        written = ascii_digits(text).casefold()
        return ModelReading(
            problem=Problem(data["problem"]),
            requests=tuple(dict.fromkeys(Request(r) for r in data["requests"])),
            signals=tuple(dict.fromkeys(_allowed(s, CAREFUL_SIGNALS) for s in data["signals"])),
            order_ids=tuple(o for o in ids if o and o.casefold() in written),
            language=_allowed(data["language"], LANGUAGES),
        )
    except (ValueError, KeyError, TypeError):
        return None


def _allowed(value: object, allowed: tuple[str, ...]) -> str:
    if value not in allowed:
        raise ValueError(f"{value!r} is not one of {allowed}")
    return str(value)


def merged(offline: Triage, reading: ModelReading) -> Triage:
    """The offline triage with the model's problem, requests and language; its order ids
    and careful signals added to the offline ones."""
    known = {s.name for s in offline.signals}
    extra = tuple(Signal(name=n, words=("(model)",)) for n in reading.signals if n not in known)
    return replace(
        offline, problem=reading.problem, requests=reading.requests, language=reading.language,
        signals=(*offline.signals, *extra), reader="llm",
        order_ids=tuple(dict.fromkeys((*offline.order_ids, *reading.order_ids))),
    )


class LLMReader:
    """Wraps the offline reading triager; asks the model to read every email."""

    def __init__(self, offline: Triager, cfg: LLMConfig, api_key: str, *,
                 client_factory: ClientFactory | None = None, chat: ChatClient | None = None,
                 wait: bool = True) -> None:
        self.offline = offline
        self.cfg = cfg
        self.chat = chat or ChatClient(cfg, api_key, client_factory=client_factory, wait=wait)
        self.prompt = llm_prompts.load(llm_prompts.prompts_dir(cfg.prompts_dir), cfg.reading_prompt)

    def classify(self, inbound: Inbound) -> Triage:
        """The model's reading over the offline triage; the offline one on any doubt."""
        result = self.offline.classify(inbound)
        answer = second_opinion(lambda: self._ask(inbound), "LLM reading", inbound.message_id)
        return result if answer is None else merged(result, answer)

    def _ask(self, inbound: Inbound) -> ModelReading | None:
        system, user = self.prompt.render(
            problems="\n".join(f"- {p.value}" for p in Problem),
            requests="\n".join(f"- {r.value}" for r in Request),
            signals="\n".join(f"- {s}" for s in CAREFUL_SIGNALS),
            customer=hygiene.customer_json(inbound, self.cfg.max_input_chars),
        )
        completion = self.chat.complete(system, user, schema=SCHEMA)
        return parse_reading(completion.content, customer_text(inbound, self.cfg.max_input_chars))


def build_reader(triager: Triager, cfg: LLMConfig, secret_fn: SecretFn,
                 chat: ChatClient | None = None) -> Triager:
    """The triager, wrapped with the model's reading when `[llm] reading` is on."""
    if not (cfg.enabled and cfg.reading):
        return triager
    return LLMReader(triager, cfg, api_key(cfg, secret_fn), chat=chat)
