"""Header decoding for the parse stage: RFC 2047 words, raw 8-bit bytes, addresses, dates.

Every function here returns something usable for any input; a header that cannot be
decoded comes back as its raw text, never as an exception.
"""

from __future__ import annotations

import binascii
import codecs
import re
from collections.abc import Iterable
from datetime import UTC, datetime
from email.errors import HeaderParseError
from email.header import decode_header
from email.utils import getaddresses, parsedate_to_datetime

FOLD = re.compile(r"\r?\n[ \t]*")
MAX_IDS = 21
"""Ids kept from an In-Reply-To or References list: the root and the newest 20 (R75)."""
ANGLE_ID = re.compile(r"<[^<>\s]*>")
CHARSET_ALIASES = {
    "iso-8859-6-i": "iso-8859-6",
    "iso-8859-6-e": "iso-8859-6",
    "iso-8859-8-i": "iso-8859-8",
    "x-mac-arabic": "mac-arabic",
    "unicode-1-1-utf-7": "utf-7",
    "x-user-defined": "latin-1",
    "ks_c_5601-1987": "cp949",
    "gb2312": "gb18030",
    "gbk": "gb18030",
}


def decode_bytes(data: bytes, charset: str | None) -> str:
    """Bytes in a declared charset to str; unknown or wrong charsets fall back to UTF-8."""
    name = (charset or "utf-8").strip().strip("\"'").lower()
    name = CHARSET_ALIASES.get(name, name)
    if name in {"us-ascii", "ascii", "utf8", "unknown-8bit", "x-unknown", ""}:
        name = "utf-8"
    try:
        codecs.lookup(name)
        return data.decode(name, errors="replace")
    except (LookupError, UnicodeError, ValueError):
        return data.decode("utf-8", errors="replace")


def storable(text: str) -> str:
    """Text every database accepts (R72): NUL removed, unpaired surrogates replaced.

    PostgreSQL refuses NUL in text columns, and a UTF-8 encoder refuses lone surrogates;
    either would fail the whole transaction the text is written in."""
    text = text.replace("\x00", "")
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return text.encode("utf-8", "replace").decode("utf-8")
    return text


def raw_text(value: object) -> str:
    """A header value as str; raw 8-bit bytes (kept as surrogates) read as UTF-8 or cp1252."""
    text = str(value)
    if any("\udc80" <= ch <= "\udcff" for ch in text):
        data = text.encode("utf-8", "surrogateescape")
        try:
            return storable(data.decode("utf-8"))
        except UnicodeDecodeError:
            # Unlabelled 8-bit headers from old Western clients; cp1252 never loses a byte.
            return storable(data.decode("cp1252", "replace"))
    return storable(text)


def decode_words(value: object) -> str:
    """Unfold a header and decode its RFC 2047 encoded words, replacing bad bytes."""
    text = FOLD.sub(" ", raw_text(value))
    if "=?" not in text:
        return text.strip()
    try:
        parts = decode_header(text)
    except (HeaderParseError, binascii.Error, ValueError, LookupError):
        return text.strip()
    return storable("".join(_decode_part(part, charset) for part, charset in parts)).strip()


def _decode_part(part: bytes | str, charset: str | None) -> str:
    """One piece returned by email.header.decode_header."""
    if isinstance(part, str):
        return part
    return decode_bytes(part, charset)


def addresses(values: Iterable[object]) -> list[tuple[str, str]]:
    """(decoded display name, lower-cased address) for every address in these headers."""
    raw = [FOLD.sub(" ", raw_text(v)) for v in values]
    try:
        pairs = getaddresses(raw)
    except (ValueError, IndexError, TypeError, RecursionError):
        return []
    return [(decode_words(name), addr.strip().lower()) for name, addr in pairs if addr.strip()]


def return_path(value: object | None) -> str | None:
    """Return-Path address lower-cased: None when absent, "" for the null sender `<>`."""
    if value is None:
        return None
    text = raw_text(value).strip()
    match = re.search(r"<([^<>]*)>", text)
    inner = match.group(1) if match else text
    return inner.strip().lower()


def message_id(value: object | None) -> str:
    """The first `<id>` in a Message-ID header, whitespace removed; brackets added if missing."""
    if value is None:
        return ""
    compact = re.sub(r"\s+", "", raw_text(value))
    match = ANGLE_ID.search(compact)
    if match:
        return match.group(0)
    bare = compact.strip("<>")
    return f"<{bare}>" if bare else ""


def id_list(value: object | None) -> tuple[str, ...]:
    """The `<id>`s of an In-Reply-To or References header, in order: the root and the newest
    MAX_IDS - 1 when there are more (R75, the trimming RFC 5322 3.6.4 allows), so a header
    with 100 000 ids costs one linear scan and nothing after it."""
    if value is None:
        return ()
    text = FOLD.sub(" ", raw_text(value))
    found = ANGLE_ID.findall(text) or [
        f"<{token.strip('<>')}>" for token in text.split() if token.strip("<>")]
    if len(found) > MAX_IDS:
        found = [found[0], *found[1 - MAX_IDS:]]
    return tuple(found)


def parse_date(value: object | None) -> datetime | None:
    """An aware datetime from a Date header (UTC when the zone is unknown), or None."""
    if value is None:
        return None
    try:
        parsed = parsedate_to_datetime(FOLD.sub(" ", raw_text(value)).strip())
    except (TypeError, ValueError, IndexError, OverflowError):
        return None
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=UTC)
    return parsed
