"""Rebuild train/public_*.csv from the public datasets in ../shared/data/intents.

A maintainer's script, run once when the upstream data changes:
    python responder/triage/data/import_public.py /work/shared/data/intents
It maps upstream intents to ours, keeps at most CAP rows per upstream intent, drops exact
duplicates and writes text,intent,source. The licences and SOURCE notes are copied beside.
"""

from __future__ import annotations

import csv
import random
import shutil
import sys
from collections import defaultdict
from pathlib import Path

CAP = 120
HERE = Path(__file__).parent / "train"
BITEXT = {
    "track_order": "where_is_my_order",
    "delivery_period": "where_is_my_order",
    "get_refund": "return_refund",
    "track_refund": "return_refund",
    "check_refund_policy": "return_refund",
    "cancel_order": "cancel_order",
    "check_cancellation_fee": "cancel_order",
    "change_shipping_address": "address_change",
    "set_up_shipping_address": "address_change",
    "payment_issue": "payment_issue",
    # Everything a store gets that no policy row covers: account, invoices, catalogue.
    "create_account": "other",
    "edit_account": "other",
    "delete_account": "other",
    "switch_account": "other",
    "recover_password": "other",
    "registration_problems": "other",
    "check_invoice": "other",
    "get_invoice": "other",
    "place_order": "other",
    "delivery_options": "other",
    "check_payment_methods": "other",
    "review": "other",
    "newsletter_subscription": "other",
    "contact_customer_service": "other",
    "contact_human_agent": "other",
    "change_order": "other",
}
BANKING_EN = {
    "request_refund": "return_refund",
    "Refund_not_showing_up": "return_refund",
    "declined_card_payment": "payment_issue",
    "pending_card_payment": "payment_issue",
    "transaction_charged_twice": "payment_issue",
    "card_payment_fee_charged": "payment_issue",
    "reverted_card_payment?": "payment_issue",
}
BANKING_AR = {
    "طلب استرداد": "return_refund",
    "استرداد الأموال غير مرئي": "return_refund",
    "تم رفض الدفع بالبطاقة": "payment_issue",
    "الدفع بالبطاقة المعلق": "payment_issue",
    "تم التحصيل مرتين": "payment_issue",
    "تم تحصيل رسوم الدفع بالبطاقة": "payment_issue",
    "إرجاع الدفع بالبطاقة؟": "payment_issue",
}


def pick(rows: list[tuple[str, str]], mapping: dict[str, str], cap: int) -> list[tuple[str, str]]:
    """At most `cap` distinct texts per upstream intent, mapped to our intent, fixed seed."""
    by_label: dict[str, list[str]] = defaultdict(list)
    for text, label in rows:
        if label in mapping and text.strip() not in by_label[label]:
            by_label[label].append(text.strip())
    rng = random.Random(7)
    out: list[tuple[str, str]] = []
    for label in sorted(by_label):
        texts = by_label[label]
        rng.shuffle(texts)
        out.extend((t, mapping[label]) for t in texts[: cap // 3 if mapping[label] == "other" else cap])
    return out


def write(name: str, rows: list[tuple[str, str]], source: str) -> None:
    """Write one train CSV."""
    with (HERE / name).open("w", encoding="utf-8", newline="") as handle:
        out = csv.writer(handle)
        out.writerow(["text", "intent", "source"])
        out.writerows((text, intent, source) for text, intent in rows)


def read(path: Path, text: str, label: str) -> list[tuple[str, str]]:
    """(text, label) columns of a CSV."""
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return [(r[text], r[label]) for r in csv.DictReader(handle)]


def main(root: Path) -> None:
    """Import the three public sources."""
    bitext = read(root / "bitext/bitext_cs_tagged_train_v2023-08-18.csv", "instruction", "intent")
    write("public_bitext.csv", pick(bitext, BITEXT, CAP), "bitext-2023 CDLA-Sharing-1.0")
    banking = read(root / "banking77-en/train.csv", "text", "category")
    write("public_banking77_en.csv", pick(banking, BANKING_EN, 60), "banking77 CC-BY-4.0")
    arabic = read(root / "banking77-ar/Banking77_Arabized_MSA_PAL_train.csv", "text", "label")
    write("public_banking77_ar.csv", pick(arabic, BANKING_AR, 60), "arbanking77 CC-BY-SA-4.0")
    for folder, files in (
        ("bitext", ("LICENSE.txt", "SOURCE.txt")),
        ("banking77-en", ("LICENSE", "SOURCE.txt")),
        ("banking77-ar", ("LICENSE", "SOURCE.txt")),
    ):
        for name in files:
            shutil.copyfile(root / folder / name, HERE / f"{folder}.{name}")


if __name__ == "__main__":
    main(Path(sys.argv[1]))
