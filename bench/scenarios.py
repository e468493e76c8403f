"""Store-policy scenarios: does each email end in the decision POLICY.md gives it?

    .venv/bin/python bench/scenarios.py [--failures]

Runs the real `responder replay --format jsonl` over the scenario emails in
bench/data/scenarios (en, ar, fa; written by the team from POLICY.md's table, so this
measures triage + policy wiring on known wording, not reading unseen customers) against
the orders in orders.csv, and prints the share decided as the policy says, per language.
Not a pass/fail test.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from collections import defaultdict
from datetime import UTC, datetime
from email.message import EmailMessage
from email.utils import format_datetime
from pathlib import Path

DATA = Path(__file__).parent / "data" / "scenarios"
SUPPORT = "support@shop.example"


def to_eml(row: dict[str, object], when: datetime) -> bytes:
    """The scenario as a customer's email; a `thread` row replies to our answer to another."""
    msg = EmailMessage()
    msg["Return-Path"] = f"<{row['from']}>"
    msg["From"] = str(row["from"])
    msg["To"] = SUPPORT
    msg["Subject"] = str(row["subject"])
    msg["Date"] = format_datetime(when)
    msg["Message-ID"] = f"<{row['id']}@scenario.example>"
    if row.get("thread"):
        first = f"<{row['thread']}@scenario.example>"
        msg["In-Reply-To"] = f"<reply-{row['thread']}@shop.example>"
        msg["References"] = f"{first} <reply-{row['thread']}@shop.example>"
    msg.set_content(str(row["body"]))
    return bytes(msg)


def replay(rows: list[dict[str, object]]) -> dict[str, dict[str, object]]:
    """Every scenario through `responder replay`, keyed by scenario id."""
    with tempfile.TemporaryDirectory() as tmp:
        for n, row in enumerate(rows):
            when = datetime(2026, 12, 4, 9, n % 60, tzinfo=UTC)
            (Path(tmp) / f"{n:03d}-{row['id']}.eml").write_bytes(to_eml(row, when))
        out = subprocess.run(
            [sys.executable, "-m", "responder", "replay", "--config", str(DATA / "config.toml"),
             "--orders", str(DATA / "orders.csv"), "--format", "jsonl", tmp],
            capture_output=True, text=True, check=True)
    records = [json.loads(line) for line in out.stdout.splitlines() if line.strip()]
    return {str(r["message_id"]).strip("<>").split("@")[0]: r for r in records}


def misses(expect: dict[str, list[str] | str], rec: dict[str, object]) -> list[str]:
    """What in the record differs from what the policy says; empty when it decided right."""
    found: list[str] = []
    if rec.get("template") not in expect["template"]:
        found.append(f"template {rec.get('template')} not in {expect['template']}")
    if "action" in expect and rec.get("action") != expect["action"]:
        found.append(f"action {rec.get('action')} != {expect['action']}")
    if rec.get("resolution") in expect.get("resolution_not", []):
        found.append(f"resolution {rec.get('resolution')} must not be granted")
    reasons = " | ".join(str(r) for r in rec.get("reasons") or []).lower()
    found += [f"no reason mentions '{w}'" for w in expect.get("reason", []) if w not in reasons]
    reply = str(rec.get("reply") or "") + str(rec.get("holding_reply") or "")
    found += [f"reply states '{w}'" for w in expect.get("reply_lacks", []) if w in reply]
    return found


def main() -> None:
    """Print the share of scenarios decided as the policy says, per language."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--failures", action="store_true", help="show every miss")
    args = parser.parse_args()
    rows = [json.loads(line) for line in (DATA / "scenarios.jsonl").read_text().splitlines()]
    records = replay(rows)
    right: dict[str, int] = defaultdict(int)
    total: dict[str, int] = defaultdict(int)
    for row in rows:
        lang = str(row["lang"])
        total[lang] += 1
        rec = records.get(str(row["id"]), {})
        wrong = misses(row["expect"], rec) if rec else ["no replay record"]
        right[lang] += not wrong
        if wrong and args.failures:
            print(f"{row['id']:<6} intent={rec.get('intent')} action={rec.get('action')} "
                  f"-> {'; '.join(wrong)}")
    print(f"{'lang':<5} {'right':>6} {'of':>4} {'share':>7}")
    for lang in sorted(total):
        print(f"{lang:<5} {right[lang]:>6} {total[lang]:>4} {right[lang] / total[lang]:>7.0%}")
    n_right, n = sum(right.values()), sum(total.values())
    print(f"{'all':<5} {n_right:>6} {n:>4} {n_right / n:>7.0%}")


if __name__ == "__main__":
    main()
