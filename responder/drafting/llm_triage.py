"""Optional LLM triage behind the Triager seam: asked only when offline triage is unsure.

The model answers with a JSON enum validated by code (R31); an unknown intent, a malformed
answer or a failing endpoint keeps the offline result. It never raises, and its label can
never by itself start a money path: the policy decides what any intent leads to.
"""

from __future__ import annotations

import json
from dataclasses import replace

from responder.drafting import hygiene, llm_prompts
from responder.drafting.config import LLMConfig
from responder.drafting.llmclient import ChatClient, ClientFactory, SecretFn, api_key, second_opinion
from responder.models import Inbound, Intent, Triage
from responder.protocols import Triager

SCHEMA = {
    "type": "object",
    "properties": {
        "intent": {"type": "string", "enum": [i.value for i in Intent]},
        "confidence": {"type": "number", "minimum": 0, "maximum": 1},
    },
    "required": ["intent", "confidence"],
    "additionalProperties": False,
}


def parse_answer(content: str) -> tuple[Intent, float] | None:
    """The intent and confidence in the model's JSON, or None when anything is off."""
    try:
        data = json.loads(content)
        intent = Intent(data["intent"])
        confidence = float(data["confidence"])
    except (ValueError, KeyError, TypeError):
        return None
    if not 0.0 <= confidence <= 1.0:
        return None
    return intent, confidence


class LLMTriager:
    """Wraps an offline Triager; asks the model only below `cfg.triage_below` confidence."""

    def __init__(
        self,
        offline: Triager,
        cfg: LLMConfig,
        api_key: str,
        *,
        client_factory: ClientFactory | None = None,
        chat: ChatClient | None = None,
        wait: bool = True,
    ) -> None:
        self.offline = offline
        self.cfg = cfg
        self.chat = chat or ChatClient(cfg, api_key, client_factory=client_factory, wait=wait)
        folder = llm_prompts.prompts_dir(cfg.prompts_dir)
        self.prompt = llm_prompts.load(folder, cfg.triage_prompt)

    def classify(self, inbound: Inbound) -> Triage:
        """The offline triage, with intent and confidence from the model when it was unsure."""
        result = self.offline.classify(inbound)
        if not self.cfg.triage or result.confidence >= self.cfg.triage_below:
            return result
        answer = second_opinion(lambda: self._ask(inbound), "LLM triage", inbound.message_id)
        if answer is None:
            return result
        intent, confidence = answer
        return replace(result, intent=intent, confidence=confidence)

    def _ask(self, inbound: Inbound) -> tuple[Intent, float] | None:
        """One model call with the cleaned email; None for an unusable answer."""
        system, user = self.prompt.render(
            intents="\n".join(f"- {i.value}" for i in Intent),
            customer=hygiene.customer_json(inbound, self.cfg.max_input_chars),
        )
        completion = self.chat.complete(system, user, schema=SCHEMA)
        return parse_answer(completion.content)


def build_triager(
    offline: Triager, cfg: LLMConfig, secret_fn: SecretFn, chat: ChatClient | None = None
) -> Triager:
    """The offline triager, wrapped with LLM triage when the config enables it."""
    if not (cfg.enabled and cfg.triage):
        return offline
    return LLMTriager(offline, cfg, api_key(cfg, secret_fn), chat=chat)
