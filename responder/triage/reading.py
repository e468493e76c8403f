"""The reading beside the intent: what happened (problem) and what is asked (requests).

Pure: `read()` turns the classifier's Triage and the customer's text into the same Triage
with `problem`, `requests` and any personalization claim filled in. The intent stays the
primary label; the problem comes from it when it names one, else from the lexicon. Requests
come only from the customer's words, sentence by sentence, and never from a sentence aimed
at the system ("ignore all previous instructions...") or from a threat.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, replace
from functools import cache
from pathlib import Path

from responder.errors import ConfigError
from responder.models import Inbound, Intent, Outcome, Problem, Request, ThreadFacts, Triage
from responder.protocols import Triager
from responder.triage.text import customer_text, fold

READING_DIR = Path(__file__).parent / "data" / "requests"
LANGUAGES = ("en", "ar", "fa")
# English needs word boundaries; Arabic glues و/ف/ب/ل/ال onto words, Persian suffixes.
_WRAP = {"en": r"(?<!\w)(?:{})(?!\w)", "ar": r"(?<!\w)(?:و|ف|ب|ل|ال|وال)?(?:{})", "fa": r"(?<!\w)(?:{})"}
_SENTENCE = re.compile(r"[.!?؟;؛\n]+")
_NEGATED = re.compile(
    r"(?:\b(?:don'?t|do not|no|not|never|without)|(?<!\w)(?:لا|مش|ما|نه|نمی ?خوام))\s+(?:\w+\s+){0,2}$", re.I
)

INTENT_PROBLEM: dict[Intent, Problem] = {
    Intent.WHERE_IS_MY_ORDER: Problem.NOT_ARRIVED_OR_LATE,
    Intent.LOST_OR_DELAYED: Problem.NOT_ARRIVED_OR_LATE,
    Intent.DELIVERED_NOT_RECEIVED: Problem.DELIVERED_NOT_RECEIVED,
    Intent.MISSING_ITEMS: Problem.MISSING_ITEM,
    Intent.WRONG_ITEM_OR_PERSONALIZATION: Problem.WRONG_ITEM_OR_PERSONALIZATION,
    Intent.ADDRESS_CHANGE: Problem.ADDRESS,
    Intent.PAYMENT_ISSUE: Problem.PAYMENT,
    Intent.CHARGEBACK_DISPUTE: Problem.PAYMENT,
    Intent.SUBSCRIPTION: Problem.SUBSCRIPTION,
}
"""The problem an intent names; the others (return, cancel, threat, other) name none."""

# Which problem wins when several are found: the most specific first.
PROBLEM_ORDER = (
    Problem.PAYMENT, Problem.DELIVERED_NOT_RECEIVED, Problem.WRONG_ITEM_OR_PERSONALIZATION,
    Problem.MISSING_ITEM, Problem.DAMAGED_OR_QUALITY, Problem.NOT_ARRIVED_OR_LATE,
    Problem.ADDRESS, Problem.SUBSCRIPTION,
)  # fmt: skip

_CLAIM_TEXT = r"""["“”'«»]?(?P<{}>[A-Z0-9][\w&.-]{{0,24}}|(?<=["“«'])[^"”»'\n]{{1,40}}(?=["”»']))["“”'«»]?"""
_MADE = r"(?i:got|received|it says|it reads|you (?:made|sent|engraved|wrote|put))"
_CLAIMS = tuple(
    re.compile(p.format(o=_CLAIM_TEXT.format("ordered"), r=_CLAIM_TEXT.format("received"), made=_MADE))
    for p in (
        r"(?i:ordered|typed|wrote|entered|asked for|chose|put)\s+{o}\s*,?\s+(?i:and|but)\s+{made}\s+{r}",
        r"(?i:should|was supposed to|is supposed to)\s+(?i:say|read|be)\s+{o}\s*,?\s+"
        r"(?i:but|and)\s+(?i:it\s+)?(?i:says|reads|is|shows)\s+{r}",
        r"{made}\s+{r}\s+(?i:instead of)\s+{o}",
        r"(?:طلبت|كتبت)\s+{o}\s+و?(?:وصلني|جاني|استلمت|جاء|جالي|مكتوب)\s+{r}",
        r"(?:سفارش دادم|نوشته بودم|نوشتم)\s+{o}\s+(?:ولی|اما)?\s*(?:اومده|رسیده|نوشته شده|نوشتید|زدید)\s+{r}",
        r"(?i:i\s+(?:typed|wrote|entered|asked for|ordered))\s+{o}(?=\s*[.,!?\n]|\s*$)",
    )
)
"""'I ordered JMK and got JKM', 'it says JKM instead of JMK', 'I typed "Anna"'... (en/ar/fa)."""


@dataclass(frozen=True)
class Rules:
    """One label's patterns, compiled per script (Latin for en, Arabic script for ar and fa)."""

    label: str
    latin: re.Pattern[str] | None
    arabic: re.Pattern[str] | None

    def finds(self, folded: str) -> bool:
        """True when a pattern matches and is not right after a negation."""
        for pattern in (self.latin, self.arabic):
            for match in pattern.finditer(folded) if pattern is not None else ():
                if not _NEGATED.search(folded[max(0, match.start() - 30) : match.start()]):
                    return True
        return False


@dataclass(frozen=True)
class ReadingLexicon:
    """Compiled request, problem and system patterns of every language."""

    requests: tuple[Rules, ...]
    problems: tuple[Rules, ...]
    system: Rules


@cache
def load_reading(folder: Path = READING_DIR) -> ReadingLexicon:
    """The reading lexicons in `folder`, compiled; ConfigError names a bad file or pattern."""
    parts: dict[tuple[str, str], dict[str, list[str]]] = {}
    for lang in LANGUAGES:
        path = folder / f"{lang}.toml"
        try:
            data = tomllib.loads(path.read_text(encoding="utf-8"))
        except (OSError, tomllib.TOMLDecodeError) as exc:
            raise ConfigError(f"{path}: cannot read the reading lexicon: {exc}") from exc
        for section, labels in data.items():
            for label, regexes in labels.items():
                joined = _WRAP[lang].format("|".join(f"(?:{fold(r)})" for r in regexes))
                script = "en" if lang == "en" else "ar"
                parts.setdefault((section, label), {}).setdefault(script, []).append(joined)
    rules = {key: _rules(key, scripts) for key, scripts in parts.items()}
    return ReadingLexicon(
        requests=tuple(rules[("requests", r.value)] for r in Request if ("requests", r.value) in rules),
        problems=tuple(rules[("problems", p.value)] for p in PROBLEM_ORDER if ("problems", p.value) in rules),
        system=rules.get(("system", "patterns"), Rules("patterns", None, None)),
    )


def _rules(key: tuple[str, str], scripts: dict[str, list[str]]) -> Rules:
    try:
        compiled = {s: re.compile("|".join(alts), re.I) for s, alts in scripts.items()}
    except re.error as exc:
        raise ConfigError(f"reading lexicon [{key[0]}] {key[1]}: bad pattern: {exc}") from exc
    return Rules(key[1], compiled.get("en"), compiled.get("ar"))


def read(triage: Triage, text: str, lexicon: ReadingLexicon | None = None) -> Triage:
    """The triage with the reading added: problem, requests, personalization claim."""
    lex = lexicon or load_reading()
    sentences = [s for s in _SENTENCE.split(fold(text)) if s.strip()]
    meant = [s for s in sentences if not _aimed_at_system(s, triage, lex)]
    ordered, received = personalization_claim(text)
    return replace(
        triage,
        problem=problem_of(triage.intent, meant, lex),
        requests=requests_in(meant, lex),
        ordered_text=ordered,
        received_text=received,
    )


def _aimed_at_system(sentence: str, triage: Triage, lex: ReadingLexicon) -> bool:
    # The classifier's `addresses_system` signal names the words; the lexicon is the backstop.
    lowered = sentence.casefold()
    for signal in triage.signals:
        if signal.name == "addresses_system" and any(fold(w).casefold() in lowered for w in signal.words):
            return True
    return lex.system.finds(sentence)


def problem_of(intent: Intent, sentences: list[str], lex: ReadingLexicon) -> Problem:
    """The intent's problem; the words' problem when the intent names none; payment wins."""
    found = [Problem(rules.label) for rules in lex.problems if any(rules.finds(s) for s in sentences)]
    if Problem.PAYMENT in found and intent is not Intent.CHARGEBACK_DISPUTE:
        return Problem.PAYMENT
    named = INTENT_PROBLEM.get(intent)
    if named is not None:
        return named
    return found[0] if found else Problem.OTHER


def requests_in(sentences: list[str], lex: ReadingLexicon) -> tuple[Request, ...]:
    """Every request asked in these sentences, in the lexicon's order."""
    return tuple(Request(rules.label) for rules in lex.requests if any(rules.finds(s) for s in sentences))


def personalization_claim(text: str) -> tuple[str, str]:
    """(what the customer says they typed, what they say they got); empty when not said."""
    for pattern in _CLAIMS:
        match = pattern.search(text)
        if match:
            found = match.groupdict()
            return _clean(found.get("ordered")), _clean(found.get("received"))
    return "", ""


def _clean(value: str | None) -> str:
    return (value or "").strip(" \"'“”«».,!?")


def same_text(a: str, b: str) -> bool:
    """Personalization texts compared as a maker would: case, spaces and quotes ignored."""
    def norm(s: str) -> str:
        return re.sub(r"[\s\"'“”«».]+", "", fold(s)).casefold()

    return bool(norm(a)) and norm(a) == norm(b)


CLARIFYING = frozenset({"ask_order_number", "other_clarify"})
"""Our replies that ask the customer something; their answer continues the request."""


def asked_before(thread: ThreadFacts) -> bool:
    """True when earlier mail in the thread asked something (not only named an order)."""
    known = thread.earlier_intent not in (None, Intent.OTHER) or bool(thread.earlier_requests)
    return known or thread.earlier_problem is not Problem.OTHER


def continues(intent: Intent, triage: Triage, thread: ThreadFacts | None) -> bool:
    """True when this email carries on the thread's earlier request instead of a new one:
    it says nothing of its own, or it answers our question without asking anything new
    ("it's order 1003" is often classified where-is-my-order; it still answers the question)."""
    if thread is None or not asked_before(thread):
        return False
    own = intent is not Intent.OTHER or triage.problem is not Problem.OTHER or bool(triage.requests)
    answers = bool(thread.earlier_templates) and thread.earlier_templates[-1] in CLARIFYING
    return not own or (answers and not triage.requests)


def carried(triage: Triage, thread: ThreadFacts, order_id: str) -> ThreadFacts:
    """What the conversation remembers after this email: the earlier request when this email
    continues it, else this email's own reading; the newest order id either way."""
    if continues(triage.intent, triage, thread):
        return replace(thread, earlier_order_id=order_id or thread.earlier_order_id)
    return replace(
        thread,
        earlier_intent=triage.intent,
        earlier_problem=triage.problem,
        earlier_requests=triage.requests,
        earlier_order_id=order_id or thread.earlier_order_id,
    )


def memory_after(outcome: Outcome) -> ThreadFacts:
    """What the conversation remembers once this outcome is recorded (daemon and replay)."""
    triage = outcome.triage or Triage()
    order_id = outcome.order.order_id if outcome.order else next(iter(triage.order_ids), "")
    return carried(triage, outcome.memory or ThreadFacts(), order_id)


class ReadingTriager:
    """Wraps any triager (offline or LLM) and adds the reading to what it returns."""

    def __init__(self, inner: Triager, max_chars: int, lexicon: ReadingLexicon | None = None) -> None:
        self.inner = inner
        self.max_chars = max_chars
        self.lexicon = lexicon or load_reading()

    def classify(self, inbound: Inbound) -> Triage:
        """The inner triager's Triage with problem, requests and personalization claim."""
        triage = self.inner.classify(inbound)
        return read(triage, customer_text(inbound, self.max_chars), self.lexicon)
