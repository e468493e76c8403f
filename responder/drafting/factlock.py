"""The fact lock: a rewritten reply may say things nicer, never say more or less.

Pure and deterministic (docs/reliability.md R34). `check` compares a candidate rewrite with the
template draft it came from and returns every violation; an empty tuple means the
candidate may be used. Anything in doubt is a violation: the plain draft is always a safe
answer, a wrong promise is not.

It is an allow-list: every link, domain (any TLD, also `x[.]com` or "x dot com"), number
(digits or words, en/ar/fa), currency, date, day word and street in the rewrite must be in
the draft or the decision's facts; promise and concession concepts and order statuses
(polish_words.py, lock_words.toml) must be the draft's own.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from responder.drafting import polish_facts as pf
from responder.drafting import polish_words as pw

MARKDOWN = re.compile(r"!\[[^\]]*\]\(|\[[^\]\n]+\]\([^)\n]+\)")
HTML_TAG = re.compile(r"</?[a-z][a-z0-9:-]*(?:\s[^<>]*)?/?>", re.IGNORECASE)
TEMPLATE = re.compile(r"\{\{|\{%|\{#|\$\{|<%")
ENCODED = re.compile(r"[a-z0-9+/_-]{32,}={0,2}")
CANARY = re.compile(r"rsp-canary-[0-9a-f]+")
# Zero-width, bidi and tag characters hide text from the reader; U+200C (ZWNJ) is normal
# Persian spelling and stays allowed.
INVISIBLE = re.compile(
    "[\u00ad\u061c\u180e\u200b\u200d-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069"
    "\ufeff\U000e0000-\U000e007f]"
)
WORD = re.compile(r"\w+")
LEAK_WINDOW = 6
"""Words in a row shared with the system prompt that count as leaking it."""

LEAK_PHRASES = (
    "as an ai", "as a language model", "language model", "system prompt", "my instructions",
    "i am an ai", "i'm an ai", "openai", "chatgpt", "assistant:", "system:",
    "نموذج لغوي", "ذكاء اصطناعي", "تعليمات النظام", "هوش مصنوعی", "مدل زبانی", "دستورالعمل سیستم",
)  # fmt: skip
ARABIC_SCRIPT = re.compile(r"[\u0600-\u06ff\u0750-\u077f\ufb50-\ufdff\ufe70-\ufeff]")
LATIN = re.compile(r"[a-zà-ɏ]", re.IGNORECASE)
PERSIAN_ONLY = re.compile(r"[پچژگیک]")
ARABIC_ONLY = re.compile(r"[يكة]")
MIN_LETTERS = 12
"""Below this many letters the script cannot be told and the text is too short anyway."""


def script(text: str) -> str:
    """`latin`, `ar`, `fa`, or `unknown`, from the letters the text is written in."""
    arabic, latin = len(ARABIC_SCRIPT.findall(text)), len(LATIN.findall(text))
    if arabic + latin < MIN_LETTERS:
        return "unknown"
    if arabic >= 2 * latin:
        fa, ar = len(PERSIAN_ONLY.findall(text)), len(ARABIC_ONLY.findall(text))
        return "fa" if fa > ar else "ar"
    return "latin" if latin >= 2 * arabic else "unknown"


def expected_script(language: str) -> str:
    """The script a reply in this language is written in."""
    return language if language in {"ar", "fa"} else "latin"


def _new(kind: str, found: Iterable[object], allowed: Iterable[object]) -> list[str]:
    """One violation per fact in `found` that `allowed` lacks."""
    known = set(allowed)
    return [f"new {kind}: {_show(f)}" for f in sorted(found, key=str) if f not in known]


def _missing(kind: str, needed: Iterable[object], found: Iterable[object]) -> list[str]:
    """One violation per fact of the draft that the rewrite lost."""
    have = set(found)
    return [f"missing {kind}: {_show(f)}" for f in sorted(needed, key=str) if f not in have]


def _show(fact: object) -> str:
    """A fact as a person would write it in a log line."""
    if isinstance(fact, tuple):
        return " ".join(str(p) for p in fact if p != "")
    return str(fact)


def structure(candidate: str) -> list[str]:
    """Markup that must never reach a customer: markdown, HTML, template syntax, leaks."""
    problems = []
    if MARKDOWN.search(candidate):
        problems.append("markdown link or image")
    if HTML_TAG.search(candidate):
        problems.append("html tag")
    if TEMPLATE.search(candidate):
        problems.append("template syntax")
    if INVISIBLE.search(candidate):
        problems.append("invisible characters")
    if CANARY.search(pf.normalise(candidate)):
        problems.append("system prompt leaked (canary)")
    return problems


def leaks(draft: str, candidate: str, secret_text: str) -> list[str]:
    """Phrases that reveal the machinery, and runs of words copied from the system prompt."""
    norm, base = pf.normalise(candidate), pf.normalise(draft)
    found = [f"leak: {p!r}" for p in LEAK_PHRASES if p in norm and p not in base]
    if secret_text and _shared_window(pf.normalise(secret_text), norm, base):
        found.append("system prompt leaked (copied text)")
    return found


def _windows(text: str) -> set[tuple[str, ...]]:
    """Every run of LEAK_WINDOW words."""
    words = WORD.findall(text)
    return {tuple(words[i : i + LEAK_WINDOW]) for i in range(len(words) - LEAK_WINDOW + 1)}


def _shared_window(secret: str, candidate: str, draft: str) -> bool:
    """True when the candidate repeats a word run of the secret that the draft does not."""
    return bool((_windows(secret) & _windows(candidate)) - _windows(draft))


def promises(draft: str, candidate: str, allowed_extra: str = "") -> list[str]:
    """Promise and concession language (lock_words.toml) of a kind the draft never used."""
    have = pw.promise_concepts(draft + "\n" + allowed_extra)
    new = sorted(pw.promise_concepts(candidate) - have)
    return [f"new promise: {_first_word(candidate, 'promise', c)} ({c})" for c in new]


def _first_word(text: str, table: str, concept: str) -> str:
    """The words of `text` that made it use `concept`, for the log line."""
    rx = dict(pw.concepts(table))[concept]
    found = rx.search(pw.flat(text))
    return found.group().strip() if found else concept


def statuses(draft: str, candidate: str, allowed_extra: str = "") -> list[str]:
    """Order statuses (delivered, lost, cancelled...) must be exactly the draft's."""
    need, got = pw.status_concepts(draft), pw.status_concepts(candidate)
    allowed = pw.status_concepts(f"{draft}\n{allowed_extra}") if allowed_extra else need
    return [*_new("status", got, allowed), *_missing("status", need, got)]


def language_and_length(
    draft: str, candidate: str, language: str, min_ratio: float, max_ratio: float
) -> list[str]:
    """Same script as the draft's language, and a length close to the draft's."""
    if not candidate.strip():
        return ["empty"]
    problems = []
    want, got = expected_script(language), script(candidate)
    if got != want:
        problems.append(f"language: expected {want}, got {got}")
    ratio = len(candidate.strip()) / max(len(draft.strip()), 1)
    if not min_ratio <= ratio <= max_ratio:
        problems.append(f"length: {ratio:.2f}x of the draft (allowed {min_ratio}-{max_ratio})")
    return problems


def facts_kept(draft: str, candidate: str, allowed_extra: str = "") -> list[str]:
    """Every fact of the draft is still there and nothing new was added."""
    need, got = pf.facts(draft), pf.facts(candidate)
    allowed = need | pf.facts(allowed_extra) if allowed_extra else need
    in_words = pw.number_words(candidate)
    problems = [
        *_missing("id", need.ids, got.ids),
        *_missing("link", need.urls, got.urls),
        *_missing("amount", need.amounts, got.amounts),
        *_missing("date", need.dates, got.dates),
        *_missing("number", need.numbers, got.numbers | in_words),
    ]
    for field in ("urls", "domains", "emails", "phones", "amounts", "percents", "dates"):
        problems += _new(field.rstrip("s"), getattr(got, field), getattr(allowed, field))
    problems += _new("number", got.digit_runs, allowed.digit_runs)
    problems += _new("number", got.numbers, allowed.numbers)
    problems += _new("number", in_words, allowed.numbers | pw.number_words(f"{draft}\n{allowed_extra}"))
    return list(dict.fromkeys(problems))


def words_allowed(candidate: str, allowed: str) -> list[str]:
    """Allow-list of what is written in words: domains (any TLD, obfuscated), currencies,
    day words and street names must all come from the draft or the decision's facts."""
    problems = _new("domain", pw.domains(candidate), pw.domains(allowed))
    problems += _new("currency", pw.currencies(candidate), pw.currencies(allowed))
    problems += _new("date", pw.relative_dates(candidate), pw.relative_dates(allowed))
    base = pw.flat(allowed)
    problems += [f"new address: {s}" for s in sorted(pw.streets(candidate)) if s not in base]
    return problems


def _without_links(text: str) -> str:
    """Normalised text with links removed (tracking links are long on purpose)."""
    return pf.URL.sub(" ", pf.normalise(text))


def encoded(draft: str, candidate: str) -> list[str]:
    """Long base64-like runs (smuggled data) that the draft does not contain."""
    base = _without_links(draft)
    runs = [r for r in ENCODED.findall(_without_links(candidate)) if r not in base]
    return [f"encoded data: {r[:20]}..." for r in runs]


def check(
    draft: str,
    candidate: str,
    *,
    language: str,
    allowed_extra: str = "",
    min_ratio: float = 0.5,
    max_ratio: float = 2.0,
    secret_text: str = "",
    known_facts: str = "",
) -> tuple[str, ...]:
    """Every way `candidate` breaks the draft's facts; empty when it may replace the draft.

    `allowed_extra` is the owner's words (facts and promises allowed); `known_facts` is the
    decision's facts as text (facts allowed, promises and statuses not).
    """
    problems = language_and_length(draft, candidate, language, min_ratio, max_ratio)
    if problems == ["empty"]:
        return ("empty",)
    problems += structure(candidate)
    problems += leaks(draft, candidate, secret_text)
    problems += promises(draft, candidate, allowed_extra)
    problems += encoded(draft + "\n" + allowed_extra, candidate)
    problems += statuses(draft, candidate, allowed_extra)
    known = "\n".join((allowed_extra, known_facts))
    problems += facts_kept(draft, candidate, known)
    problems += words_allowed(candidate, f"{draft}\n{known}")
    return tuple(dict.fromkeys(problems))


def check_owner_edit(draft: str, edited: str, language: str) -> tuple[str, ...]:
    """Violations in an owner's edited reply: the owner may state new facts, not markup."""
    # The owner has authority over facts, so nothing of the draft is required; the draft
    # parameter keeps the call shape of check() for the approval module.
    del draft
    if not edited.strip():
        return ("empty",)
    problems = structure(edited)
    want, got = expected_script(language), script(edited)
    if got not in {want, "unknown"}:
        problems.append(f"language: expected {want}, got {got}")
    return tuple(problems)
