"""`responder report`: the complaint log over a period, as text, CSV or an HTML page."""

from __future__ import annotations

import re
from datetime import datetime, timedelta

from sqlalchemy.engine import Engine

from responder.report import render
from responder.report.data import Report, build_report
from responder.report.render import Voice

__all__ = ["Report", "Voice", "build_report", "parse_since", "produce"]
_SPAN = re.compile(r"^(\d+)([dwh])$")
UNITS = {"d": "days", "w": "weeks", "h": "hours"}


def parse_since(value: str, now: datetime) -> datetime:
    """`30d`, `8w`, `12h` or an ISO date -> the start of the period."""
    found = _SPAN.match(value.strip().lower())
    if found:
        return now - timedelta(**{UNITS[found.group(2)]: int(found.group(1))})
    start = datetime.fromisoformat(value)
    return start if start.tzinfo else start.replace(tzinfo=now.tzinfo)


def produce(engine: Engine, since: datetime, until: datetime, fmt: str, store: str = "",
            voice: Voice = render.ENGLISH) -> str:
    """The whole report in `fmt` (text, csv or html); text and html in `voice`'s language."""
    rep = build_report(engine, since, until)
    if fmt == "csv":
        return render.csv_text(rep)
    if fmt == "html":
        return render.html(rep, store, voice)
    return render.text(rep, voice)
