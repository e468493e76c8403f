"""Suite-wide hooks: one skip line for every test that needs the absent full mail corpus."""

from __future__ import annotations

from collections.abc import Generator

import pytest

from tests import corpus_paths


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport() -> Generator[None, pytest.TestReport, None]:
    """Report full-corpus skips at one place, so `-ra` folds them into a single line."""
    outcome = yield
    report = outcome.get_result()
    if report.skipped and isinstance(report.longrepr, tuple):
        _, _, reason = report.longrepr
        if corpus_paths.MISSING in reason:
            report.longrepr = (corpus_paths.__file__, corpus_paths.SKIP_LINE, reason)
