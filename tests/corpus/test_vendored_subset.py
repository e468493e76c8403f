"""The vendored mail in tests/data/corpus: credited, and a faithful copy of the full corpus."""

from __future__ import annotations

from pathlib import Path

from tests.corpus_paths import VENDORED, require_full

LICENCES = ("LICENSE", "LICENSES", "COPYING", "MIT-LICENSE")
# bounce_email states its MIT licence in its README, which is copied instead of a LICENSE file.
LICENCE_IN_README = {"bounces/bounce_email-ruby"}
FILTERED = {"bounces/sisimai/expected_p5-sisimai.json"}  # cut to the vendored messages
OURS = {"vendor_subset.py", "README.md"}  # written here, not copied


def copied(path: Path) -> bool:
    """Whether this file came from the full corpus (not one of our own notes or tools)."""
    return str(path.relative_to(VENDORED)) not in OURS


def sources() -> list[Path]:
    """Every folder holding a SOURCE.txt, i.e. one copied source."""
    return sorted(p.parent for p in VENDORED.rglob("SOURCE.txt"))


def test_every_vendored_source_keeps_its_source_and_licence() -> None:
    """Each source folder has SOURCE.txt and its licence; every mail file lies under one."""
    found = sources()
    assert len(found) >= 12
    for folder in found:
        relative = str(folder.relative_to(VENDORED))
        names = {p.name for p in folder.iterdir()}
        licensed = any(n.startswith(LICENCES) for n in names) or (
            relative in LICENCE_IN_README and "README.md" in names)
        sub_licensed = all(any(n.name.startswith(LICENCES) for n in sub.iterdir())
                           for sub in folder.iterdir() if sub.is_dir())
        assert licensed or sub_licensed, relative
    loose = [p for p in VENDORED.rglob("*") if p.is_file() and copied(p)
             and not any(f in p.parents for f in found)]
    assert not loose, loose


def test_vendored_files_are_byte_copies_of_the_full_corpus() -> None:
    """Every vendored file equals the full corpus's file at the same path (when it is present)."""
    full = require_full()
    differ = [str(p.relative_to(VENDORED)) for p in sorted(VENDORED.rglob("*"))
              if p.is_file() and copied(p) and str(p.relative_to(VENDORED)) not in FILTERED
              and p.read_bytes() != (full / p.relative_to(VENDORED)).read_bytes()]
    assert not differ, differ
