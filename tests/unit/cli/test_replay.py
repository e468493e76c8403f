"""`responder replay`: the real CLI over saved mail prints one JSON object per email."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from tests.corpus_paths import VENDORED

REPO = Path(__file__).resolve().parents[3]
DEMO = REPO / "responder" / "dev" / "demo_data"
FIELDS = {"message_id", "from", "subject", "language", "intent", "confidence", "order_ids",
          "signals", "automated", "action", "resolution", "template", "reply", "reasons"}


def replay(tmp_path: Path, *paths: Path) -> list[dict[str, object]]:
    """Run `responder replay --format jsonl` and parse its output."""
    config = tmp_path / "config.toml"
    config.write_text(f'[database]\nurl = "sqlite:///{tmp_path / "never-created.db"}"\n')
    env = {k: v for k, v in os.environ.items() if not k.startswith("RESPONDER_")}
    out = subprocess.run(
        [sys.executable, "-m", "responder", "replay", "--config", str(config), "--format", "jsonl",
         "--orders", str(DEMO / "orders.csv"), *map(str, paths)],
        capture_output=True, text=True, check=True, env=env, timeout=120)
    return [json.loads(line) for line in out.stdout.splitlines()]


def test_replay_prints_every_field_for_the_demo_mail(tmp_path: Path) -> None:
    """Each demo email gets one record with the stable field names and a sensible decision."""
    records = replay(tmp_path, DEMO)
    assert len(records) == 10
    assert all(set(r) >= FIELDS for r in records)
    by_sender = {r["from"]: r for r in records}
    assert by_sender["farid@example.com"]["language"] == "ar"
    assert by_sender["sara@example.com"]["language"] == "fa"
    assert by_sender["farid@example.com"]["order_ids"] == ["1008"]
    assert by_sender["greg@example.com"]["action"] == "skip"
    assert by_sender["greg@example.com"]["automated"]
    assert by_sender["ivan@example.com"]["intent"] == "chargeback_dispute"
    assert by_sender["ivan@example.com"]["action"] == "park"
    mallory = by_sender["mallory@example.net"]
    assert mallory["action"] == "send" and "1001" not in str(mallory["reply"])
    assert not (tmp_path / "never-created.db").exists()


def test_replay_handles_real_bounces_and_broken_mail(tmp_path: Path) -> None:
    """Real bounces are skipped as automated; real broken MIME is parsed or shunted, never crashes."""
    bounces = VENDORED / "bounces" / "bounce_email-ruby" / "bounces"
    broken = VENDORED / "mail" / "enmime"
    records = replay(tmp_path, bounces, broken)
    assert len(records) > 20
    bounce_records = [r for r in records if "bounce_email-ruby" in str(r["file"])]
    assert all(r["action"] in {"skip", "shunt", "park"} for r in bounce_records)
    assert sum(r["action"] == "skip" for r in bounce_records) >= len(bounce_records) - 2
    assert {r["action"] for r in records} <= {"send", "park", "skip", "shunt"}
