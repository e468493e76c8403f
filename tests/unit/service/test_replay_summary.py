"""`responder replay --summary` over the demo folder: known shares, intents and reasons."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from responder import config as config_mod
from responder.cli.replay_command import run_summary
from responder.dev.demo import DATA, shifted_orders
from responder.service.wiring import Loaded

CONFIG = """
[store]
name = "Demo Shop"
support_address = "support@shop.example"
owner_address = "owner@shop.example"
[database]
url = "sqlite:///:memory:"
"""


def _loaded(tmp_path: Path, extra: str = "") -> Loaded:
    path = tmp_path / "config.toml"
    path.write_text(CONFIG + extra)
    return Loaded(config_mod.load(path), path)


def test_demo_folder_summary(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """10 demo emails: 4 sent, 5 parked, 1 skipped (the vacation reply); JSON says the same."""
    orders = shifted_orders(tmp_path / "orders.csv")
    emails = sorted(DATA.glob("*.eml"))
    summary = run_summary(_loaded(tmp_path), emails, "json", orders)
    printed = json.loads(capsys.readouterr().out)
    assert printed["actions"] == {"send": 4, "park": 5, "skip": 1, "shunt": 0}
    assert printed["shares"]["send"] == 0.4
    assert printed["by_intent"]["where_is_my_order"] == {"send": 3}
    assert printed["by_intent"]["chargeback_dispute"] == {"park": 1}
    top = printed["top_reasons"][0]
    assert top == {"reason": "info reply for where_is_my_order: sent automatically", "count": 3}
    assert printed["llm"] is None
    assert "40.0%" in summary.table()


def test_token_estimate_with_an_llm(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """With an LLM configured, every drafted email adds chars/4 tokens to the estimate."""
    orders = shifted_orders(tmp_path / "orders.csv")
    loaded = _loaded(tmp_path, '[llm]\nenabled = true\nbase_url = "http://127.0.0.1:9/v1"\n')
    summary = run_summary(loaded, sorted(DATA.glob("*.eml")), "table", orders)
    out = capsys.readouterr().out
    assert summary.polished == 9
    assert summary.tokens_out > 0 and summary.tokens_in > summary.tokens_out
    assert f"~{summary.tokens_in} tokens in" in out
