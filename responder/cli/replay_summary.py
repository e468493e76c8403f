"""`responder replay --summary`: what the responder would have done with a whole folder, in figures."""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field

from responder.drafting.config import LLMConfig
from responder.models import Outcome

ACTIONS = ("send", "park", "skip", "shunt")
TOP = 10


@dataclass
class ReplaySummary:
    """Counts over every replayed email; the token estimate is chars/4 of prompt plus draft."""

    emails: int = 0
    actions: Counter[str] = field(default_factory=Counter)
    by_intent: dict[str, Counter[str]] = field(default_factory=lambda: defaultdict(Counter))
    by_problem: dict[str, Counter[str]] = field(default_factory=lambda: defaultdict(Counter))
    """What happened (issue 14's reading) -> action counts."""
    requests: Counter[str] = field(default_factory=Counter)
    """How often each request was asked."""
    reasons: Counter[str] = field(default_factory=Counter)
    polished: int = 0
    tokens_in: int = 0
    tokens_out: int = 0

    def add(self, outcome: Outcome, llm: LLMConfig | None = None) -> None:
        """Count one outcome (and its estimated LLM use when an LLM is configured)."""
        self.emails += 1
        action = outcome.action.value
        self.actions[action] += 1
        intent = outcome.triage.intent.value if outcome.triage else "(not classified)"
        self.by_intent[intent][action] += 1
        if outcome.triage is not None:
            self.by_problem[outcome.triage.problem.value][action] += 1
            self.requests.update(r.value for r in outcome.triage.requests)
        reasons = outcome.decision.reasons if outcome.decision else outcome.reasons[:1]
        self.reasons.update(reasons)
        if llm is not None and llm.enabled:
            self._estimate(outcome, llm)

    def _estimate(self, outcome: Outcome, llm: LLMConfig) -> None:
        draft, inbound, triage = outcome.draft, outcome.inbound, outcome.triage
        if draft is None or inbound is None or triage is None or triage.intent not in llm.polish_intents:
            return
        prompt = (inbound.new_text or inbound.text)[: llm.max_input_chars] + draft.text
        self.polished += 1
        self.tokens_in += len(prompt) // 4
        self.tokens_out += len(draft.text) // 4

    def share(self, action: str) -> float:
        """The fraction of emails that ended in `action`."""
        return self.actions[action] / self.emails if self.emails else 0.0

    def as_dict(self) -> dict[str, object]:
        """The summary as plain JSON-ready data (names are stable)."""
        return {
            "emails": self.emails,
            "actions": {a: self.actions[a] for a in ACTIONS},
            "shares": {a: round(self.share(a), 4) for a in ACTIONS},
            "by_intent": {i: {a: c[a] for a in ACTIONS if c[a]} for i, c in sorted(self.by_intent.items())},
            "by_problem": {p: {a: c[a] for a in ACTIONS if c[a]} for p, c in sorted(self.by_problem.items())},
            "requests": dict(self.requests.most_common()),
            "top_reasons": [{"reason": r, "count": n} for r, n in self.reasons.most_common(TOP)],
            "llm": {"polished": self.polished, "tokens_in": self.tokens_in,
                    "tokens_out": self.tokens_out} if self.polished else None,
        }

    def table(self) -> str:
        """The summary as aligned text."""
        out = [f"{self.emails} emails"]
        out += [f"  {a:<6} {self.actions[a]:>5}  {100 * self.share(a):5.1f}%" for a in ACTIONS]
        out += ["", f"  {'intent':<30} " + " ".join(f"{a:>6}" for a in ACTIONS)]
        out += [f"  {i:<30} " + " ".join(f"{c[a]:>6}" for a in ACTIONS)
                for i, c in sorted(self.by_intent.items())]
        out += ["", f"  {'problem':<30} " + " ".join(f"{a:>6}" for a in ACTIONS)]
        out += [f"  {p:<30} " + " ".join(f"{c[a]:>6}" for a in ACTIONS)
                for p, c in sorted(self.by_problem.items())]
        if self.requests:
            out += ["", "Requests: " + ", ".join(f"{r} {n}" for r, n in self.requests.most_common())]
        out += ["", "Most common reasons"] + [f"  {n:>5}  {r}" for r, n in self.reasons.most_common(TOP)]
        if self.polished:
            out += ["", f"LLM (estimate): {self.polished} drafts, ~{self.tokens_in} tokens in, "
                        f"~{self.tokens_out} tokens out"]
        return "\n".join(out) + "\n"
