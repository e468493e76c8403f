"""`responder replay --summary` counts what happened and what was asked, beside the intents."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from responder import config as config_mod
from responder.cli.replay_command import run_summary
from responder.dev.demo import DATA, shifted_orders
from responder.service.wiring import Loaded


def test_summary_counts_problems_and_requests(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """The demo folder: late parcels and a payment dispute among the problems; status asked most."""
    path = tmp_path / "config.toml"
    path.write_text('[database]\nurl = "sqlite:///:memory:"\n')
    orders = shifted_orders(tmp_path / "orders.csv")
    summary = run_summary(Loaded(config_mod.load(path), path), sorted(DATA.glob("*.eml")), "json", orders)
    printed = json.loads(capsys.readouterr().out)
    assert printed["by_problem"]["payment"] == {"park": 1}
    assert sum(printed["by_problem"]["not_arrived_or_late"].values()) >= 3
    assert max(printed["requests"], key=printed["requests"].get) == "status"
    assert "not_arrived_or_late" in summary.table()
