"""The real-text development sets stay separate from training and carry their provenance."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from responder.triage.text import normalize
from responder.triage.training import TRAIN_DIR, read_csv

REAL = Path(__file__).parents[3] / "bench" / "data" / "real"
GROUPS = {"delivery", "returns_quality", "missing", "wrong", "cancel", "other"}


def _rows(lang: str) -> list[dict[str, str]]:
    return [json.loads(line) for line in (REAL / f"{lang}.jsonl").read_text(encoding="utf-8").splitlines()]


@pytest.mark.parametrize("lang", ["en", "ar", "fa"])
def test_devset_is_large_labelled_and_sourced(lang: str) -> None:
    """Each language has at least 150 labelled real messages, each naming its source row."""
    rows = _rows(lang)
    assert len(rows) >= 150
    assert {r["group"] for r in rows} <= GROUPS
    assert all(r["text"].strip() and r["source"] and r["source_key"] for r in rows)
    assert (REAL / "SOURCE.md").read_text(encoding="utf-8").count(f"`{lang}.jsonl`") == 1


def test_no_devset_text_is_in_the_training_data() -> None:
    """No training row equals, contains or is contained in a dev-set message (normal form)."""
    train = [
        normalize(text).strip() for path in sorted(TRAIN_DIR.glob("*.csv")) for text, _ in read_csv(path)
    ]
    dev = [normalize(r["text"]).strip() for lang in ("en", "ar", "fa") for r in _rows(lang)]
    long_dev = [d for d in dev if len(d) >= 25]
    joined = "\n".join(train)
    assert not set(train) & set(dev)
    assert not [d for d in long_dev if d in joined]
    assert not [t for t in train if len(t) >= 25 and any(t in d for d in long_dev)]
