"""Request and problem recall of the offline reading on Bitext's customer-support sample.

Printed, not asserted. Honest caveat: Bitext is synthetic text, and its misses were used to
add phrasings to responder/triage/data/requests/en.toml, so this is a regression check for
the lexicon, not an independent measure of real mail (see issue 14 for those).

    .venv/bin/python bench/reading.py [--misses]
"""

from __future__ import annotations

import argparse
import csv
import time
from pathlib import Path

from responder.models import Triage
from responder.triage.reading import default_reading, read

BITEXT = Path(__file__).resolve().parents[2] / "shared" / "data" / "intents" / "bitext" / (
    "bitext_cs_tagged_train_v2023-08-18.csv")
EXPECTED = {
    "get_refund": "refund", "cancel_order": "cancel", "track_order": "status",
    "change_shipping_address": "change_address", "payment_issue": "payment",
}
"""Bitext intent -> the request (or, for payment, the problem) the reading must find."""
UNRELATED = ("create_account", "edit_account", "recover_password", "review", "get_invoice")


def found(text: str) -> set[str]:
    """Requests and the problem the reading finds in one utterance."""
    triage = read(Triage(), text, default_reading())
    return {r.value for r in triage.requests} | {triage.problem.value}


def main() -> None:
    """Print recall per expected label, false alarms on unrelated intents, and speed."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--misses", action="store_true", help="print every utterance missed")
    args = parser.parse_args()
    with BITEXT.open(encoding="utf-8-sig") as fh:
        rows = [(r["intent"], r["instruction"]) for r in csv.DictReader(fh)]
    for intent, label in EXPECTED.items():
        texts = [t for i, t in rows if i == intent]
        missed = [t for t in texts if label not in found(t)]
        print(f"{intent:<25} {label:<15} recall {1 - len(missed) / len(texts):.2f}  ({len(texts)} utterances)")
        for text in missed if args.misses else ():
            print(f"    missed: {text}")
    unrelated = [t for i, t in rows if i in UNRELATED]
    alarms = sum(bool(found(t) & set(EXPECTED.values())) for t in unrelated)
    print(f"false alarms on {len(unrelated)} unrelated utterances: {alarms}")
    start, texts = time.process_time(), [t for _, t in rows]
    for text in texts:
        found(text)
    print(f"speed: {len(texts) / (time.process_time() - start):,.0f} utterances per CPU-second")


if __name__ == "__main__":
    main()
