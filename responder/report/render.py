"""The report as terminal text, as CSV rows, and as one self-contained HTML page.

Text and HTML are written in the owner's language (`Voice`): labels from the ownerlang
catalogue, digits and dates in the owner's convention, Arabic and Persian right to left.
CSV keeps English keys and ASCII figures: it is read by spreadsheets and scripts.
"""

from __future__ import annotations

import csv
import io
from collections import Counter
from dataclasses import dataclass
from datetime import datetime
from html import escape

from responder import ownerlang as ol
from responder.report import svg
from responder.report.data import Report, median, percentile

TOP = 10


@dataclass(frozen=True)
class Voice:
    """Who reads the report: their language and calendar."""

    lang: str = "en"
    calendar: str = "gregorian"

    def t(self, key: str, **values: object) -> str:
        """A catalogue entry in the reader's language."""
        return ol.text(self.lang, key, **values)

    def n(self, value: object) -> str:
        """A figure in the reader's digits."""
        return ol.digits(self.lang, value)

    def day(self, value: datetime | str) -> str:
        """A date (or an ISO date string) in the reader's calendar and digits."""
        moment = datetime.fromisoformat(value) if isinstance(value, str) else value
        if self.lang == "en" and self.calendar == "gregorian":
            return f"{moment:%Y-%m-%d}"
        return ol.date(self.lang, moment, self.calendar)


ENGLISH = Voice()


def _minutes(value: float | None, v: Voice = ENGLISH) -> str:
    if value is None:
        return "-"
    if value < 120:
        return ol.quantity(v.lang, "min", round(value), f"{value:.0f}")
    if value < 48 * 60:
        return ol.quantity(v.lang, "hours", round(value / 60, 1), f"{value / 60:.1f}")
    return ol.quantity(v.lang, "days", round(value / 1440, 1), f"{value / 1440:.1f}")


def _spread(values: list[float], v: Voice = ENGLISH) -> str:
    return v.t("spread", median=_minutes(median(values), v),
               p90=_minutes(percentile(values, 0.9), v), n=v.n(len(values)))


def headline(rep: Report, v: Voice = ENGLISH) -> list[tuple[str, str]]:
    """The key figures as (label, value) pairs, shared by every format."""
    auto = rep.by_outcome.get("send", 0)
    share = v.n(f"{100 * auto / rep.total:.0f}%") if rep.total else "-"
    return [(v.t("period"), v.t("period_value", start=v.day(rep.since), end=v.day(rep.until))),
            (v.t("emails"), v.n(rep.total)),
            (v.t("auto"), f"{v.n(auto)} ({share})"),
            (v.t("first_response"), _spread(rep.response_minutes, v)),
            (v.t("turnaround"), _spread(rep.approval_minutes, v)),
            (v.t("waiting"), v.n(rep.waiting_approval))]


def text(rep: Report, v: Voice = ENGLISH) -> str:
    """A summary to read in a terminal (RTL lines start with a right-to-left mark)."""
    rtl = ol.is_rtl(v.lang)
    out = [f"{label}: {value}" if rtl else f"{label:<24} {value}" for label, value in headline(rep, v)]
    sections = ((v.t("by_intent"), _named(rep.by_intent, v)), (v.t("by_outcome"), _named(rep.by_outcome, v)),
                (v.t("by_product"), rep.products.most_common(TOP)), (v.t("reasons"), _reasons(rep, v)))
    for title, rows in sections:
        out += ["", title] + [f"  {v.n(n):>5}  {name}" for name, n in rows]
    out += ["", v.t(f"per.{rep.bucket}")] + [f"  {v.day(b)}  {v.n(sum(c.values())):>5}"
                                             for b, c in rep.trend.items()]
    out += ["", v.t("repeat")] + [f"  {v.n(n):>5}  {ol.ltr(v.lang, who)}" for who, n in rep.repeat]
    return ol.lines(v.lang, "\n".join(out)) + "\n"


def _named(counts: Counter[str], v: Voice) -> list[tuple[str, int]]:
    """The most common intents or outcomes, named in the reader's words."""
    return [(_name(k, v), n) for k, n in counts.most_common(TOP)]


def _name(identifier: str, v: Voice) -> str:
    """An intent or outcome in the reader's words (English keeps the identifier)."""
    return identifier if v.lang == "en" else ol.name(v.lang, identifier)


def csv_text(rep: Report) -> str:
    """Long-format rows: section, key, detail, value (opens in any spreadsheet)."""
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(["section", "key", "detail", "value"])
    w.writerows(("summary", k, "", val) for k, val in headline(rep))
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


def html(rep: Report, store: str = "", v: Voice = ENGLISH) -> str:
    """One HTML page with inline SVG charts and no external resources."""
    heads = headline(rep, v)
    cards = "".join(f'<div class="card">{escape(k)}<b>{escape(val)}</b></div>' for k, val in heads[1:])
    title = v.t("report")
    body = [f"<h1>{escape(title)}{' - ' + escape(store) if store else ''}</h1>",
            f"<p>{escape(heads[0][1])}</p>", f'<div class="cards">{cards}</div>',
            f"<h2>{escape(v.t(f'h.per.{rep.bucket}'))}</h2>", _trend_chart(rep, v),
            f"<h2>{escape(v.t('h.intent'))}</h2>", _bars(rep.by_intent, v),
            f"<h2>{escape(v.t('h.outcome'))}</h2>", _bars(rep.by_outcome, v),
            f"<h2>{escape(v.t('h.product'))}</h2>", _bars(rep.products, v, names=False),
            f"<h2>{escape(v.t('reasons'))}</h2>", _table(_reasons(rep, v), v),
            f"<h2>{escape(v.t('repeat'))}</h2>", _table(rep.repeat, v)]
    direction = "rtl" if ol.is_rtl(v.lang) else "ltr"
    opening = ('<html lang="en">' if v.lang == "en"
               else f'<html lang="{v.lang}" dir="{direction}">')
    return (f'<!doctype html>{opening}<head><meta charset="utf-8"><title>{escape(title)}</title>'
            f"<style>{STYLE}</style></head><body>{''.join(body)}</body></html>\n")


def _bars(counts: Counter[str], v: Voice, *, names: bool = True) -> str:
    items = [(_name(k, v) if names else k, float(n)) for k, n in counts.most_common(TOP)]
    return svg.bars(items, rtl=ol.is_rtl(v.lang), digits=v.n, empty=v.t("nothing"))


def _trend_chart(rep: Report, v: Voice) -> str:
    labels = [v.day(b) for b in rep.trend]
    series = {v.t("all_emails") if v.lang != "en" else "all emails":
              [sum(c.values()) for c in rep.trend.values()]}
    for intent, _n in rep.by_intent.most_common(4):
        series[_name(intent, v)] = [c.get(intent, 0) for c in rep.trend.values()]
    return svg.lines(labels, series, rtl=ol.is_rtl(v.lang), digits=v.n, empty=v.t("nothing"))


def _reasons(rep: Report, v: Voice) -> list[tuple[str, int]]:
    """The most common reasons, their intent or "customer said" in the reader's words; the
    reason itself (the policy's or the customer's words) as written."""
    if v.lang == "en":
        return rep.reasons.most_common(TOP)
    shown = []
    for key, n in rep.reasons.most_common(TOP):
        head, _, rest = key.partition(": ")
        label = (v.t("customer_said", text=rest) if head == "customer said"
                 else f"{_name(head, v)}: {rest}" if rest else key)
        shown.append((label, n))
    return shown


def _table(rows: list[tuple[str, int]], v: Voice = ENGLISH) -> str:
    if not rows:
        return f'<p class="empty">{escape(v.t("nothing"))}</p>'
    cells = "".join(f'<tr><td>{v.n(n)}</td><td dir="auto">{escape(k)}</td></tr>' for k, n in rows)
    return f"<table>{cells}</table>"
