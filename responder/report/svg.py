"""Hand-written inline SVG charts: horizontal bars and lines, nothing to install.

Right to left (`rtl=True`, Arabic and Persian owners): bar labels sit on the right and read
right to left, bars grow leftwards, legend labels read right to left. `digits` writes the
figures in the owner's digits.
"""

from __future__ import annotations

from collections.abc import Callable
from html import escape

COLOURS = ("#2563eb", "#dc2626", "#16a34a", "#d97706", "#7c3aed", "#0891b2")
FONT = 'font-family="system-ui, sans-serif" font-size="13"'
EMPTY = "Nothing in this period."
Digits = Callable[[object], str]


def _empty(text: str) -> str:
    return f'<p class="empty">{escape(text)}</p>'


def bars(items: list[tuple[str, float]], *, width: int = 560, unit: str = "", rtl: bool = False,
         digits: Digits = str, empty: str = EMPTY) -> str:
    """One horizontal bar per (label, value), longest first as given."""
    if not items:
        return _empty(empty)
    row, label_w = 26, 210
    top = max(v for _, v in items) or 1
    height = row * len(items) + 8
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
             f'width="{width}" height="{height}" role="img" {FONT}>']
    for i, (label, value) in enumerate(items):
        y, length = i * row + 4, (width - label_w - 60) * value / top
        shown = f"{digits(f'{value:g}')}{unit}"
        tip = f"<title>{escape(label)}: {shown}</title>"
        if rtl:
            start = width - label_w - length
            parts += [f'<text x="{width - 8}" y="{y + 16}" direction="rtl" text-anchor="start">'
                      f"{escape(label[:32])}</text>",
                      f'<rect x="{start:.1f}" y="{y + 3}" width="{length:.1f}" height="{row - 8}" '
                      f'rx="3" fill="{COLOURS[0]}">{tip}</rect>',
                      f'<text x="{start - 6:.1f}" y="{y + 16}" text-anchor="end">{shown}</text>']
            continue
        parts += [f'<text x="{label_w - 8}" y="{y + 16}" text-anchor="end">{escape(label[:32])}</text>',
                  f'<rect x="{label_w}" y="{y + 3}" width="{length:.1f}" height="{row - 8}" rx="3" '
                  f'fill="{COLOURS[0]}">{tip}</rect>',
                  f'<text x="{label_w + length + 6:.1f}" y="{y + 16}">{shown}</text>']
    return "".join([*parts, "</svg>"])


def lines(labels: list[str], series: dict[str, list[int]], *, width: int = 760, height: int = 260,
          rtl: bool = False, digits: Digits = str, empty: str = EMPTY) -> str:
    """One line per series over the x labels (dates), with a legend and a y scale."""
    if not labels or not series:
        return _empty(empty)
    left, right, top, bottom = 40, 190, 12, 34
    plot_w, plot_h = width - left - right, height - top - bottom
    peak = max(1, *(max(v) for v in series.values()))
    step = plot_w / max(1, len(labels) - 1)

    def point(i: int, v: int) -> str:
        return f"{left + i * step:.1f},{top + plot_h - plot_h * v / peak:.1f}"

    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
             f'width="{width}" height="{height}" role="img" {FONT}>',
             *_axes(labels, peak, (left, top, plot_w, plot_h), digits)]
    for n, (name, values) in enumerate(series.items()):
        colour = COLOURS[n % len(COLOURS)]
        pts = " ".join(point(i, v) for i, v in enumerate(values))
        parts += [f'<polyline fill="none" stroke="{colour}" stroke-width="2.5" points="{pts}"/>',
                  *_legend(name, colour, n, width, right, top, rtl=rtl)]
    return "".join([*parts, "</svg>"])


def _legend(name: str, colour: str, n: int, width: int, right: int, top: int, *,
            rtl: bool) -> list[str]:
    """One legend entry: a swatch and the series' name (RTL: swatch right, name leftwards)."""
    y = top + n * 20
    if rtl:
        return [f'<rect x="{width - 20}" y="{y}" width="12" height="12" fill="{colour}"/>',
                f'<text x="{width - 26}" y="{y + 11}" direction="rtl" text-anchor="start">'
                f"{escape(name[:24])}</text>"]
    return [f'<rect x="{width - right + 12}" y="{y}" width="12" height="12" fill="{colour}"/>',
            f'<text x="{width - right + 30}" y="{y + 11}">{escape(name[:24])}</text>']


def _axes(labels: list[str], peak: int, box: tuple[int, int, int, int], digits: Digits) -> list[str]:
    left, top, plot_w, plot_h = box
    base = top + plot_h
    out = [f'<line x1="{left}" y1="{base}" x2="{left + plot_w}" y2="{base}" stroke="#999"/>',
           f'<line x1="{left}" y1="{top}" x2="{left}" y2="{base}" stroke="#999"/>',
           f'<text x="{left - 6}" y="{top + 10}" text-anchor="end">{digits(peak)}</text>',
           f'<text x="{left - 6}" y="{base}" text-anchor="end">{digits(0)}</text>']
    every = max(1, len(labels) // 6)
    step = plot_w / max(1, len(labels) - 1)
    for i in range(0, len(labels), every):
        out.append(f'<text x="{left + i * step:.1f}" y="{base + 20}" text-anchor="middle">'
                   f"{escape(labels[i][5:])}</text>")
    return out
