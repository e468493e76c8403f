"""parse() over every real message in each corpus: no crash, Stalwart's answers matched.

Known differences from Stalwart's expected JSON (not asserted, counted in the summary):
- Stalwart keeps addresses it cannot parse as names with a null address; we drop them.
- Stalwart decodes some malformed encoded words we leave as raw text, and vice versa.
- Stalwart's text_body may be several parts joined; we keep the first text/plain only.
Hence subject/from/to must agree on at least 90% of the messages, body text on 80%.
"""

from __future__ import annotations

import json
import re
import time
import tracemalloc
from collections.abc import Iterator
from pathlib import Path

import pytest

from responder.errors import MessageUnreadable
from responder.mail.parse import parse
from responder.models import Inbound
from tests.corpus_paths import locate

from .conftest import Corpus, CorpusTally

pytestmark = pytest.mark.corpus

NOT_MAIL = ("LICENSE", "COPYING", "SOURCE", "README", "MIT-LICENSE")
STALWART = Path("mail") / "stalwart-mail-parser" / "eml"
# The first is vendored; the rest are 1-3 MB each and run with the full corpus only.
TORTURE = [
    "mail/js-mailparser-postalmime/nodemailer-mailparser-fixtures/htmllargecallstack.eml",
    "mail/flanker/messages/torture.eml",
    "mail/flanker/messages/enclosed-endless.eml",
    "mail/js-mailparser-postalmime/nodemailer-mailparser-fixtures/large_text.eml",
    "mail/js-mailparser-postalmime/nodemailer-mailparser-fixtures/outofmemory.eml",
]
SUMMARY: dict[str, float] = {}


def corpus_files(root: Path) -> list[Path]:
    """Every file under mail/ and ham/ except licences, notes and expected-output JSON."""
    found = []
    for folder in ("mail", "ham"):
        for path in sorted((root / folder).rglob("*")):
            if path.is_file() and not path.name.startswith(NOT_MAIL) and path.suffix != ".json":
                found.append(path)
    return found


@pytest.fixture(scope="module", autouse=True)
def summary() -> Iterator[dict[str, float]]:
    """Print one summary line when the corpus module finishes."""
    yield SUMMARY
    print("\nparse corpus:", ", ".join(f"{k}={v:g}" for k, v in sorted(SUMMARY.items())))


def test_corpus_is_where_the_tests_look(corpus: Corpus) -> None:
    """The corpus holds its mail where the tests look for it (else every test here is vacuous)."""
    assert len(corpus_files(corpus.root)) > corpus.at_least(vendored=700, full=1500)


def test_every_message_parses_or_is_shunted(corpus: Corpus, corpus_tally: CorpusTally) -> None:
    """Each file yields an Inbound or MessageUnreadable; nothing else escapes parse()."""
    parsed = shunted = 0
    started = time.perf_counter()
    for path in corpus_files(corpus.root):
        try:
            assert isinstance(parse(path.read_bytes()), Inbound)
            parsed += 1
        except MessageUnreadable:
            shunted += 1
    corpus_tally.parsed += parsed
    corpus_tally.shunted += shunted
    SUMMARY.update({f"{corpus.name}_parsed": parsed, f"{corpus.name}_shunted": shunted,
                    f"{corpus.name}_seconds": round(time.perf_counter() - started, 1)})
    eml = [p for p in corpus_files(corpus.root) if p.suffix == ".eml"]
    assert parsed > 0.9 * len(eml)


def _stalwart_pairs(root: Path) -> list[tuple[Path, dict[str, object]]]:
    """(message, expected JSON) for the LF variant of every Stalwart fixture."""
    emls = sorted((root / STALWART).rglob("*.eml"))
    return [(eml, json.loads(eml.with_suffix(".json").read_text())) for eml in emls]


def _header(expected: dict[str, object], name: str) -> object:
    """The value of the first top-level header `name` in Stalwart's JSON."""
    parts = expected["parts"]
    assert isinstance(parts, list)
    for header in parts[0]["headers"]:
        if header["name"] == name:
            return header["value"]
    return None


def _addresses(value: object) -> list[str]:
    """Lower-cased addresses of a Stalwart address value (list or groups)."""
    if not isinstance(value, dict) or "Address" not in value:
        return []
    found = re.findall(r"'address': '([^']+)'", str(value["Address"]))
    return [a.lower() for a in found]


def _norm(text: str) -> str:
    """Whitespace-insensitive form for comparing bodies."""
    return re.sub(r"\s+", " ", text).strip()


def test_stalwart_expected_fields_agree(corpus: Corpus) -> None:
    """Subject, From, To and body text match Stalwart's expected parse on most messages."""
    checked = {"subject": [0, 0], "from": [0, 0], "to": [0, 0], "body": [0, 0]}
    for eml, expected in _stalwart_pairs(corpus.root):
        try:
            got = parse(eml.read_bytes())
        except MessageUnreadable:
            continue
        _compare(got, expected, checked)
    for field, (agree, total) in checked.items():
        SUMMARY[f"{corpus.name}_stalwart_{field}"] = round(agree / max(total, 1), 3)
    assert min(checked["subject"][1], checked["from"][1], checked["to"][1]) > 50
    assert checked["body"][1] > 10
    assert checked["subject"][0] >= 0.9 * checked["subject"][1]
    assert checked["from"][0] >= 0.9 * checked["from"][1]
    assert checked["to"][0] >= 0.9 * checked["to"][1]
    assert checked["body"][0] >= 0.8 * checked["body"][1]


def _compare(got: Inbound, expected: dict[str, object], checked: dict[str, list[int]]) -> None:
    """Add one message's agreements to the tallies."""
    subject = _header(expected, "subject")
    if isinstance(subject, dict) and "Text" in subject:
        _tally(checked["subject"], _norm(got.subject) == _norm(str(subject["Text"])))
    for name, mine in (("from", got.from_addrs), ("to", got.to)):
        theirs = _addresses(_header(expected, name))
        if theirs:
            _tally(checked[name], list(mine) == theirs)
    body = _text_body(expected)
    if body is not None and not got.html_only:
        _tally(checked["body"], _norm(body).startswith(_norm(got.text)[:200]))


def _text_body(expected: dict[str, object]) -> str | None:
    """The first text/plain body Stalwart found, if it is text."""
    indices, parts = expected["text_body"], expected["parts"]
    assert isinstance(indices, list)
    assert isinstance(parts, list)
    if not indices or expected["html_body"] == indices:
        return None
    body = parts[indices[0]].get("body")
    return body["Text"] if isinstance(body, dict) and "Text" in body else None


def _tally(counter: list[int], agree: bool) -> None:
    """Count one comparison."""
    counter[0] += agree
    counter[1] += 1


@pytest.mark.parametrize("relative", TORTURE)
def test_torture_messages_are_bounded(relative: str) -> None:
    """Huge and endlessly nested messages parse with their time and peak memory reported."""
    raw = locate(relative).read_bytes()
    tracemalloc.start()
    started = time.perf_counter()
    try:
        result: Inbound | None = parse(raw)
    except MessageUnreadable:
        result = None
    elapsed = time.perf_counter() - started
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    name = Path(relative).stem
    SUMMARY[f"{name}_s"] = round(elapsed, 2)
    SUMMARY[f"{name}_peak_mb"] = round(peak / 1e6, 1)
    assert result is not None
    assert result.size == len(raw)


@pytest.mark.parametrize("name", ["ukr", "rich-text"])
def test_tnef_message_keeps_its_text_body(name: str) -> None:
    """A TNEF (winmail.dat) message keeps its plain text and lists the attachment."""
    msg = parse(locate(f"mail/mimekit/tnef/{name}.eml").read_bytes())
    assert "winmail.dat" in [a.lower() for a in msg.attachments]
    assert msg.text.strip() or msg.html_only
