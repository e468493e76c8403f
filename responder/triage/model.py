"""A linear intent model on character n-grams, stored as JSON and scored with numpy.

The file holds only data (n-gram vocabulary, idf, weights); loading it runs no code, unlike
a pickle. Training uses scikit-learn with the very same analyzer, so scores match.
"""

from __future__ import annotations

import base64
import itertools
import json
import re
from dataclasses import dataclass
from itertools import repeat
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from responder.errors import ConfigError
from responder.triage.text import normalize

FORMAT = "responder-triage-linear/1"
NGRAMS = (2, 3, 4)
SHIPPED_MODEL = Path(__file__).parent / "data" / "model.json"
_NON_LETTERS = re.compile(r"[\W\d_]+")

Floats = npt.NDArray[np.float32]


def analyze(text: str) -> list[str]:
    """Character n-grams, words and word pairs of the normalised, lower-cased letters (no digits)."""
    s = " " + _NON_LETTERS.sub(" ", normalize(text).lower()).strip() + " "
    grams = [s[i : i + n] for n in NGRAMS for i in range(len(s) - n + 1)]
    # Whole words and word pairs carry meaning that spans more than four letters.
    words = s.split()
    grams += [f"w:{w}" for w in words]
    grams += [f"w:{a} {b}" for a, b in itertools.pairwise(words)]
    return grams


@dataclass(frozen=True)
class LinearModel:
    """Multinomial logistic regression over sublinear tf-idf n-gram features."""

    labels: tuple[str, ...]
    vocab: dict[str, int]
    idf: Floats
    weights: Floats
    """Shape (features, labels)."""
    bias: Floats

    def probabilities(self, text: str) -> Floats:
        """Probability of each label (in `labels` order) for the text."""
        grams = analyze(text)
        # One C-level pass: dict.get(gram, -1) for every n-gram, then counting in numpy;
        # np.unique also sorts, so float sums come out the same on every run.
        ids = np.fromiter(map(self.vocab.get, grams, repeat(-1)), dtype=np.int64, count=len(grams))
        index, counts = np.unique(ids[ids >= 0], return_counts=True)
        if not index.size:
            return _softmax(self.bias)
        values: Floats = np.log(counts.astype(np.float32))
        values += 1.0
        values *= self.idf[index]
        # The l2 norm is applied to the logits: one scalar division instead of a vector one.
        logits: Floats = values @ self.weights[index]
        logits /= np.sqrt(values @ values)
        logits += self.bias
        return _softmax(logits)


def _softmax(logits: Floats) -> Floats:
    shifted: Floats = np.exp(logits - logits.max())
    shifted /= shifted.sum()
    return shifted


def _encode(array: Floats, dtype: str) -> str:
    return base64.b64encode(np.ascontiguousarray(array, dtype=dtype).tobytes()).decode("ascii")


def _decode(text: str, dtype: str, shape: tuple[int, ...]) -> Floats:
    raw = np.frombuffer(base64.b64decode(text), dtype=dtype)
    return raw.astype(np.float32).reshape(shape)


def save_model(model: LinearModel, path: Path) -> None:
    """Write the model as JSON (weights as base64 float16 to keep the file small)."""
    ordered = sorted(model.vocab, key=model.vocab.__getitem__)
    doc = {
        "format": FORMAT,
        "ngrams": list(NGRAMS),
        "labels": list(model.labels),
        "vocab": ordered,
        "idf": _encode(model.idf, "<f4"),
        "weights": _encode(model.weights, "<f2"),
        "bias": [float(b) for b in model.bias],
    }
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(doc, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")


def load_model(path: Path) -> LinearModel:
    """Read a model written by `save_model`; ConfigError when it is missing or foreign."""
    try:
        doc: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise ConfigError(f"{path}: cannot read the triage model: {exc}") from exc
    if doc.get("format") != FORMAT or doc.get("ngrams") != list(NGRAMS):
        raise ConfigError(f"{path}: not a {FORMAT} model with n-grams {NGRAMS}; retrain it")
    labels, vocab = tuple(doc["labels"]), doc["vocab"]
    return LinearModel(
        labels=labels,
        vocab={gram: i for i, gram in enumerate(vocab)},
        idf=_decode(doc["idf"], "<f4", (len(vocab),)),
        weights=_decode(doc["weights"], "<f2", (len(vocab), len(labels))),
        bias=np.asarray(doc["bias"], dtype=np.float32),
    )
