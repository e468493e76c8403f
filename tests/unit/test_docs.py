"""Every rule id the code cites (R12, T40, H35...) is explained in docs/reliability.md."""

from __future__ import annotations

import re
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
DOCS = REPO / "docs"
# An id, or a range such as R1-R16 / H1–H40 / T53-55; not part of a longer word, path or
# hex string. Numbers start at 1 (T0 in the tests is a clock reading, not a rule).
CITED = re.compile(r"(?<![\w.-])([RTH])([1-9]\d{0,2})(?:\s?[-–]\s?\1?([1-9]\d{0,2}))?(?![\w-])")
DOCUMENTED = re.compile(r"^- \*\*([RT][1-9]\d{0,2})\*\*|^\| (H[1-9]\d{0,2}) \|", re.MULTILINE)
SOURCES = (".py", ".toml", ".j2", ".txt", ".md")
NOT_OURS = ("tests/data/", "responder/triage/data/")  # copied public data and training text


def cited_in(text: str) -> set[str]:
    """Every id a text cites, ranges expanded."""
    ids = set()
    for kind, first, last in CITED.findall(text):
        ids |= {f"{kind}{n}" for n in range(int(first), int(last or first) + 1)}
    return ids


def our_files() -> list[Path]:
    """The package, tests, templates, prompts and config.toml: what we wrote."""
    found = [REPO / "config.toml"]
    for folder in ("responder", "tests", "templates", "prompts"):
        found += [p for p in (REPO / folder).rglob("*") if p.suffix in SOURCES and p.is_file()
                  and not str(p.relative_to(REPO)).startswith(NOT_OURS)]
    return found


def documented() -> set[str]:
    """The ids docs/reliability.md explains: one bullet per R/T id, one table row per H id."""
    text = (DOCS / "reliability.md").read_text(encoding="utf-8")
    return {a or b for a, b in DOCUMENTED.findall(text)}


def test_cited_finds_ids_and_ranges_but_not_lookalikes() -> None:
    """The scanner expands ranges and ignores words, hex, paths and T0."""
    text = "R5 and (R1-R16), H1–H3, T29/T30, T53-55. Not: T0, SHA256R2, x-R3, R2D2, a.T4, H31b"
    assert cited_in(text) == {"R5", *(f"R{n}" for n in range(1, 17)), "H1", "H2", "H3",
                              "T29", "T30", "T53", "T54", "T55"}


def test_every_cited_rule_is_documented() -> None:
    """No file cites a rule id that docs/reliability.md does not explain."""
    missing = {}
    known = documented()
    for path in our_files():
        for rule in cited_in(path.read_text(encoding="utf-8", errors="replace")) - known:
            missing.setdefault(rule, str(path.relative_to(REPO)))
    assert not missing, f"cited but not in docs/reliability.md: {missing}"


def test_code_points_to_docs_not_outside_the_repository() -> None:
    """No file points to the reliability or policy notes outside the repository (a clone lacks them)."""
    outside = re.compile(r"RELIABILITY\.md|RELIABILITY \d|POLICY\.md|\.\./shared/(?!data)")
    stale = [str(p.relative_to(REPO)) for p in our_files()
             if outside.search(p.read_text(encoding="utf-8", errors="replace"))]
    assert not stale, stale
