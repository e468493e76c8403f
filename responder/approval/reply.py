"""What the owner wrote in a reply, without quoted history, attribution lines or signature.

The owner's own text comes back in blocks: a quoted line or an attribution line ("On ...
wrote:") ends a block, so a bottom-posted answer is still found and an interleaved one is
recognisable. Anything from a hard separator on is dropped: a signature, a phone footer, an
Outlook header block, "Original Message", or a line of our own approval email, because
Outlook-style clients paste the original below without ">" marks.
"""

from __future__ import annotations

import re

from responder.approval.request import MARKERS
from responder.approval.tokens import CODE_RE
from responder.mail.htmltext import strip_invisible
from responder.mail.quote_patterns import (
    ATTRIBUTION,
    HEADER_LINE,
    HEADER_OPENERS,
    MOBILE_FOOTER,
    ORIGINAL_MESSAGE,
    SEPARATOR,
    SIGNATURE_DELIMITER,
)

# Lines our approval email starts its own sections with: pasted unquoted, they end the reply.
OWN_MARKERS = tuple(marker.partition("(")[0].strip().lower() for marker in MARKERS)
"""In every owner language (request.MARKERS), so a pasted Persian request ends the reply too."""
# Arabic Gmail ends its attribution with the address and a colon, without a verb we know.
ADDRESS_COLON = re.compile(r"<[^<>@\s]+@[\w.\-]+>\s*[:：]\s*$")
HEADER_BLOCK_SPAN = 4


def own_blocks(text: str) -> list[list[str]]:
    """The owner's own non-empty blocks of lines, top to bottom, each trimmed of blank edges."""
    lines = [_clean(line) for line in text.splitlines()]
    blocks: list[list[str]] = [[]]
    index = 0
    while index < len(lines):
        quoted = lines[index].lstrip().startswith(">")
        if not quoted and _is_cut(lines, index):
            break
        span = 0 if quoted else _attribution_span(lines, index)
        if span or quoted:
            blocks.append([])
            index += max(span, 1)
            continue
        blocks[-1].append(lines[index])
        index += 1
    return [_trim(block) for block in blocks if any(line.strip() for line in block)]


def _clean(line: str) -> str:
    """One line without invisible characters; non-breaking spaces become spaces."""
    return strip_invisible(line, keep_zwnj=True).replace("\xa0", " ").rstrip()


def _trim(block: list[str]) -> list[str]:
    """The block without leading and trailing blank lines."""
    start = next(i for i, line in enumerate(block) if line.strip())
    end = max(i for i, line in enumerate(block) if line.strip())
    return block[start : end + 1]


def _is_cut(lines: list[str], index: int) -> bool:
    """True when everything from this line on is signature or pasted history."""
    line = lines[index]
    lowered = line.strip().lower()
    return bool(
        SIGNATURE_DELIMITER.match(line)
        or MOBILE_FOOTER.match(line)
        or ORIGINAL_MESSAGE.match(line)
        or SEPARATOR.match(line)
        or lowered.startswith(OWN_MARKERS)
        or CODE_RE.search(line)
        or _header_block(lines, index)
    )


def _header_block(lines: list[str], index: int) -> bool:
    """An Outlook-style "From: ... / Sent: ..." block starts here (two different keys)."""
    first = HEADER_LINE.match(lines[index])
    if not first or first.group("key").lower() not in HEADER_OPENERS:
        return False
    for line in lines[index + 1 : index + 1 + HEADER_BLOCK_SPAN]:
        other = HEADER_LINE.match(line)
        if other and other.group("key").lower() != first.group("key").lower():
            return True
    return False


def _attribution_span(lines: list[str], index: int) -> int:
    """How many lines an attribution starting here takes (clients wrap it), 0 if none."""
    for span in (1, 2, 3):
        if span > 1 and not _may_wrap(lines[index]):
            return 0
        joined = " ".join(line.strip() for line in lines[index : index + span])
        if index + span <= len(lines) and _is_attribution(joined):
            return span
    return 0


def _is_attribution(line: str) -> bool:
    """One (joined) line that introduces quoted history."""
    return bool(ATTRIBUTION.match(line) or ADDRESS_COLON.search(line))


def _may_wrap(line: str) -> bool:
    """A wrapped attribution's first line: a date or "On", and no sentence end."""
    stripped = line.strip()
    if not stripped or stripped[-1] in ".!?,;:":
        return False
    return stripped.startswith("On ") or any(ch.isdigit() for ch in stripped)
