"""`responder report`: figures from a known database, in text, CSV and HTML."""

from __future__ import annotations

import csv
import io
from datetime import timedelta
from pathlib import Path

from sqlalchemy.engine import Engine

from responder.report import build_report, parse_since, produce

from .reportdb import NOW, REASON, SINCE, build_db


def test_figures_from_a_known_database(engine: Engine) -> None:
    """Volume, intents, response and approval times, products, reasons and repeaters are right."""
    build_db(engine)
    rep = build_report(engine, SINCE, NOW)
    assert rep.total == 3
    assert rep.by_intent == {"where_is_my_order": 1, "return_refund": 2}
    assert rep.by_outcome == {"send": 1, "park": 2}
    assert sorted(rep.response_minutes) == [5.0, 10.0]
    assert rep.approval_minutes == [60.0] and rep.waiting_approval == 1
    assert rep.repeat == [("alice@example.com", 2)]
    assert rep.products == {"Red Scarf": 1, "Gloves": 1, "Blue Mug": 1}
    assert rep.reasons[f"return_refund: {REASON}"] == 2
    assert rep.reasons["customer said: too small"] == 1
    assert not any("waits for approval" in r for r in rep.reasons)


def test_trend_has_a_bucket_for_every_day(engine: Engine) -> None:
    """Daily buckets cover the whole period, quiet days included; long periods go weekly."""
    build_db(engine)
    rep = build_report(engine, SINCE, NOW)
    assert rep.bucket == "day" and len(rep.trend) == 8
    assert sum(sum(c.values()) for c in rep.trend.values()) == 3
    assert rep.trend["2024-05-08"] == {"return_refund": 1}
    assert build_report(engine, NOW - timedelta(days=90), NOW).bucket == "week"


def test_csv_rows_match_the_figures(engine: Engine) -> None:
    """The CSV has one row per figure, readable by a spreadsheet."""
    build_db(engine)
    rows = list(csv.DictReader(io.StringIO(produce(engine, SINCE, NOW, "csv"))))
    intents = {r["key"]: int(r["value"]) for r in rows if r["section"] == "intent"}
    assert intents == {"return_refund": 2, "where_is_my_order": 1}
    summary = {r["key"]: r["value"] for r in rows if r["section"] == "summary"}
    assert summary["customer emails"] == "3"
    assert summary["answered automatically"] == "1 (33%)"


def test_text_and_html_show_the_headline(engine: Engine) -> None:
    """The terminal text and the HTML page carry the same headline and inline SVG charts."""
    build_db(engine)
    text = produce(engine, SINCE, NOW, "text")
    assert "customer emails          3" in text
    assert "first response           median 8 min, 90% within 10 min (2)" in text
    page = produce(engine, SINCE, NOW, "html", "Test Shop")
    assert page.count("<svg") >= 4 and "Test Shop" in page
    assert "http" not in page.replace('xmlns="http://www.w3.org/2000/svg"', "")


def test_since_values_parse() -> None:
    """Since-values parse: days, weeks, hours and ISO dates."""
    assert parse_since("30d", NOW) == NOW - timedelta(days=30)
    assert parse_since("2w", NOW) == NOW - timedelta(weeks=2)
    assert parse_since("2024-05-01", NOW).isoformat() == "2024-05-01T00:00:00+00:00"


def test_text_and_html_in_persian_with_the_persian_calendar(engine: Engine) -> None:
    """A Persian owner reads labels, digits and Solar Hijri dates in Persian, RTL marked."""
    from responder.report import Voice

    build_db(engine)
    text = produce(engine, SINCE, NOW, "text", voice=Voice("fa", "persian"))
    lines = [line for line in text.splitlines() if line.strip()]
    assert all(line.startswith("\u200f") for line in lines)
    assert "\u200fایمیل مشتری‌ها: ۳" in lines
    assert "اولین پاسخ: میانه ۸ دقیقه، ۹۰٪ در کمتر از ۱۰ دقیقه (۲)" in text
    assert "۱۴۰۳/۰۲/۱۹" in text and "2024" not in text  # 2024-05-08 is 19 Ordibehesht 1403
    assert "مشتری نوشته: too small" in text and "Red Scarf" in text
    page = produce(engine, SINCE, NOW, "html", "Test Shop", Voice("ar"))
    assert '<html lang="ar" dir="rtl">' in page and "تقرير الدعم" in page
    assert "قال العميل: too small" in page and f"إرجاع واسترداد: {REASON}" in page
    assert 'direction="rtl"' in page and ">٠٥/٠٨</text>" in page


def test_report_command_writes_in_the_configured_owner_language(tmp_path: Path) -> None:
    """`responder report --format text` with owner_language = "ar" prints Arabic labels."""
    from typer.testing import CliRunner

    from responder.cli.app import app

    config = tmp_path / "config.toml"
    config.write_text(f'[store]\nowner_language = "ar"\n[database]\nurl = "sqlite:///{tmp_path / "r.db"}"\n')
    result = CliRunner().invoke(app, ["report", "--config", str(config), "--format", "text"])
    assert result.exit_code == 0, result.output
    assert "\u200fرسائل العملاء: ٠" in result.output and "customer emails" not in result.output
