"""Reading the owner's answer: one command word on the first line of their own text (R22 e).

Strict on purpose (T57, T58): the word must stand alone on the first non-quoted line, so
"I do not APPROVE this", "approve?" and "APPROVED!!" are no command. REJECT, HOLD and
ESCALATE may carry a note after them. The words of all three owner languages count, whatever
the owner reads (ownerlang/words.py: APPROVE, موافق, تایید, ...), after folding letter forms,
diacritics and digits, so "تأیید", "تاييد" and "تـایید" are one word. Text that is no
command becomes an edited reply only when it is clearly a reply to the customer; anything
doubtful is NONE, and the owner is told.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum

from responder.approval.reply import own_blocks
from responder.mail.htmltext import html_to_text
from responder.ownerlang.words import BARE_ONLY, DOUBTFUL_FOLDED, FOLDED, fold


class CommandKind(StrEnum):
    """What the owner asked for."""

    APPROVE = "approve"
    REJECT = "reject"
    EDIT = "edit"
    HOLD = "hold"
    ESCALATE = "escalate"
    PAUSE = "pause"
    RESUME = "resume"
    NONE = "none"


@dataclass(frozen=True)
class OwnerCommand:
    """The command of one reply; for NONE, `reason` says why nothing was read."""

    kind: CommandKind
    reason: str = ""
    edited_text: str = ""


NOTE_KINDS = ("reject", "hold", "escalate")
SEPARATOR = re.compile(r"\s*([:,،\-–])\s*")
BARE_END = re.compile(r"[.!]$")
# A first line that talks about approving or sending is a comment, never a reply to a customer.
DOUBTFUL = re.compile(
    r"\b(?:approv\w*|reject\w*|send\w*|sent|ok|okay|yes|no|nope|lgtm|edit\w*|hold\w*"
    r"|escalat\w*|pause\w*|resume\w*|don'?t|do\s+not|wait|stop)\b",
    re.IGNORECASE,
)
MIN_EDIT_LINES = 2
MIN_EDIT_CHARS = 40
NO_COMMAND = (
    "write APPROVE, REJECT, HOLD, ESCALATE, PAUSE or RESUME alone on the first line, "
    "or EDIT on the first line and your reply below it"
)


def parse_owner_reply(text: str, html: str | None, *, accept_html: bool = True) -> OwnerCommand:
    """The command in an owner's reply; text/plain wins, HTML is read only when it is alone."""
    body = text
    if not body.strip() and html:
        if not accept_html:
            return OwnerCommand(CommandKind.NONE, "HTML-only reply; please answer in plain text")
        body = html_to_text(html)
    blocks = own_blocks(body)
    if not blocks:
        return OwnerCommand(CommandKind.NONE, "the reply has no text of its own")
    return _read(blocks)


def _read(blocks: list[list[str]]) -> OwnerCommand:
    """The command of the first block, or an edit when the reply is one clear new text."""
    first, rest = blocks[0][0].strip(), blocks[0][1:]
    command = _command(first, rest)
    if command is not None:
        return command
    if len(blocks) > 1:
        return OwnerCommand(CommandKind.NONE, "text between quoted parts; " + NO_COMMAND)
    if DOUBTFUL.search(first) or _doubtful(first):
        return OwnerCommand(CommandKind.NONE, f"unclear first line {first[:60]!r}; {NO_COMMAND}")
    return _implicit_edit(blocks[0])


def _command(first: str, rest: list[str]) -> OwnerCommand | None:
    """The command the first line names exactly (any of the three languages), or None."""
    tokens = SEPARATOR.sub(r" \1 ", first, count=1).split()
    for n in (2, 1):
        if n > len(tokens):
            continue
        kind, word = _word(tokens[:n], bare=len(tokens) == n)
        if kind is None:
            continue
        note = tokens[n:]
        if not note:
            return _bare(CommandKind(kind), rest)
        if kind in NOTE_KINDS and word not in BARE_ONLY:
            text = " ".join(note[1:] if SEPARATOR.fullmatch(note[0]) else note)
            return OwnerCommand(CommandKind(kind), reason=_join([text, *rest])) if text else None
        return None
    return None


def _word(tokens: list[str], *, bare: bool) -> tuple[str | None, str]:
    """The command kind these tokens name and their folded form; "." or "!" only when bare."""
    folded = fold(" ".join(tokens))
    if bare:
        folded = BARE_END.sub("", folded)
    return FOLDED.get(folded), folded


def _bare(kind: CommandKind, rest: list[str]) -> OwnerCommand:
    """A command word alone on its line; the lines below are EDIT's reply or a note."""
    if kind is CommandKind.EDIT:
        return _explicit_edit(rest)
    if kind in (CommandKind.APPROVE, CommandKind.PAUSE, CommandKind.RESUME):
        return OwnerCommand(kind)
    return OwnerCommand(kind, reason=_join(rest))


def _doubtful(first: str) -> bool:
    """The line uses an Arabic or Persian word about approving or sending (a comment)."""
    folded = " {} ".format(re.sub(r"[^\w\s]", " ", fold(first)))
    return any(f" {word} " in folded for word in DOUBTFUL_FOLDED)


def _explicit_edit(lines: list[str]) -> OwnerCommand:
    """`EDIT` on its own line: the lines below it are the new reply."""
    text = _join(lines)
    if not text:
        return OwnerCommand(CommandKind.NONE, "EDIT without a reply below it")
    return OwnerCommand(CommandKind.EDIT, edited_text=text)


def _implicit_edit(lines: list[str]) -> OwnerCommand:
    """Own text of several lines with no command: the owner wrote the reply themselves."""
    text = _join(lines)
    non_empty = [line for line in lines if line.strip()]
    if len(non_empty) < MIN_EDIT_LINES or len(text) < MIN_EDIT_CHARS:
        return OwnerCommand(CommandKind.NONE, f"too short for a reply; {NO_COMMAND}")
    return OwnerCommand(CommandKind.EDIT, edited_text=text)


def _join(lines: list[str]) -> str:
    """Lines joined back into text, trailing spaces and blank edges removed."""
    return "\n".join(line.rstrip() for line in lines).strip()
