"""Choose the regularisation and the `other` threshold on a held-out split of TRAINING data.

    python -m responder.triage.calibrate

The evaluation set in bench/data is never read here: tuning on it would make its figures
meaningless. A fixed fifth of the hand-written examples (picked by a hash of the text, so
the split does not move when rows are added) is held out, dressed as email, and scored
through the triager's full decision (model, threshold, overlay rules).
"""

from __future__ import annotations

import hashlib
import tempfile
from pathlib import Path

from sklearn.metrics import f1_score

from responder.triage.config import TriageConfig
from responder.triage.intents import OfflineTriager
from responder.triage.model import save_model
from responder.triage.signals import find_signals
from responder.triage.training import EMAIL_LIKE_WEIGHT, TRAIN_DIR, Example, fit, read_csv, weight, wrap_some

HELD_OUT_SHARE = 5  # one in five hand-written examples
C_VALUES = (25.0, 50.0, 100.0)
THRESHOLDS = (0.2, 0.25, 0.3, 0.35, 0.4, 0.45)


def held_out(text: str) -> bool:
    """True for the fixed fifth of examples kept out of training during calibration."""
    return hashlib.sha256(text.encode("utf-8")).digest()[0] % HELD_OUT_SHARE == 0


def split() -> tuple[list[Example], list[Example]]:
    """(training part, held-out part); public chatbot and composed lines always train, never test."""
    train: list[Example] = []
    test: list[Example] = []
    for path in sorted(TRAIN_DIR.glob("*.csv")):
        rows = read_csv(path)
        if weight(path) == 1:
            train += rows
            continue
        train += [ex for ex in rows if not held_out(ex[0])] * EMAIL_LIKE_WEIGHT
        test += [ex for ex in rows if held_out(ex[0])]
    return wrap_some(train), [(f"Hello,\n{text}\nThanks,\nSam", intent) for text, intent in test]


def score(model_file: Path, test: list[Example], threshold: float) -> float:
    """Macro-F1 of the full triage decision on the held-out examples."""
    triager = OfflineTriager(TriageConfig(model_path=str(model_file), min_confidence=threshold))
    truth = [intent for _, intent in test]
    pred = [triager.decide(text, find_signals(text, triager.lexicon))[0].value for text, _ in test]
    return float(f1_score(truth, pred, average="macro", zero_division=0))


def main() -> None:
    """Print held-out macro-F1 for every (C, threshold) pair."""
    train, test = split()
    print(f"{len(train)} training rows, {len(test)} held out")
    with tempfile.TemporaryDirectory() as tmp:
        for c in C_VALUES:
            model_file = Path(tmp) / f"c{c}.json"
            save_model(fit(train, c=c), model_file)
            cells = " ".join(f"{t:.2f}:{score(model_file, test, t):.3f}" for t in THRESHOLDS)
            print(f"C={c:>5}: {cells}")


if __name__ == "__main__":
    main()
