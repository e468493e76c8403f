"""One summary line for the whole corpus run (issue 9): the corpus tests add to one tally."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

TALLY = pytest.StashKey["CorpusTally"]()


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

    def recognised(self, *, bounce: bool, ok: bool) -> None:
        """Count one known bounce (or, with bounce=False, one known auto-reply)."""
        if bounce:
            self.bounces, self.bounces_total = self.bounces + ok, self.bounces_total + 1
        else:
            self.autoreplies, self.autoreplies_total = self.autoreplies + ok, self.autoreplies_total + 1

    def line(self) -> str:
        """The summary line printed at the end of the run."""
        return (f"corpus: {self.parsed} parsed, {self.shunted} shunted, "
                f"{self.bounces}/{self.bounces_total} bounces recognised, "
                f"{self.autoreplies}/{self.autoreplies_total} auto-replies recognised, "
                f"{self.false_positives} false positives")


@pytest.fixture(scope="session")
def corpus_tally(request: pytest.FixtureRequest) -> CorpusTally:
    """The run's tally, kept on the config so the terminal summary can print it."""
    return request.config.stash.setdefault(TALLY, CorpusTally())


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter,
                            exitstatus: int, config: pytest.Config) -> None:
    """Print the corpus line when any corpus test ran."""
    tally = config.stash.get(TALLY, None)
    if tally is not None:
        terminalreporter.write_line(tally.line())
