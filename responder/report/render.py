"""The report as terminal text, as CSV rows, and as one self-contained HTML page."""

from __future__ import annotations

import csv
import io
from collections import Counter
from html import escape

from responder.report import svg
from responder.report.data import Report, median, percentile

TOP = 10


def _minutes(value: float | None) -> str:
    if value is None:
        return "-"
    if value < 120:
        return f"{value:.0f} min"
    return f"{value / 60:.1f} h" if value < 48 * 60 else f"{value / 1440:.1f} days"


def _spread(values: list[float]) -> str:
    return (f"median {_minutes(median(values))}, 90% within {_minutes(percentile(values, 0.9))} "
            f"({len(values)})")


def headline(rep: Report) -> list[tuple[str, str]]:
    """The key figures as (label, value) pairs, shared by every format."""
    auto = rep.by_outcome.get("send", 0)
    share = f"{100 * auto / rep.total:.0f}%" if rep.total else "-"
    return [("period", f"{rep.since:%Y-%m-%d} to {rep.until:%Y-%m-%d}"),
            ("customer emails", str(rep.total)),
            ("answered automatically", f"{auto} ({share})"),
            ("first response", _spread(rep.response_minutes)),
            ("approval turnaround", _spread(rep.approval_minutes)),
            ("waiting for approval", str(rep.waiting_approval))]


def text(rep: Report) -> str:
    """A summary to read in a terminal."""
    out = [f"{label:<24} {value}" for label, value in headline(rep)]
    for title, counts in (("By intent", rep.by_intent), ("By outcome", rep.by_outcome),
                          ("By product (complaints)", rep.products), ("Most common reasons", rep.reasons)):
        out += ["", title] + [f"  {n:>5}  {name}" for name, n in counts.most_common(TOP)]
    out += ["", f"Per {rep.bucket}"] + [f"  {b}  {sum(c.values()):>5}" for b, c in rep.trend.items()]
    out += ["", "Repeat complainers"] + [f"  {n:>5}  {who}" for who, n in rep.repeat]
    return "\n".join(out) + "\n"


def csv_text(rep: Report) -> str:
    """Long-format rows: section, key, detail, value (opens in any spreadsheet)."""
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(["section", "key", "detail", "value"])
    w.writerows(("summary", k, "", v) for k, v in headline(rep))
    for section, counts in (("intent", rep.by_intent), ("outcome", rep.by_outcome),
                            ("product", rep.products), ("reason", rep.reasons)):
        w.writerows((section, k, "", n) for k, n in counts.most_common())
    for bucket, counts in rep.trend.items():
        w.writerows(("trend", bucket, intent, n) for intent, n in sorted(counts.items()))
    w.writerows(("repeat", who, "", n) for who, n in rep.repeat)
    return buf.getvalue()


STYLE = """body{font-family:system-ui,sans-serif;max-width:1100px;margin:24px auto;padding:0 16px;color:#222}
h1{font-size:24px}h2{font-size:18px;margin-top:28px;border-bottom:1px solid #ddd;padding-bottom:4px}
.cards{display:flex;flex-wrap:wrap;gap:12px}.card{background:#f4f6fa;border-radius:8px;padding:12px 16px;
min-width:180px}.card b{display:block;font-size:20px;margin-top:4px}table{border-collapse:collapse}
td{padding:3px 10px;border-bottom:1px solid #eee}.empty{color:#888}"""


def html(rep: Report, store: str = "") -> str:
    """One HTML page with inline SVG charts and no external resources."""
    cards = "".join(f'<div class="card">{escape(k)}<b>{escape(v)}</b></div>' for k, v in headline(rep)[1:])
    body = [f"<h1>Support report{' - ' + escape(store) if store else ''}</h1>",
            f"<p>{escape(headline(rep)[0][1])}</p>", f'<div class="cards">{cards}</div>',
            f"<h2>Emails per {rep.bucket}</h2>", _trend_chart(rep),
            "<h2>What customers wrote about</h2>", _bars(rep.by_intent),
            "<h2>What happened to them</h2>", _bars(rep.by_outcome),
            "<h2>Products in complaints</h2>", _bars(rep.products),
            "<h2>Most common reasons</h2>", _table(rep.reasons.most_common(TOP)),
            "<h2>Repeat complainers</h2>", _table(rep.repeat)]
    return (f'<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Support report</title>'
            f"<style>{STYLE}</style></head><body>{''.join(body)}</body></html>\n")


def _bars(counts: Counter[str]) -> str:
    return svg.bars([(k, float(v)) for k, v in counts.most_common(TOP)])


def _trend_chart(rep: Report) -> str:
    labels = list(rep.trend)
    series = {"all emails": [sum(c.values()) for c in rep.trend.values()]}
    for intent, _n in rep.by_intent.most_common(4):
        series[intent] = [c.get(intent, 0) for c in rep.trend.values()]
    return svg.lines(labels, series)


def _table(rows: list[tuple[str, int]]) -> str:
    if not rows:
        return '<p class="empty">Nothing in this period.</p>'
    cells = "".join(f"<tr><td>{n}</td><td>{escape(k)}</td></tr>" for k, n in rows)
    return f"<table>{cells}</table>"
