"""The reading beside the intent: what happened (problem) and what is asked (requests).

Pure: `read()` turns the classifier's Triage and the customer's text into the same Triage
with `problem`, `requests` and any personalization claim filled in. The intent stays the
primary label; the problem comes from it when it names one, else from the lexicon. Requests
come only from the customer's own words (in a reply, not from the "Re:" subject that repeats
the thread's), never from a sentence aimed at the system ("ignore all previous
instructions...") and never from a threat.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterator
from dataclasses import dataclass, replace
from functools import cache
from pathlib import Path

from responder.errors import ConfigError
from responder.models import Inbound, Intent, Problem, Request, Signal, Triage
from responder.protocols import Triager
from responder.triage.closing import only_thanks
from responder.triage.prefilter import Required, may_match, required_keywords
from responder.triage.text import customer_text, fold

READING_DIR = Path(__file__).parent / "data" / "requests"
LANGUAGES = ("en", "ar", "fa")
# English needs word boundaries; Arabic glues و/ف/ب/ل/ال onto words, Persian suffixes.
_WRAP = {"en": r"(?<!\w)(?:{})(?!\w)", "ar": r"(?<!\w)(?:و|ف|ب|ل|ال|وال)?(?:{})", "fa": r"(?<!\w)(?:{})"}
_SENTENCE = re.compile(r"[.!?؟;؛\n]+")
_ARABIC = re.compile(r"[\u0600-\u06FF]")
# "I don't want a refund", "not a refund"; in Arabic and Persian the negation stands right
# before the verb it negates ("ما ابي", "نمی خوام"), and "ما" often negates another verb.
_NEGATED = re.compile(
    r"(?:\b(?:don'?t|do not|no|not|never|without)\s+(?:[a-z']+\s+){0,2}"
    r"|(?<!\w)(?:لا|مش|ما|نه|نم[یي] ?خوا(?:م|هم))\s+)$",
    re.I,
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
class Scan:
    """The customer's text folded once, which scripts it uses, and the spans (sentences aimed
    at the system) that no request or problem may come from."""

    folded: str
    lowered: str
    """`folded`, case-folded: for the keyword pre-check only (offsets may differ)."""
    arabic: bool
    blocked: tuple[tuple[int, int], ...] = ()

    def allows(self, pos: int) -> bool:
        """True when a match starting here counts (not negated, not aimed at the system)."""
        if any(start <= pos < end for start, end in self.blocked):
            return False
        return not _NEGATED.search(self.folded[max(0, pos - 30) : pos])


@dataclass(frozen=True)
class Part:
    """Some of a label's regexes in one script, joined, with the words one of which every
    match contains (a substring test rules most mail out before the regex runs)."""

    pattern: re.Pattern[str]
    keywords: Required
    arabic: bool

    def matches(self, scan: Scan) -> Iterator[re.Match[str]]:
        """Every match in the scan's text; nothing when the text cannot contain one."""
        if (self.arabic and not scan.arabic) or not may_match(self.keywords, scan.lowered):
            return iter(())
        return self.pattern.finditer(scan.folded)


@dataclass(frozen=True)
class Rules:
    """One label's patterns in every language."""

    label: str
    parts: tuple[Part, ...]

    def finds(self, scan: Scan) -> bool:
        """True when a pattern matches somewhere the scan allows."""
        return any(scan.allows(m.start()) for part in self.parts for m in part.matches(scan))

    def starts(self, scan: Scan) -> list[int]:
        """Where any of the patterns matches."""
        return [m.start() for part in self.parts for m in part.matches(scan)]


@dataclass(frozen=True)
class ReadingLexicon:
    """Compiled request, problem and system patterns of every language."""

    requests: tuple[Rules, ...]
    problems: tuple[Rules, ...]
    system: Rules


@cache
def default_reading() -> ReadingLexicon:
    """The shipped lexicons, compiled once per process (for `read()` without a lexicon)."""
    return load_reading()


def load_reading(folder: Path = READING_DIR) -> ReadingLexicon:
    """The reading lexicons in `folder`, compiled; ConfigError names a bad file or pattern.

    Read afresh on every call: building the stages again (SIGHUP) picks up an owner's edit."""
    parts: dict[tuple[str, str], list[Part]] = {}
    for lang in LANGUAGES:
        path = folder / f"{lang}.toml"
        try:
            data = tomllib.loads(path.read_text(encoding="utf-8"))
        except (OSError, tomllib.TOMLDecodeError) as exc:
            raise ConfigError(f"{path}: cannot read the reading lexicon: {exc}") from exc
        for section, labels in data.items():
            for label, regexes in labels.items():
                parts.setdefault((section, label), []).extend(_parts(section, label, lang, regexes))
    rules = {key: Rules(key[1], tuple(found)) for key, found in parts.items()}
    return ReadingLexicon(
        requests=tuple(rules[("requests", r.value)] for r in Request if ("requests", r.value) in rules),
        problems=tuple(rules[("problems", p.value)] for p in PROBLEM_ORDER if ("problems", p.value) in rules),
        system=rules.get(("system", "patterns"), Rules("patterns", ())),
    )


def _parts(section: str, label: str, lang: str, regexes: list[str]) -> list[Part]:
    # Regexes with a keyword are joined under the union of their keywords; the rest always run.
    keyed: dict[bool, list[tuple[str, Required]]] = {True: [], False: []}
    for regex in regexes:
        source = _WRAP[lang].format(fold(regex))
        try:
            re.compile(source, re.I)
        except re.error as exc:
            where = f"reading lexicon {lang} [{section}] {label}"
            raise ConfigError(f"{where}: bad pattern {regex!r}: {exc}") from exc
        words = required_keywords(fold(regex))
        keyed[words is not None].append((source, words))
    found = []
    for has_keys, group in keyed.items():
        if group:
            words = frozenset().union(*(w for _, w in group if w)) if has_keys else None
            found.append(Part(re.compile("|".join(s for s, _ in group), re.I), words, lang != "en"))
    return found


def read(triage: Triage, text: str, lexicon: ReadingLexicon | None = None) -> Triage:
    """The triage with the reading added: problem, requests, personalization claim."""
    lex = lexicon or default_reading()
    scan = scan_text(text, triage, lex)
    ordered, received = personalization_claim(text)
    read_triage = replace(
        triage,
        problem=problem_of(triage.intent, scan, lex),
        requests=requests_in(scan, lex),
        ordered_text=ordered,
        received_text=received,
    )
    if only_thanks(text, read_triage):
        return replace(read_triage, signals=(*read_triage.signals, Signal("thanks_only")))
    return read_triage


def scan_text(text: str, triage: Triage, lex: ReadingLexicon) -> Scan:
    """The folded text with every sentence aimed at the system blocked out.

    The classifier's `addresses_system` signal names such words; the lexicon is the backstop.
    """
    folded = fold(text)
    scan = Scan(folded, folded.casefold(), bool(_ARABIC.search(folded)))
    hits = lex.system.starts(scan)
    for signal in triage.signals:
        if signal.name == "addresses_system":
            found = (re.search(re.escape(fold(w)), folded, re.I) for w in signal.words if w.strip())
            hits += [m.start() for m in found if m is not None]
    return replace(scan, blocked=tuple(_sentence_around(folded, pos) for pos in hits))


def _sentence_around(text: str, pos: int) -> tuple[int, int]:
    ends = [m.start() for m in _SENTENCE.finditer(text)]
    start = max((e for e in ends if e < pos), default=-1) + 1
    return start, min((e for e in ends if e >= pos), default=len(text))


def problem_of(intent: Intent, scan: Scan, lex: ReadingLexicon) -> Problem:
    """The intent's problem; the words' problem when the intent names none; payment wins."""
    payment = next((r for r in lex.problems if r.label == Problem.PAYMENT.value), None)
    if intent is not Intent.CHARGEBACK_DISPUTE and payment is not None and payment.finds(scan):
        return Problem.PAYMENT
    named = INTENT_PROBLEM.get(intent)
    if named is not None:
        return named
    return next((Problem(rules.label) for rules in lex.problems if rules.finds(scan)), Problem.OTHER)


def requests_in(scan: Scan, lex: ReadingLexicon) -> tuple[Request, ...]:
    """Every request the text asks, in the lexicon's order."""
    return tuple(Request(rules.label) for rules in lex.requests if rules.finds(scan))


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


class ReadingTriager:
    """Wraps any triager (offline or LLM) and adds the reading to what it returns."""

    def __init__(self, inner: Triager, max_chars: int, lexicon: ReadingLexicon | None = None) -> None:
        self.inner = inner
        self.max_chars = max_chars
        self.lexicon = lexicon or load_reading()

    def classify(self, inbound: Inbound) -> Triage:
        """The inner triager's Triage with problem, requests and personalization claim."""
        triage = self.inner.classify(inbound)
        own = replace(inbound, subject="") if is_reply(inbound) else inbound
        return read(triage, customer_text(own, self.max_chars), self.lexicon)


_REPLY_SUBJECT = re.compile(r"^\s*(?:re|aw|sv|antw|رد|پاسخ)\s*:", re.I)


def is_reply(inbound: Inbound) -> bool:
    """True for a reply in a thread: its subject repeats the thread's, not new words."""
    return bool(inbound.in_reply_to) or bool(_REPLY_SUBJECT.match(inbound.subject))
