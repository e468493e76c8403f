"""`responder replay` decides the same with Shopify, WooCommerce and the equivalent CSV.

Each fake shop serves, in its API's shapes, exactly the orders and owner tags of a CSV
under tests/data/orders/backends/; the replay of the demo mail over the shop must print
the same record for every email as the replay over that CSV (`[orders] type = "local"`).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from .fake_http import JsonServer, serving
from .fake_shopify import TOKEN, FakeShopify
from .fake_woocommerce import KEY, SECRET, FakeWooCommerce
from .shop_data import read, shopify_customers, shopify_order, woo_customers, woo_order

pytestmark = pytest.mark.integration
REPO = Path(__file__).resolve().parents[2]
DEMO_MAIL = REPO / "responder" / "dev" / "demo_data"
DATA = REPO / "tests" / "data" / "orders" / "backends"


Records = dict[str, dict[str, object]]


def replay(tmp_path: Path, name: str, orders: str, *args: str, **secrets: str) -> Records:
    """Replay the demo mail with this [orders] section; records by sender."""
    config = tmp_path / f"{name}.toml"
    config.write_text(f'[database]\nurl = "sqlite:///{tmp_path / name}.db"\n\n[orders]\n{orders}\n')
    env = {k: v for k, v in os.environ.items() if not k.startswith("RESPONDER_")}
    out = subprocess.run(
        [sys.executable, "-m", "responder", "replay", "--config", str(config), "--format", "jsonl",
         *args, str(DEMO_MAIL)],
        capture_output=True, text=True, env={**env, **secrets}, timeout=180, check=False)
    assert out.returncode == 0, out.stderr
    records = [json.loads(line) for line in out.stdout.splitlines()]
    return {str(r["from"]): r for r in records}


def same_decisions(tmp_path: Path, csv: Path, shop: Records) -> None:
    """Every email decided and answered alike; the owner's tags visibly took effect."""
    local = replay(tmp_path, "local", 'type = "local"', "--orders", str(csv))
    assert shop == local
    assert local["alice@example.com"]["action"] == "park"
    assert any("no_auto" in r for r in local["alice@example.com"]["reasons"])  # type: ignore[attr-defined]
    assert any("suspicious" in r for r in local["farid@example.com"]["reasons"])  # type: ignore[attr-defined]
    assert "VIP customer (your tag; lifetime value 38.00)" in local["bob@example.com"]["reasons"]  # type: ignore[operator]
    assert "VIP customer (lifetime value 675.00)" in local["carol@example.com"]["reasons"]  # type: ignore[operator]


def test_shopify_decides_like_its_csv(tmp_path: Path) -> None:
    """A replay over the fake Shopify equals the replay over shopify_equivalent.csv."""
    csv = DATA / "shopify_equivalent.csv"
    orders, tags = read(csv)
    fake = FakeShopify([shopify_order(o) for o in orders], shopify_customers(orders, tags))
    fake.page_cap = 1  # alice's and carol's orders come over several pages
    with serving(fake):
        shop = replay(tmp_path, "shopify", f'type = "shopify"\nshopify_base_url = "{fake.url}"',
                      RESPONDER_SHOPIFY_TOKEN=TOKEN)
        assert_used(fake)
    same_decisions(tmp_path, csv, shop)


def test_woocommerce_decides_like_its_csv(tmp_path: Path) -> None:
    """A replay over the fake WooCommerce equals the replay over woocommerce_equivalent.csv."""
    csv = DATA / "woocommerce_equivalent.csv"
    orders, tags = read(csv)
    fake = FakeWooCommerce([woo_order(o, n) for n, o in enumerate(orders)], woo_customers(orders, tags))
    fake.page_cap = 1
    with serving(fake):
        shop = replay(tmp_path, "woocommerce", f'type = "woocommerce"\nwoocommerce_url = "{fake.url}"',
                      RESPONDER_WOOCOMMERCE_KEY=KEY, RESPONDER_WOOCOMMERCE_SECRET=SECRET)
        assert_used(fake)
    same_decisions(tmp_path, csv, shop)


def assert_used(fake: JsonServer) -> None:
    """The replay really read the shop (and not some leftover local table)."""
    assert len(fake.requests) > 10
