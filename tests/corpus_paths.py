"""Where the tests find real mail: the vendored subset always, the full corpus when present.

- `VENDORED` (tests/data/corpus, about 8 MB) is part of the repository: a sample of the real
  bounces, auto-replies, list and human mail, broken MIME and quote fixtures, with each
  source's SOURCE.txt and licence. Tests over it always run.
- The full corpus (about 70 MB, same layout) is not in the repository. It is found at
  `$RESPONDER_SHARED_DATA`, else at `../shared/data` beside the checkout. Tests that need it
  skip with `MISSING` when it is absent; CI keeps it beside the clone, so there they run.

No test names either path itself: they all ask this module.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

ENV = "RESPONDER_SHARED_DATA"
REPO = Path(__file__).resolve().parents[1]
VENDORED = REPO / "tests" / "data" / "corpus"


def full_corpus_path() -> Path:
    """Where the full corpus is expected: the variable if set, else ../shared/data."""
    configured = os.environ.get(ENV)
    return Path(configured) if configured else REPO.parent / "shared" / "data"


def full_corpus() -> Path | None:
    """The full corpus folder, or None when it is not there."""
    path = full_corpus_path()
    return path if path.is_dir() else None


MISSING = (f"full mail corpus not found at {full_corpus_path()}: set {ENV} to its data folder "
           "or put shared/data beside the checkout (the vendored subset still runs)")


def require_full() -> Path:
    """The full corpus folder; skips the calling test with `MISSING` when it is absent."""
    path = full_corpus()
    if path is None:
        pytest.skip(MISSING)
    return path


SKIP_LINE = require_full.__code__.co_firstlineno  # where tests/conftest.py reports the skips


def locate(relative: str) -> Path:
    """One corpus file: the vendored copy if there is one, else the full corpus's (or a skip)."""
    vendored = VENDORED / relative
    return vendored if vendored.exists() else require_full() / relative
