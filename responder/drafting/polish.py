"""Optional LLM polish: the template draft rewritten to sound personal, under the fact lock.

The model never decides anything: it only rephrases a draft the policy already rendered,
and its text is used only when `factlock.check` finds nothing wrong (R30, R34). Every
failure (endpoint down, budget spent, breaker open, lock tripped) returns the original
draft with a note saying why, so a reply is never held up by the model.
"""

from __future__ import annotations

import json
import logging
from dataclasses import replace

from responder.drafting import factlock, hygiene, llm_prompts
from responder.drafting.config import LLMConfig
from responder.drafting.llm_limits import Usage
from responder.drafting.llmclient import (
    ChatClient,
    ClientFactory,
    Completion,
    LLMUnavailable,
    SecretFn,
    api_key,
)
from responder.drafting.templates import to_html
from responder.models import Decision, Draft, Inbound, Intent
from responder.protocols import Polisher

log = logging.getLogger(__name__)


class NoPolish:
    """The polisher used when no endpoint is configured: the draft goes out as rendered."""

    def polish(self, draft: Draft, inbound: Inbound, decision: Decision) -> Draft:
        """The draft, unchanged."""
        return draft


def intent_of(decision: Decision) -> Intent:
    """The intent a decision answers: `facts["intent"]`, else its template's prefix."""
    named = str(decision.facts.get("intent", ""))
    if named in {i.value for i in Intent}:
        return Intent(named)
    matches = [i for i in Intent if decision.template.startswith(i.value)]
    return max(matches, key=lambda i: len(i.value), default=Intent.OTHER)


class LLMPolisher:
    """Polishes drafts through an OpenAI-compatible endpoint; implements `Polisher`."""

    def __init__(
        self,
        cfg: LLMConfig,
        api_key: str,
        *,
        client_factory: ClientFactory | None = None,
        chat: ChatClient | None = None,
        wait: bool = True,
    ) -> None:
        self.cfg = cfg
        self.chat = chat or ChatClient(cfg, api_key, client_factory=client_factory, wait=wait)
        self.reload()

    def reload(self) -> None:
        """Read the prompt files again (SIGHUP); a broken file raises ConfigError."""
        folder = llm_prompts.prompts_dir(self.cfg.prompts_dir)
        self.prompt = llm_prompts.load(folder, self.cfg.polish_prompt)

    def usage(self) -> Usage:
        """Tokens and calls spent today (UTC), shared with LLM triage when it uses `chat`."""
        return self.chat.usage()

    def close(self) -> None:
        """Release the endpoint's connections."""
        self.chat.close()

    def polish(self, draft: Draft, inbound: Inbound, decision: Decision) -> Draft:
        """A friendlier draft stating exactly the same facts, or the original with a note."""
        if intent_of(decision) not in self.cfg.polish_intents:
            return _noted(draft, f"polish skipped: intent {intent_of(decision)} not enabled")
        try:
            return self._polish(draft, inbound, decision)
        except LLMUnavailable as exc:
            log.warning("polish failed for %s: %s", inbound.message_id, exc)
            return _noted(draft, f"polish failed: {exc}")
        except Exception as exc:  # a bug here must cost the polish, never the reply
            log.exception("polish crashed for %s", inbound.message_id)
            return _noted(draft, f"polish failed: {type(exc).__name__}")

    def _polish(self, draft: Draft, inbound: Inbound, decision: Decision) -> Draft:
        """Ask the model, then let the fact lock decide which draft survives."""
        system, user = self.messages(draft, inbound)
        answer = self.chat.complete(system, user)
        candidate = answer.content.strip()
        violations = factlock.check(
            draft.text,
            candidate,
            language=draft.language,
            min_ratio=self.cfg.min_ratio,
            max_ratio=self.cfg.max_ratio,
            secret_text=system,
            known_facts=facts_text(decision),
        )
        cost = self._cost_note(answer)
        if violations:
            log.info("polish rejected for %s: %s", inbound.message_id, "; ".join(violations))
            return _noted(draft, cost, f"polish rejected: {'; '.join(violations)}")
        notes = (*draft.notes, cost)
        # Built exactly like a template draft's HTML part, so both look the same.
        html_part = to_html(candidate, draft.language)
        return replace(draft, text=candidate, html=html_part, polished=True, notes=notes)

    def messages(self, draft: Draft, inbound: Inbound) -> tuple[str, str]:
        """The system and user message for one draft: only cleaned, JSON-encoded data."""
        return self.prompt.render(
            tone=json.dumps(self.cfg.tone, ensure_ascii=False),
            draft=hygiene.as_json(draft.text),
            customer=hygiene.customer_json(inbound, self.cfg.max_input_chars),
        )

    def _cost_note(self, answer: Completion) -> str:
        """The note recorded with every polish attempt: prompt version and tokens."""
        return (
            f"polish: prompt={self.prompt.version} "
            f"tokens_in={answer.tokens_in} tokens_out={answer.tokens_out}"
        )


def facts_text(decision: Decision) -> str:
    """The decision's fact values, one a line: facts a rewrite may state (never promises)."""
    return "\n".join(str(value) for value in decision.facts.values())


def _noted(draft: Draft, *notes: str) -> Draft:
    """The same draft with notes added (never polished)."""
    return replace(draft, notes=(*draft.notes, *notes))


def build_polisher(cfg: LLMConfig, secret_fn: SecretFn, chat: ChatClient | None = None) -> Polisher:
    """The polisher the config asks for: NoPolish unless an endpoint is enabled."""
    if not cfg.enabled:
        return NoPolish()
    return LLMPolisher(cfg, api_key(cfg, secret_fn), chat=chat)
