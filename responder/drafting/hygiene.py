"""Input hygiene: what of a customer's email the model may see, and in what form (R32, R33).

Hidden HTML text, invisible characters and quoted history are dropped; personal data the
model does not need is redacted; the rest is capped and JSON-encoded so that it reaches the
model as data inside a labelled block, never as instructions.
"""

from __future__ import annotations

import json
import re
import unicodedata
from html.parser import HTMLParser

from responder.models import Inbound

INVISIBLE = re.compile(
    "[\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180e\u200b-\u200f\u202a-\u202e"
    "\u2060-\u2064\u2066-\u206f\u3164\ufe00-\ufe0f\ufeff\uffa0\U000e0000-\U000e007f]"
)
LOOKS_HTML = re.compile(r"<(?:[a-z][a-z0-9]*\b[^>]*|!--)>?", re.IGNORECASE)
HIDDEN_STYLE = re.compile(
    r"display\s*:\s*none|visibility\s*:\s*hidden|font-size\s*:\s*0(?:\.0*)?(?![.\d])"
    r"|opacity\s*:\s*0(?:\.0*)?(?![.\d])|color\s*:\s*(?:#f{3}\b|#f{6}\b|white\b"
    r"|rgba?\(\s*255\s*,\s*255\s*,\s*255|transparent)",
    re.IGNORECASE,
)
SKIPPED_TAGS = frozenset({"script", "style", "head", "title", "template", "noscript"})
VOID_TAGS = frozenset({"br", "img", "hr", "meta", "link", "input", "wbr", "col", "source"})
QUOTED_LINE = re.compile(
    r"^\s*(?:>|(?:system|assistant|developer|admin|operator|instructions?|support agent note"
    r"|note to (?:the )?(?:ai|assistant|agent|model))\s*:|\[/?(?:system|inst)\]|<\|)",
    re.IGNORECASE,
)
HISTORY_START = re.compile(
    r"^\s*(?:on .{4,200} wrote:|-{2,}\s*original message\s*-{2,}|_{10,}|from:\s.+@"
    r"|.{0,80}(?:كتب|نوشت)\s*:)\s*$",
    re.IGNORECASE,
)
CARD = re.compile(r"(?<!\d)\d(?:[ -]?\d){12,18}(?!\d)")
IBAN = re.compile(r"\b[A-Z]{2}\d{2}(?:[ ]?[A-Z0-9]{4}){2,7}(?:[ ]?[A-Z0-9]{1,4})?\b")
PHONE = re.compile(
    r"(?:\+|\b00)\d[\d ().-]{6,}\d|\(?\b\d{3}\)?[ .-]\d{3}[ .-]\d{4}\b|\b0\d{9,10}\b"
    r"|\b0\d{2,4}[ -]\d{3,4}[ -]\d{3,4}\b"
)
EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
STREET = re.compile(
    r"\b\d{1,5}[a-z]?\s+(?:[A-Z][\w'.-]*\s+){1,4}(?:Street|St|Avenue|Ave|Road|Rd|Boulevard"
    r"|Blvd|Lane|Ln|Drive|Dr|Court|Ct|Way|Place|Pl|Terrace|Square|Sq|Straße|Strasse|Weg)\b\.?"
    r"(?:,?\s*(?:Apt|Apartment|Suite|Unit|Flat|#)\.?\s*[\w-]+)?"
    r"(?:,\s*[A-Z][\w .'-]{1,30}(?:,\s*[A-Z]{2})?\s+[A-Z0-9]{3,5}(?:[ -][A-Z0-9]{3,4})?)?"
    r"|(?:خیابان|کوچه|بلوار|پلاک|شارع|حي|زقاق|عمارة)\s[^\n.،,؛]{1,60}",
)
CUT_MARK = " [...]"


class _VisibleText(HTMLParser):
    """Collects only the text a person would see; hidden elements are skipped whole."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.stack: list[bool] = []
        """For each open element: is it (or an ancestor) hidden."""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        """Open an element, hidden when it or its parent is."""
        if tag in VOID_TAGS:
            self.parts.append("\n" if tag == "br" else " ")
            return
        a = dict(attrs)
        hidden = (
            tag in SKIPPED_TAGS
            or "hidden" in a
            or a.get("aria-hidden") == "true"
            or bool(HIDDEN_STYLE.search(a.get("style") or ""))
        )
        self.stack.append(hidden or (bool(self.stack) and self.stack[-1]))

    def handle_endtag(self, tag: str) -> None:
        """Close the element; unbalanced closing tags are ignored."""
        if tag not in VOID_TAGS and self.stack:
            self.stack.pop()
        self.parts.append("\n" if tag in {"p", "div", "li", "tr", "h1", "h2", "h3"} else "")

    def handle_data(self, data: str) -> None:
        """Keep text only outside hidden elements (comments never reach here)."""
        if not (self.stack and self.stack[-1]):
            self.parts.append(data)


def visible_text(html: str) -> str:
    """The text of an HTML fragment as displayed: hidden parts, comments and tags removed."""
    parser = _VisibleText()
    parser.feed(html)
    parser.close()
    return "".join(parser.parts)


def strip_invisible(text: str) -> str:
    """NFKC-normalised text without zero-width, bidi-control and tag characters."""
    return unicodedata.normalize("NFKC", INVISIBLE.sub("", text))


def drop_quoted(text: str) -> str:
    """Only the customer's new words: quoted lines, role-style notes and history removed."""
    kept: list[str] = []
    for line in text.splitlines():
        if HISTORY_START.match(line):
            break
        if not QUOTED_LINE.match(line):
            kept.append(line)
    return "\n".join(kept).strip()


def _luhn(digits: str) -> bool:
    """The Luhn checksum that every payment card number satisfies."""
    total = 0
    for i, d in enumerate(reversed(digits)):
        n = int(d) * (2 if i % 2 else 1)
        total += n - 9 if n > 9 else n
    return total % 10 == 0


def _card(match: re.Match[str]) -> str:
    """Redact a digit run only when it is a plausible card number."""
    digits = re.sub(r"\D", "", match.group())
    return "[card number]" if 13 <= len(digits) <= 19 and _luhn(digits) else match.group()


def redact(text: str) -> str:
    """Card numbers, IBANs, phone numbers, email and street addresses replaced by labels."""
    text = CARD.sub(_card, text)
    text = IBAN.sub("[iban]", text)
    text = EMAIL.sub("[email]", text)
    text = STREET.sub("[address]", text)
    return PHONE.sub("[phone]", text)


def cap(text: str, limit: int) -> str:
    """At most `limit` characters, cut at a word boundary and marked as cut."""
    if len(text) <= limit:
        return text
    head = text[:limit].rsplit(None, 1)[0] if " " in text[:limit] else text[:limit]
    return head + CUT_MARK


def clean(text: str, limit: int) -> str:
    """One untrusted text made safe to show the model: all of the steps above, in order."""
    if LOOKS_HTML.search(text):
        text = visible_text(text)
    text = drop_quoted(strip_invisible(text))
    return cap(redact(re.sub(r"\n{3,}", "\n\n", text)), limit)


def customer_json(inbound: Inbound, limit: int) -> str:
    """The customer's subject and new words as one JSON object, safe to embed in a prompt."""
    data = {
        "subject": clean(inbound.subject, 300),
        "message": clean(inbound.new_text or inbound.text, limit),
    }
    return as_json(data)


def as_json(data: object) -> str:
    """JSON that cannot close a surrounding delimiter: <, > and backticks are escaped."""
    text = json.dumps(data, ensure_ascii=False, indent=1)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("`", "\\u0060")
