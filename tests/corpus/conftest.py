"""The corpora the tests run over, and one summary line per corpus (issue 9).

Every corpus test runs twice: over the vendored subset (always) and over the full corpus
(skipped with one line when it is absent; see tests/corpus_paths.py).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest

from tests import corpus_paths

TALLY = pytest.StashKey[dict[str, "CorpusTally"]]()


@dataclass(frozen=True)
class Corpus:
    """One corpus root and its name ("vendored" or "full")."""

    name: str
    root: Path

    def at_least(self, *, vendored: int, full: int) -> int:
        """The least count a test must see in this corpus (it would be vacuous below)."""
        return full if self.name == "full" else vendored


@pytest.fixture(scope="session", params=["vendored", "full"])
def corpus(request: pytest.FixtureRequest) -> Corpus:
    """The vendored subset, then the full corpus (skipped with one clear line if absent)."""
    if request.param == "vendored":
        return Corpus("vendored", corpus_paths.VENDORED)
    return Corpus("full", corpus_paths.require_full())


@dataclass
class CorpusTally:
    """Counts the corpus tests add to while they run."""

    parsed: int = 0
    shunted: int = 0
    bounces: int = 0
    bounces_total: int = 0
    autoreplies: int = 0
    autoreplies_total: int = 0
    false_positives: int = 0
    """Negatives called bounces, plus human ham held back for a reason no rule allows."""
    name: str = "full"

    def recognised(self, *, bounce: bool, ok: bool) -> None:
        """Count one known bounce (or, with bounce=False, one known auto-reply)."""
        if bounce:
            self.bounces, self.bounces_total = self.bounces + ok, self.bounces_total + 1
        else:
            self.autoreplies, self.autoreplies_total = self.autoreplies + ok, self.autoreplies_total + 1

    def line(self) -> str:
        """The summary line printed at the end of the run."""
        return (f"corpus ({self.name}): {self.parsed} parsed, {self.shunted} shunted, "
                f"{self.bounces}/{self.bounces_total} bounces recognised, "
                f"{self.autoreplies}/{self.autoreplies_total} auto-replies recognised, "
                f"{self.false_positives} false positives")


@pytest.fixture(scope="session")
def corpus_tally(request: pytest.FixtureRequest, corpus: Corpus) -> CorpusTally:
    """This corpus's tally, kept on the config so the terminal summary can print it."""
    tallies = request.config.stash.setdefault(TALLY, {})
    return tallies.setdefault(corpus.name, CorpusTally(name=corpus.name))


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter,
                            exitstatus: int, config: pytest.Config) -> None:
    """Print one corpus line per corpus that ran."""
    for tally in config.stash.get(TALLY, {}).values():
        terminalreporter.write_line(tally.line())
