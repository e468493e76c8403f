"""Train the intent model from the shipped examples plus the store owner's own.

Run `python -m responder.triage [--out PATH]` (the CLI's `responder triage train`).
Training is deterministic: the same data gives the same model file.
"""

from __future__ import annotations

import argparse
import csv
import logging
import random
import re
from collections.abc import Iterable, Iterator
from pathlib import Path

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression

from responder.errors import ConfigError
from responder.models import Intent
from responder.triage.config import TriageConfig
from responder.triage.language import persian_score
from responder.triage.model import SHIPPED_MODEL, LinearModel, analyze, save_model

log = logging.getLogger(__name__)
_ARABIC = re.compile(r"[\u0600-\u06FF]")

TRAIN_DIR = Path(__file__).parent / "data" / "train"
Example = tuple[str, str]
# Hand-written and owner examples read like real mail; the public sets are chatbot lines.
EMAIL_LIKE_WEIGHT = 3
# Inverse regularisation strength; chosen on held-out training data (see calibrate.py).
REGULARISATION_C = 100.0
# Chatbot utterances carry no greeting or sign-off; emails do. Wrapping some examples
# teaches the model that these words say nothing about the intent.
_WRAPPERS = (
    ("Hello,", "Thanks in advance"),
    ("Hi team,", "Kind regards"),
    ("Dear support,", "Best"),
    ("مرحباً،", "مع الشكر"),
    ("السلام عليكم،", "تحياتي"),
    ("سلام وقت بخیر،", "با تشکر"),
    ("درود،", "ممنون میشم"),
)
# Real mail often adds a small aside to the main request; the request still decides the
# intent. Appending one to some examples teaches the model not to follow the aside.
_ASIDES = {
    "en": (
        "By the way, do you have this in other colours?",
        "Also, is there a student discount?",
        "PS: love your Instagram page!",
        "One more thing - do you ship to Spain as well?",
    ),
    "ar": ("وبالمناسبة، هل لديكم ألوان أخرى؟", "وأيضاً أرجو إرسال نسخة من الفاتورة."),
    "fa": ("راستی، رنگ‌های دیگه هم دارید؟", "یه فاکتور هم لطفاً برام بفرستید."),
}


_HANDLES = ("@shop", "@support", "@store_help", "@delivery_team")


def read_examples(path: Path) -> list[Example]:
    """(text, intent) pairs from a CSV with columns text,intent or a folder of CSVs/<intent>/*.txt."""
    if path.is_dir():
        found = [ex for csv_path in sorted(path.rglob("*.csv")) for ex in read_csv(csv_path)]
        return found + list(_read_text_folders(path))
    if path.is_file():
        return read_csv(path)
    raise ConfigError(f"triage.examples: {path} does not exist")


def read_csv(path: Path) -> list[Example]:
    """(text, intent) pairs of one CSV with columns text,intent; ConfigError names a bad file."""
    with path.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    if rows and not {"text", "intent"} <= set(rows[0]):
        raise ConfigError(f"{path}: needs the columns text,intent")
    return [(row["text"], _intent(row["intent"], path)) for row in rows if row["text"].strip()]


def _read_text_folders(root: Path) -> Iterator[Example]:
    for txt in sorted(root.glob("*/*.txt")):
        yield txt.read_text(encoding="utf-8"), _intent(txt.parent.name, txt)


def _intent(name: str, where: Path) -> str:
    try:
        return Intent(name.strip()).value
    except ValueError:
        allowed = ", ".join(i.value for i in Intent)
        raise ConfigError(f"{where}: unknown intent {name!r} (allowed: {allowed})") from None


def wrap_some(examples: Iterable[Example], seed: int = 13) -> list[Example]:
    """The examples plus email-like copies: a third with greeting and sign-off, some with an aside."""
    rng = random.Random(seed)
    out: list[Example] = []
    for text, intent in examples:
        out.append((text, intent))
        if rng.random() < 0.33:
            hello, bye = rng.choice(_WRAPPERS)
            out.append((f"{hello}\n{text}\n{bye}", intent))
        if intent != Intent.OTHER and rng.random() < 0.15:
            out.append((f"{text} {rng.choice(_ASIDES[_script(text)])}", intent))
        if rng.random() < 0.15:
            # Tweets and app reviews: a handle in front, no capitals, no greeting.
            out.append((f"{rng.choice(_HANDLES)} {text.lower()}", intent))
    return out


def _script(text: str) -> str:
    if not _ARABIC.search(text):
        return "en"
    return "fa" if persian_score(text) > 0 else "ar"


def fit(examples: list[Example], c: float = REGULARISATION_C) -> LinearModel:
    """A model trained on the examples (balanced classes, fixed seed)."""
    texts, intents = zip(*examples, strict=True)
    vectorizer = TfidfVectorizer(
        analyzer=analyze, sublinear_tf=True, min_df=2, max_features=40000, dtype=np.float32
    )
    features = vectorizer.fit_transform(texts)
    classifier = LogisticRegression(C=c, max_iter=300, class_weight="balanced", random_state=0)
    classifier.fit(features, intents)
    return LinearModel(
        labels=tuple(str(c) for c in classifier.classes_),
        vocab={str(k): int(v) for k, v in vectorizer.vocabulary_.items()},
        idf=vectorizer.idf_.astype(np.float32),
        weights=classifier.coef_.T.astype(np.float32),
        bias=classifier.intercept_.astype(np.float32),
    )


def weight(path: Path) -> int:
    """How often a shipped CSV counts: hand-written mail-like rows thrice, chatbot and composed rows once."""
    return 1 if path.name.startswith("public_") or "composed" in path.name else EMAIL_LIKE_WEIGHT


def training_set(cfg: TriageConfig) -> list[Example]:
    """The shipped examples, then the owner's examples when `cfg.examples` names them."""
    shipped: list[Example] = []
    for path in sorted(TRAIN_DIR.glob("*.csv")):
        shipped += read_csv(path) * weight(path)
    owner = read_examples(Path(cfg.examples)) if cfg.examples else []
    log.info("training on %d shipped and %d owner examples", len(shipped), len(owner))
    return wrap_some(shipped + owner * EMAIL_LIKE_WEIGHT)


def train(cfg: TriageConfig, out: Path | None = None) -> Path:
    """Retrain from the shipped data plus the owner's examples and write the model file."""
    target = out or (Path(cfg.model_path) if cfg.model_path else None)
    if target is None:
        raise ConfigError("triage.model_path is empty: set it (or pass --out) to retrain")
    save_model(fit(training_set(cfg)), target)
    return target


def main(argv: list[str] | None = None) -> None:
    """Command line: retrain; with --shipped rebuild the model that ships with the package."""
    parser = argparse.ArgumentParser(prog="responder-triage-train")
    parser.add_argument("--examples", default="", help="owner examples: CSV or folder")
    parser.add_argument("--out", type=Path, help="where to write the model")
    parser.add_argument("--shipped", action="store_true", help="rebuild the packaged model")
    args = parser.parse_args(argv)
    out = SHIPPED_MODEL if args.shipped else args.out
    print(train(TriageConfig(examples=args.examples), out))


if __name__ == "__main__":
    main()
