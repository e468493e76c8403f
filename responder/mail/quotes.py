"""Separate the customer's newest words from quoted history and their signature.

The reply is what comes before the first quote header ("On ... wrote:", an Outlook header
block, "-----Original Message-----") with `>` lines removed; text written below a `>` block
that follows a header (bottom posting) counts as reply too. A signature is cut from the
reply at "-- ", a mobile footer, or a closing salutation followed by a few short lines.
"""

from __future__ import annotations

from responder.mail import quote_patterns as qp

HEADER_WINDOW = 6
"""Lines after a header-block opener in which a second header key must appear."""
JOIN_LINES = 3
"""An attribution line may be wrapped over this many lines."""
MAX_SCAN_LINES = 3000
"""Quote headers are looked for in this many lines; nobody types more in a reply."""
TAIL_LINES = 8
"""A salutation or mobile footer starts a signature only this close to the end."""


def split_reply(text: str) -> tuple[str, str, str]:
    """Split a plain-text body into (new words, quoted history, signature)."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    start, first = _quote_start(lines)
    if start is None:
        body, quoted = lines, list[str]()
    else:
        head = [*lines[:start], first] if first else lines[:start]
        tail, quoted = _bottom_reply(lines[start:])
        body = head + tail
    body, marked = _drop_marked(body)
    new, signature = _split_signature(body)
    return _clean(new), _clean(marked + quoted), _clean(signature)


def _quote_start(lines: list[str]) -> tuple[int | None, str]:
    """Index of the first quote-header line, and any reply text sharing that line."""
    for index, line in enumerate(lines[:MAX_SCAN_LINES]):
        if not line.strip() or line.lstrip().startswith(">"):
            continue
        found, before = _is_quote_header(lines, index)
        if found:
            return index, before
    return None, ""


def _is_quote_header(lines: list[str], index: int) -> tuple[bool, str]:
    """True when a quote header starts at `index`; plus reply text before it on that line."""
    line = lines[index]
    inline = qp.INLINE_ON.search(line)
    if inline and inline.start() > 0:
        return True, line[: inline.start()].rstrip(" -")
    if qp.ORIGINAL_MESSAGE.match(line) or _header_block(lines, index):
        return True, ""
    if _separator_before_header(lines, index):
        return True, ""
    joined = line.strip()
    for extra in range(JOIN_LINES):
        if extra:
            if index + extra >= len(lines) or not lines[index + extra].strip():
                break
            joined = f"{joined} {lines[index + extra].strip()}"
        if _is_attribution(joined, line, joined_lines=extra + 1):
            return True, ""
    return False, ""


def _is_attribution(joined: str, first: str, *, joined_lines: int) -> bool:
    """An "On <date>, <name> wrote:" line (any language) or a date followed by an address."""
    if len(joined) > 400 or (":" not in joined and "：" not in joined and "@" not in joined):
        return False
    if not (qp.DATE_ADDRESS.match(joined) or qp.ATTRIBUTION.match(joined)):
        return False
    # Wrapped headers must start like one, or the reply's last sentence would be swallowed.
    return bool(qp.ATTRIBUTION_OPENER.match(first)) or (joined_lines == 1 and "@" in joined)


def _header_block(lines: list[str], index: int) -> bool:
    """An Outlook-style block: a From/Date line and another header key just below it."""
    opener = qp.HEADER_LINE.match(lines[index])
    if not opener or opener.group("key").lower() not in qp.HEADER_OPENERS:
        return False
    keys = {opener.group("key").lower()}
    for line in lines[index + 1 : index + 1 + HEADER_WINDOW]:
        match = qp.HEADER_LINE.match(line)
        if match:
            keys.add(match.group("key").lower())
    return len(keys) >= 2


def _separator_before_header(lines: list[str], index: int) -> bool:
    """A rule line (Outlook's underscores) just above a header block."""
    if not qp.SEPARATOR.match(lines[index]):
        return False
    following = [i for i in range(index + 1, min(index + 6, len(lines))) if lines[i].strip()]
    return any(_header_block(lines, i) for i in following[:2])


def _bottom_reply(rest: list[str]) -> tuple[list[str], list[str]]:
    """Text written between or below the `>` lines that follow a header is still the reply."""
    upcoming = [line for line in rest[1 : 1 + JOIN_LINES + 2] if line.strip()]
    if not any(_marked(line) for line in upcoming[:JOIN_LINES]):
        return [], rest
    last = max(i for i, line in enumerate(rest) if _marked(line))
    tail = rest[last + 1 :]
    next_header, _ = _quote_start(tail)
    if next_header is not None:
        tail = tail[:next_header]
    inline = [i for i in range(1, last) if _inline_reply(rest, i)]
    reply = [rest[i] for i in inline] + ([""] if inline else []) + tail
    quoted = [line for i, line in enumerate(rest[: last + 1]) if i not in set(inline)]
    return reply, quoted + rest[last + 1 + len(tail) :]


def _marked(line: str) -> bool:
    """A line quoted with ">"."""
    return line.lstrip().startswith(">")


def _inline_reply(rest: list[str], index: int) -> bool:
    """An unmarked line among quoted ones; a lone line glued to quotes is a wrapped quote."""
    line = rest[index]
    if not line.strip() or _marked(line) or (index < JOIN_LINES and not _marked(rest[index - 1])):
        return False
    glued = _marked(rest[index - 1]) and rest[index - 1].strip(" >")
    return not (glued and _marked(rest[index + 1]))


def _drop_marked(lines: list[str]) -> tuple[list[str], list[str]]:
    """Move `>`-quoted lines (inline or bottom-posted quotes) out of the reply."""
    kept = [line for line in lines if not line.lstrip().startswith(">")]
    marked = [line for line in lines if line.lstrip().startswith(">")]
    return kept, marked


def _split_signature(lines: list[str]) -> tuple[list[str], list[str]]:
    """Cut the signature (and any list footer under a rule line) off the end of the reply."""
    content = [i for i, line in enumerate(lines) if line.strip()]
    starts = [i for i in content if qp.SIGNATURE_DELIMITER.match(lines[i])]
    starts += [i for i in content[1:] if qp.MOBILE_FOOTER.match(lines[i])]
    footer = [i for i in content[1:][-TAIL_LINES:] if qp.FOOTER_RULE.match(lines[i])]
    end = footer[0] if footer else len(lines)
    starts += footer[:1]
    closing = [i for i in content if i < end][-TAIL_LINES:]
    for i in closing[1:] if len(closing) == len([c for c in content if c < end]) else closing:
        after = [j for j in closing if j > i]
        if (qp.DASH_NAME.match(lines[i].strip()) and len(after) <= 2) or _salutation(
            lines, i, after
        ):
            starts.append(i)
            break
    if not starts:
        return lines, []
    cut = min(starts)
    return lines[:cut], lines[cut:]


def _salutation(lines: list[str], index: int, after: list[int]) -> bool:
    """A closing like "Regards," followed by at most a few short lines (name, phone)."""
    if not qp.VALEDICTION.match(lines[index]) or len(after) > 6:
        return False
    return all(len(lines[j].strip()) <= 60 for j in after)


def _clean(lines: list[str]) -> str:
    """Join lines, trimming trailing spaces and blank lines at both ends."""
    return "\n".join(line.rstrip() for line in lines).strip("\n")
