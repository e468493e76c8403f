"""The orders CSV's `tags` and `personalization` columns, and lifetime value per currency."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from types import MappingProxyType

from sqlalchemy import Engine

from responder.orders.csvimport import import_csv
from responder.orders.local import LocalOrders
from responder.orders.money import Valuation
from tests.unit.orders.conftest import write_csv

HEADER = "order_id,email,total,currency,items,tags,personalization"


def test_tags_column_sets_the_owners_tags_apart_from_the_responders(
        engine: Engine, local: LocalOrders, tmp_path: Path) -> None:
    """`VIP, no_auto` lands in owner_tags (lower case, over all rows); responder tags stay apart."""
    write_csv(tmp_path / "o.csv", HEADER, '1,ann@x.example,10,USD,,"VIP, no_auto",',
              "2,ann@x.example,10,USD,,wholesale,", "3,bo@x.example,10,USD,,,")
    assert import_csv(tmp_path / "o.csv", engine).errors == ()
    local.tag_customer("ann@x.example", "repeat_complainer")
    ann = local.customer("ann@x.example")
    assert ann is not None
    assert ann.owner_tags == frozenset({"vip", "no_auto", "wholesale"})
    assert ann.tags == frozenset({"repeat_complainer"})
    assert ann.all_tags == ann.owner_tags | ann.tags
    bo = local.customer("bo@x.example")
    assert bo is not None and bo.owner_tags == frozenset()


def test_a_new_file_replaces_the_owners_tags_and_one_without_the_column_keeps_them(
        engine: Engine, local: LocalOrders, tmp_path: Path) -> None:
    """The file is the owner's word: an emptied cell clears; a file without `tags` leaves them."""
    write_csv(tmp_path / "a.csv", HEADER, "1,ann@x.example,10,USD,,suspicious,")
    import_csv(tmp_path / "a.csv", engine)
    write_csv(tmp_path / "b.csv", "order_id,email,total", "1,ann@x.example,10")
    import_csv(tmp_path / "b.csv", engine)
    assert local.customer("ann@x.example").owner_tags == {"suspicious"}  # type: ignore[union-attr]
    write_csv(tmp_path / "c.csv", HEADER, "1,ann@x.example,10,USD,,,")
    import_csv(tmp_path / "c.csv", engine)
    assert local.customer("ann@x.example").owner_tags == frozenset()  # type: ignore[union-attr]


def test_personalization_column_matches_items_by_sku_or_name(
        engine: Engine, local: LocalOrders, tmp_path: Path) -> None:
    """`sku=text` entries reach each item's personalization and survive the database."""
    items = "NECK:Gold necklace:1:88.00;:Gift card:1:10.00;MUG:Mug:1:5.00"
    texts = '"NECK=Name: HANA;Gift card=For Jo"'
    write_csv(tmp_path / "o.csv", HEADER, f"1,ann@x.example,103,USD,{items},,{texts}")
    assert import_csv(tmp_path / "o.csv", engine).errors == ()
    order = local.find_order("1")
    assert order is not None
    assert [i.personalization for i in order.items] == ["Name: HANA", "For Jo", ""]


def test_personalization_for_an_unknown_item_rejects_the_row(engine: Engine, tmp_path: Path) -> None:
    """A key naming no item (a typo) is reported with its line; the order is not written."""
    write_csv(tmp_path / "o.csv", HEADER, '1,ann@x.example,5,USD,MUG:Mug:1:5.00,,"MGU=Anna"',
              '2,ann@x.example,5,USD,MUG:Mug:1:5.00,,"just text"')
    report = import_csv(tmp_path / "o.csv", engine)
    assert report.errors == (
        "line 2: personalization for 'MGU': no such item in items",
        "line 3: personalization entry 'just text' is not sku=text",
    )
    assert report.created == 0


def test_shopify_export_line_item_properties(engine: Engine, local: LocalOrders, tmp_path: Path) -> None:
    """A `Lineitem properties` column (added by apps) becomes the item's personalization."""
    header = ("Name,Email,Financial Status,Lineitem quantity,Lineitem name,Lineitem price,Total,"
              "Lineitem properties")
    row = '#5,ann@x.example,paid,1,Ring,50.00,50.00,"Engraving: A+J\nFont: Script"'
    write_csv(tmp_path / "s.csv", header, row)
    assert import_csv(tmp_path / "s.csv", engine).errors == ()
    order = local.find_order("5")
    assert order is not None and order.items[0].personalization == "Engraving: A+J; Font: Script"


def test_lifetime_value_per_currency_and_at_the_owners_rates(engine: Engine, tmp_path: Path) -> None:
    """USD and EUR orders are summed apart; only the store currency counts, unless a rate is set."""
    write_csv(tmp_path / "o.csv", "order_id,email,total,currency",
              "1,ann@x.example,300,USD", "2,ann@x.example,250,EUR", "3,ann@x.example,40,SAR")
    import_csv(tmp_path / "o.csv", engine)
    plain = LocalOrders(engine, valuation=Valuation("USD", vip_ltv=Decimal(500))).customer("ann@x.example")
    assert plain is not None
    assert plain.lifetime_values == {"USD": Decimal(300), "EUR": Decimal(250), "SAR": Decimal(40)}
    assert (plain.lifetime_value, plain.tags) == (Decimal("300.00"), frozenset())
    rates = MappingProxyType({"EUR": Decimal("1.08")})
    rated = LocalOrders(engine, valuation=Valuation("USD", rates, Decimal(500))).customer("ann@x.example")
    assert rated is not None and (rated.lifetime_value, rated.tags) == (Decimal("570.00"), {"vip"})
