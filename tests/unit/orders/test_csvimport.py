"""CSV import: both formats, bad rows reported by line, upsert by order id."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path

from sqlalchemy import Engine

from responder.models import OrderItem
from responder.orders.csvimport import detect, import_csv
from responder.orders.local import LocalOrders
from tests.unit.orders.conftest import DATA, write_csv

HEADER = "order_id,email,name,created_at,total,currency,payment_status,items"


def test_sample_file_imports_every_order(engine: Engine, local: LocalOrders) -> None:
    """The demo file imports all 13 orders with no error, and their fields round-trip."""
    report = import_csv(DATA / "orders.csv", engine)
    assert (report.format, report.created, report.errors) == ("responder", 13, ())
    order = local.find_order("1001")
    assert order is not None
    assert order.total == Decimal("54.00")
    assert order.carrier == "DHL"
    assert order.items[0] == OrderItem("MUG-BL", "Blue mug", 2, Decimal("12.50"))
    assert order.created_at == datetime(2024, 5, 2, 9, 15, tzinfo=UTC)
    assert order.shipping_address == "12 Rue des Fleurs, 75002 Paris, France"


def test_shopify_export_groups_line_items(engine: Engine, local: LocalOrders) -> None:
    """Shopify's export is detected and its rows grouped by Name into whole orders."""
    report = import_csv(DATA / "shopify_export.csv", engine)
    assert (report.format, report.created, report.errors) == ("shopify", 5, ())
    order = local.find_order("#2001")
    assert order is not None
    assert [i.sku for i in order.items] == ["BOWL-SD", "NAPK-4", "SPOON-OW"]
    assert (order.total, order.currency, order.name) == (Decimal("92.90"), "EUR", "Mona Schulz")
    assert order.created_at == datetime(2024, 5, 1, 8, 0, 40, tzinfo=UTC)
    assert order.shipping_address == "Lindenweg 4, Hamburg, 20095, HH, DE"


def test_shopify_statuses_are_mapped(engine: Engine, local: LocalOrders) -> None:
    """Financial and fulfillment statuses become ours; Cancelled at wins over fulfillment."""
    import_csv(DATA / "shopify_export.csv", engine)
    got = {
        oid: (o.payment_status, o.fulfillment_status)
        for oid in ("2001", "2002", "2003", "2004", "2005")
        if (o := local.find_order(oid)) is not None
    }
    assert got == {
        "2001": ("paid", "shipped"),
        "2002": ("pending", "unfulfilled"),
        "2003": ("refunded", "cancelled"),
        "2004": ("partially_refunded", "shipped"),
        "2005": ("pending", "shipped"),
    }


def test_bad_rows_are_reported_with_line_numbers(engine: Engine, local: LocalOrders, tmp_path: Path) -> None:
    """Each bad row is skipped with its line and reason; the good rows are still imported."""
    path = write_csv(
        tmp_path / "bad.csv",
        HEADER,
        "1,a@example.com,A,2024-05-01,10.00,USD,paid,",
        "2,b@example.com,B,2024-05-01,abc,USD,paid,",
        "3,c@example.com,C,31/12/2024,5.00,USD,wired,",
        "4,not-an-address,D,2024-05-01,5.00,USD,paid,X:Mug:two:1.00",
        "1,a@example.com,A,2024-05-01,11.00,USD,paid,",
        "5,e@example.com,E,2024-05-01,5.00,USD,paid,,surplus",
    )
    report = import_csv(path, engine)
    assert report.created == 1
    assert report.skipped == 5
    assert report.errors[0] == "line 3: total 'abc' is not a number"
    assert report.errors[1].startswith("line 4: created_at '31/12/2024' is not a date")
    assert "payment_status 'wired' is not one of" in report.errors[1]
    assert report.errors[2].startswith("line 5: email 'not-an-address' is not an email address")
    assert "items entry 'X:Mug:two:1.00' has quantity 'two'" in report.errors[2]
    assert report.errors[3] == "line 6: order 1 already appears on line 2"
    assert report.errors[4].startswith("line 7: 1 more field(s) than the header")
    assert local.find_order("2") is None


def test_unknown_column_stops_the_import(engine: Engine, local: LocalOrders, tmp_path: Path) -> None:
    """A misspelt column is refused at line 1 and nothing is written."""
    path = write_csv(tmp_path / "typo.csv", "order_id,email,total,tracking_nubmer", "1,a@x.example,5,Z")
    report = import_csv(path, engine)
    assert report.errors == ("line 1: unknown column 'tracking_nubmer'",)
    assert local.find_order("1") is None


def test_reimport_updates_and_leaves_unchanged(engine: Engine, local: LocalOrders, tmp_path: Path) -> None:
    """Importing again upserts by id: changed orders updated, identical ones unchanged."""
    first = write_csv(
        tmp_path / "a.csv",
        HEADER,
        "1,a@x.example,A,,10.00,USD,pending,",
        "2,b@x.example,B,,5,USD,paid,",
    )
    import_csv(first, engine)
    again = write_csv(
        tmp_path / "b.csv",
        HEADER,
        "#1,a@x.example,A,,10.00,USD,paid,",
        "2,b@x.example,B,,5,USD,paid,",
        "3,c@x.example,C,,1,USD,paid,",
    )
    report = import_csv(again, engine)
    assert (report.created, report.updated, report.unchanged) == (1, 1, 1)
    order = local.find_order("1")
    assert order is not None
    assert order.payment_status == "paid"


def test_a_large_file_is_upserted_whole(engine: Engine, local: LocalOrders, tmp_path: Path) -> None:
    """Over a thousand orders (read in chunks): re-imported with one change, one update."""
    lines = [f"{n},c{n}@x.example,C,,1,USD,paid," for n in range(1000, 2200)]
    assert import_csv(write_csv(tmp_path / "a.csv", HEADER, *lines), engine).created == 1200
    lines[-1] = lines[-1].replace(",paid,", ",refunded,")
    report = import_csv(write_csv(tmp_path / "b.csv", HEADER, *lines), engine)
    assert (report.created, report.updated, report.unchanged) == (0, 1, 1199)
    order = local.find_order("2199")
    assert order is not None
    assert order.payment_status == "refunded"


def test_bad_shopify_line_item_rejects_its_whole_order(
    engine: Engine, local: LocalOrders, tmp_path: Path
) -> None:
    """A garbled second line item is reported on its own line and the order is not half-imported."""
    lines = (DATA / "shopify_export.csv").read_text(encoding="utf-8").splitlines()
    lines[2] = lines[2].replace(",1,Linen napkins (set of 4),32.00,", ",1,Linen napkins (set of 4),3x.00,")
    report = import_csv(write_csv(tmp_path / "s.csv", *lines), engine)
    assert report.errors == ("line 3: Lineitem price '3x.00' is not a number",)
    assert (report.created, report.skipped) == (4, 1)
    assert local.find_order("2001") is None


def test_format_is_detected_from_the_header() -> None:
    """Shopify's columns mean Shopify; order_id means ours; anything else is refused."""
    assert detect(["Name", "Email", "Financial Status", "Lineitem quantity", "Total"]) == "shopify"
    assert detect(["order_id", "email", "total"]) == "responder"
    assert detect(["id", "mail"]) == "unknown"


def test_unknown_file_is_reported(engine: Engine, tmp_path: Path) -> None:
    """A CSV that is neither format is reported at line 1, not half-read."""
    report = import_csv(write_csv(tmp_path / "x.csv", "id,mail", "1,a@b.c"), engine)
    assert report.format == "unknown"
    assert report.errors[0].startswith("line 1: not an orders file")


def test_missing_file_is_reported(engine: Engine, tmp_path: Path) -> None:
    """A file that cannot be read gives an error naming it instead of raising."""
    report = import_csv(tmp_path / "nope.csv", engine)
    assert "nope.csv: cannot read the file" in report.errors[0]
