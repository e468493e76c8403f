"""The offline triager: a linear model for the intent, rules for what must not be missed."""

from __future__ import annotations

import logging
import re
from pathlib import Path

import numpy as np

from responder.models import Inbound, Intent, Signal, Triage
from responder.triage.config import TriageConfig
from responder.triage.extract import (
    extract_amounts,
    extract_dates,
    extract_order_ids,
    extract_tracking,
)
from responder.triage.language import newest_language
from responder.triage.model import SHIPPED_MODEL, LinearModel, load_model
from responder.triage.signals import LEXICON_DIR, Lexicon, find_signals, load_lexicon, match_rules
from responder.triage.text import customer_text, normalize

log = logging.getLogger(__name__)

# A threat or an insult rides on top of a real problem; the problem drives the policy.
_OVERLAY = {Intent.REVIEW_THREAT: "review_threat", Intent.ABUSIVE: "abusive"}
_RULE_CONFIDENCE = 0.95
# The problem under a threat must be clear before it, not the threat, drives the policy.
_PROBLEM_UNDER_OVERLAY = 0.5
PROBLEM_DIR = LEXICON_DIR / "problems"
# A stated problem outranks a bare request: "it never arrived, refund me" is a late parcel.
_YIELDS_TO_PROBLEM = {Intent.RETURN_REFUND}
_STATED_PROBLEMS = {
    Intent.LOST_OR_DELAYED,
    Intent.DELIVERED_NOT_RECEIVED,
    Intent.MISSING_ITEMS,
    Intent.WRONG_ITEM_OR_PERSONALIZATION,
}
_CUE_CONFIDENCE = {1: 0.5, 2: 0.8}
_SENTENCE = re.compile(r"[^.!?؟\n]*(?:[.!?؟\n]+|$)")


class OfflineTriager:
    """Classifies email without network or API key: intent, confidence, ids and signals."""

    def __init__(self, cfg: TriageConfig) -> None:
        self.cfg = cfg
        self.model = _load(cfg)
        self.lexicon: Lexicon = load_lexicon(Path(cfg.lexicon_dir) if cfg.lexicon_dir else LEXICON_DIR)
        self.problems: Lexicon = load_lexicon(_problem_dir(cfg))
        self._labels = tuple(Intent(label) for label in self.model.labels)

    def classify(self, inbound: Inbound) -> Triage:
        """Language, intent with confidence, extracted ids and signals of one email."""
        text = customer_text(inbound, self.cfg.max_chars)
        body = inbound.new_text or text
        signals = find_signals(text, self.lexicon)
        intent, confidence, secondary = self.decide(text, signals)
        return Triage(
            language=newest_language(body, inbound.subject, self.cfg.languages[0]),
            intent=intent,
            confidence=confidence,
            secondary=secondary,
            order_ids=extract_order_ids(text, self.cfg.order_id_patterns),
            tracking_numbers=tuple(number for _, number in extract_tracking(text)),
            amounts=extract_amounts(text),
            dates=extract_dates(text),
            signals=signals,
        )

    def decide(self, text: str, signals: tuple[Signal, ...]) -> tuple[Intent, float, tuple[Intent, ...]]:
        """Main intent, its confidence and the secondary intents for the customer's text."""
        # Words aimed at the software ("ignore all previous instructions...") are never a
        # request: read the mail without the sentences that hold them.
        text = _without_sentences(text, signals, "addresses_system")
        ranked = self._rank(text)
        main, confidence = _main_intent(ranked, signals, self.cfg.min_confidence)
        if main is Intent.CHARGEBACK_DISPUTE and not _has(signals, "chargeback", level=2):
            # "...or I'll dispute the charge" threatens a dispute; none is open. Read the mail
            # without that sentence: the problem under the threat drives the policy.
            ranked = [r for r in self._rank(_without_sentences(text, signals, "chargeback"))
                      if r[0] is not Intent.CHARGEBACK_DISPUTE]
            main, confidence = _main_intent(ranked, signals, self.cfg.min_confidence)
        if main in _OVERLAY:
            # Read the mail again without the threat or insult: is there a problem under it?
            problem = self._rank(_without(text, signals))[0]
            if (
                problem[0] not in _OVERLAY
                and problem[0] is not Intent.OTHER
                and (problem[1] >= _PROBLEM_UNDER_OVERLAY)
            ):
                ranked = [problem, *[r for r in ranked if r[0] is not problem[0]]]
                main, confidence = problem
        cue = self._stated_problem(text, ranked, main)
        if cue is not None:
            ranked = [cue, *[r for r in ranked if r[0] is not cue[0]]]
            main, confidence = cue
        secondary = _secondary(ranked, signals, main, self.cfg.secondary_min)
        return main, confidence, secondary

    def _stated_problem(
        self, text: str, ranked: list[tuple[Intent, float]], main: Intent
    ) -> tuple[Intent, float] | None:
        """The problem the customer's own words name (lexicons/problems), when it should decide.

        It decides when the model saw no problem (`other`, or only a threat or insult), and
        a plainly stated delivery, missing or wrong-item problem outranks a refund request.
        Among several cues the model's likeliest wins.
        """
        if main is not Intent.OTHER and main not in _OVERLAY and main not in _YIELDS_TO_PROBLEM:
            return None
        cues = match_rules(normalize(text), self.problems)
        strong = main in _YIELDS_TO_PROBLEM
        found = {
            Intent(name): level
            for name, (level, _, _) in cues.items()
            if not strong or (level >= 2 and Intent(name) in _STATED_PROBLEMS)
        }
        if not found:
            return None
        probability = dict(ranked)
        best = max(found, key=lambda intent: probability.get(intent, 0.0))
        if strong:
            return best, probability[main]
        # A plainly stated problem is fairly sure; a hint stays below the LLM's second-opinion line.
        return best, max(probability.get(best, 0.0), _CUE_CONFIDENCE[min(found[best], 2)])

    def _rank(self, text: str) -> list[tuple[Intent, float]]:
        probs = self.model.probabilities(text)
        return [(self._labels[i], float(probs[i])) for i in np.argsort(-probs)]


def _without_sentences(text: str, signals: tuple[Signal, ...], name: str) -> str:
    words = [w for s in signals if s.name == name for w in s.words]
    if not words:
        return text
    return "".join(part for part in _SENTENCE.findall(text) if not any(w in part for w in words))


def _problem_dir(cfg: TriageConfig) -> Path:
    # An owner's lexicon folder may bring its own problems/; otherwise the shipped cues apply.
    own = Path(cfg.lexicon_dir) / "problems" if cfg.lexicon_dir else None
    return own if own is not None and own.is_dir() else PROBLEM_DIR


def _without(text: str, signals: tuple[Signal, ...]) -> str:
    for signal in signals:
        if signal.name in ("review_threat", "abusive", "anger"):
            for words in signal.words:
                text = text.replace(words, " ")
    return text


def _load(cfg: TriageConfig) -> LinearModel:
    path = Path(cfg.model_path) if cfg.model_path else SHIPPED_MODEL
    if cfg.model_path and not path.exists():
        # Not retrained yet: the shipped model answers until `responder triage train` runs.
        log.warning("triage model %s not found; using the shipped model", path)
        path = SHIPPED_MODEL
    return load_model(path)


def _has(signals: tuple[Signal, ...], name: str, level: int = 1) -> bool:
    return any(s.name == name and s.level >= level for s in signals)


def _main_intent(
    ranked: list[tuple[Intent, float]], signals: tuple[Signal, ...], floor: float
) -> tuple[Intent, float]:
    if _has(signals, "chargeback", level=2):
        # An open dispute moves the whole case to the bank, whatever else is asked.
        return Intent.CHARGEBACK_DISPUTE, max(_RULE_CONFIDENCE, _prob(ranked, Intent.CHARGEBACK_DISPUTE))
    top, p_top = ranked[0]
    if top in _OVERLAY or top is Intent.OTHER:
        problem = _underlying(ranked, floor / 2)
        if problem is not None and (top is not Intent.OTHER or problem[1] >= floor):
            return problem
    if p_top < floor and _family(ranked, top) < floor:
        return _fallback(signals, p_top)
    return top, p_top


_DELIVERY = (Intent.WHERE_IS_MY_ORDER, Intent.LOST_OR_DELAYED, Intent.DELIVERED_NOT_RECEIVED)


def _family(ranked: list[tuple[Intent, float]], top: Intent) -> float:
    # Doubt between "where is it", "it is late" and "it says delivered" is not doubt that
    # the mail is about a delivery: the three together must clear the floor.
    if top not in _DELIVERY:
        return 0.0
    return sum(p for intent, p in ranked if intent in _DELIVERY)


def _underlying(ranked: list[tuple[Intent, float]], floor: float) -> tuple[Intent, float] | None:
    for intent, p in ranked[1:3]:
        if intent not in _OVERLAY and intent is not Intent.OTHER and p >= floor:
            return intent, p
    return None


def _fallback(signals: tuple[Signal, ...], p_top: float) -> tuple[Intent, float]:
    # The model is unsure; a clear threat or insult in the lexicon still names the case.
    if _has(signals, "review_threat"):
        return Intent.REVIEW_THREAT, _RULE_CONFIDENCE * 0.7
    if _has(signals, "abusive", level=2):
        return Intent.ABUSIVE, _RULE_CONFIDENCE * 0.7
    return Intent.OTHER, p_top


def _prob(ranked: list[tuple[Intent, float]], intent: Intent) -> float:
    return next(p for i, p in ranked if i is intent)


def _secondary(
    ranked: list[tuple[Intent, float]], signals: tuple[Signal, ...], main: Intent, floor: float
) -> tuple[Intent, ...]:
    found: list[Intent] = [i for i, p in ranked if p >= floor and i not in (main, Intent.OTHER)]
    for intent, signal in (*_OVERLAY.items(), (Intent.CHARGEBACK_DISPUTE, "chargeback")):
        if intent is not main and intent not in found and _has(signals, signal, 2):
            found.append(intent)
    return tuple(found)
