"""HTML to plain text for reading customer mail, and removal of invisible characters.

Only what a person would see survives: scripts, styles, comments and text hidden by CSS or
the `hidden` attribute are dropped, because spammers and prompt-injection attempts hide
words there. Quoted history inside `<blockquote>` comes out prefixed with "> " so that the
quote splitter treats it exactly like a plain-text reply.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

SKIPPED_TAGS = frozenset({"script", "style", "head", "title", "template", "xml", "o:p"})
VOID_TAGS = frozenset(
    {"br", "img", "hr", "meta", "link", "input", "col", "area", "base", "wbr", "source", "embed"}
)
BLOCK_TAGS = frozenset(
    {
        "address", "article", "aside", "blockquote", "center", "dd", "div", "dl", "dt",
        "fieldset", "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6", "header",
        "hr", "li", "main", "nav", "ol", "p", "pre", "section", "table", "tbody", "thead",
        "tfoot", "tr", "ul",
    }
)  # fmt: skip
HIDDEN_STYLE = re.compile(
    r"display\s*:\s*none|visibility\s*:\s*hidden"
    r"|font-size\s*:\s*0*\.?0*(?:px|pt|em|rem|%)?\s*(?:;|!|$)"
    r"|opacity\s*:\s*0*\.?0*\s*(?:;|!|$)"
    r"|max-height\s*:\s*0*(?:px)?\s*(?:;|!|$)",
    re.IGNORECASE,
)
# Gmail's "indent" button makes a border-less blockquote: the writer's own words, not a quote.
INDENT_STYLE = re.compile(r"border\s*:\s*none", re.IGNORECASE)
MAX_DEPTH = 512

INVISIBLE = (
    "\u00ad\u180e\u200b\u200d\u200e\u200f\u202a\u202b\u202c\u202d\u202e"
    "\u2060\u2061\u2062\u2063\u2064\u2066\u2067\u2068\u2069\ufeff"
)
ZWNJ = "\u200c"
_KEEP_ZWNJ = {ord(c): None for c in INVISIBLE} | dict.fromkeys(range(0xE0000, 0xE0080))
_DROP_ALL = _KEEP_ZWNJ | {ord(ZWNJ): None}


def strip_invisible(text: str, *, keep_zwnj: bool = True) -> str:
    """Remove zero-width, bidi-control and Unicode tag characters (ZWNJ only when asked)."""
    # ZWNJ joins Persian words correctly (می‌خواهم); only LLM input loses it.
    return text.translate(_KEEP_ZWNJ if keep_zwnj else _DROP_ALL)


class _Element:
    """One open element: whether it hides its text and whether it is a quote."""

    __slots__ = ("hidden", "quote", "tag")

    def __init__(self, tag: str, *, hidden: bool, quote: bool) -> None:
        self.tag = tag
        self.hidden = hidden
        self.quote = quote


class _TextExtractor(HTMLParser):
    """Collects visible text as (quote depth, text) pieces."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.pieces: list[tuple[int, str]] = []
        self.stack: list[_Element] = []
        self.hidden = 0
        self.quote = 0
        self.pre = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        """Track hiding and quoting; start a new line for block elements."""
        self._break(tag)
        if tag == "li":
            self._emit("- ")
        elif tag in {"td", "th"}:
            self._emit(" ")
        if tag in VOID_TAGS or len(self.stack) >= MAX_DEPTH:
            return
        element = _element(tag, dict(attrs))
        self.stack.append(element)
        self.hidden += element.hidden
        self.quote += element.quote
        self.pre += tag == "pre"

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        """Self-closing tags only break lines; they never open a hidden or quoted region."""
        self._break(tag)

    def handle_endtag(self, tag: str) -> None:
        """Close the innermost open element of this name and anything left open inside it."""
        for index in range(len(self.stack) - 1, -1, -1):
            if self.stack[index].tag == tag:
                for element in self.stack[index:]:
                    self.hidden -= element.hidden
                    self.quote -= element.quote
                    self.pre -= element.tag == "pre"
                del self.stack[index:]
                break
        if tag in BLOCK_TAGS:
            self._break(tag)

    def handle_data(self, data: str) -> None:
        """Keep visible text; whitespace collapses outside <pre>."""
        if self.pre:
            self._emit(data)
        else:
            self._emit(re.sub(r"\s+", " ", data))

    def _emit(self, text: str) -> None:
        if not self.hidden and text:
            self.pieces.append((self.quote, text))

    def _break(self, tag: str) -> None:
        """<br> always ends a line; a block boundary ends it only if text is pending."""
        if self.hidden or (tag not in BLOCK_TAGS and tag != "br"):
            return
        if tag == "br" or (self.pieces and not self.pieces[-1][1].endswith("\n")):
            self.pieces.append((self.quote, "\n"))


def _element(tag: str, attrs: dict[str, str | None]) -> _Element:
    """Decide from a start tag whether its content is invisible or quoted history."""
    style = attrs.get("style") or ""
    hidden = (
        tag in SKIPPED_TAGS
        or "hidden" in attrs
        or bool(HIDDEN_STYLE.search(style))
        or (attrs.get("aria-hidden") == "true" and "display" in style)
    )
    quote = tag == "blockquote" and not INDENT_STYLE.search(style)
    return _Element(tag, hidden=hidden, quote=quote)


def html_to_text(html: str) -> str:
    """Visible text of an HTML body, block elements on their own lines, quotes as "> "."""
    parser = _TextExtractor()
    parser.feed(html)
    parser.close()
    return _assemble(parser.pieces)


def _assemble(pieces: list[tuple[int, str]]) -> str:
    """Join pieces into lines; a line takes the quote depth of its first text."""
    lines: list[str] = []
    current: list[str] = []
    depth = 0
    for level, text in pieces:
        for index, part in enumerate(text.split("\n")):
            if index:
                lines.append(_finish(current, depth))
                current = []
            if part.strip() and not "".join(current).strip():
                depth = level
            current.append(part)
    lines.append(_finish(current, depth))
    return _tidy(lines)


def _finish(parts: list[str], depth: int) -> str:
    """One output line with its quote prefix; blank lines stay blank."""
    line = "".join(parts).strip(" \t")
    if depth and line:
        return "> " * depth + line
    return ">" * depth if depth else line


def _tidy(lines: list[str]) -> str:
    """At most one blank line in a row, none at the start or end."""
    text = re.sub(r"\n{3,}", "\n\n", "\n".join(lines))
    # Empty quote lines at the very end carry nothing and would look like a quote.
    return re.sub(r"(?:\n>+)+\s*$", "", text.strip("\n"))
