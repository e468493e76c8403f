"""Confirmations and refusals in the approver's language.

decide.py words each confirmation in English (it is pure and does not know the reader); the
outbox turns it into the approver's language here, from the action kind and the facts the
English text carries (draft tag, customer address, the owner's own reply, the reason). A
refusal reason the catalogue does not know stays in English inside the translated sentence.
"""

from __future__ import annotations

import re

from responder import ownerlang as ol
from responder.approval.commands import NO_COMMAND

TAG = re.compile(r"#D\d+")
ADDRESS = re.compile(r"[\w.+\-]+@[\w\-]+(?:\.[\w\-]+)+")
REFUSED = re.compile(r"Your reply was not acted on: (?P<reason>.*)\. Nothing was sent\.", re.S)
YOUR_REASON = re.compile(r" Your reason: (?P<note>.*)$", re.S)
WITH_TEXT = ("send_edited", "redraft")
UNCLEAR = "unclear first line "


def localise(lang: str, kind: str, english: str) -> str:
    """The notice `english` of outbox `kind` in `lang` (unchanged for English or unknown kinds)."""
    if lang == "en":
        return english
    if kind.startswith("refusal:"):
        found = REFUSED.fullmatch(english.strip())
        if found is None:
            return english
        return ol.lines(lang, ol.text(lang, "refused", reason=_reason(lang, found["reason"])))
    action = kind.removeprefix("confirmation:")
    if not kind.startswith("confirmation:") or f"confirm.{action}" not in ol.en.MESSAGES:
        return english
    return _confirmation(lang, action, english)


def _confirmation(lang: str, action: str, english: str) -> str:
    """One confirmation rebuilt from the facts in its English wording."""
    head, _, own_text = english.partition("\n\n")
    tag, customer = TAG.search(head), ADDRESS.search(head)
    sentence = ol.text(lang, f"confirm.{action}",
                       tag=ol.ltr(lang, tag.group(0)) if tag else "",
                       customer=ol.ltr(lang, customer.group(0)) if customer
                       else ol.text(lang, "the_customer"))
    note = YOUR_REASON.search(head)
    if note:
        sentence += "\n" + note["note"]
    body = ol.lines(lang, sentence)
    return f"{body}\n\n{own_text}" if action in WITH_TEXT and own_text else body


def _reason(lang: str, english: str) -> str:
    """A refusal reason part by part ("a; b"); parts the catalogue lacks stay in English."""
    parts = []
    for part in english.split("; "):
        if part == NO_COMMAND:
            parts.append(ol.text(lang, "reason.no_command") or part)
        elif part.startswith(UNCLEAR):
            parts.append(ol.text(lang, "reason.unclear", line=part.removeprefix(UNCLEAR)))
        else:
            parts.append(ol.reason(lang, part))
    return "; ".join(parts) if lang == "en" else "؛ ".join(parts)
