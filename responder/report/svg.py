"""Hand-written inline SVG charts: horizontal bars and lines, nothing to install."""

from __future__ import annotations

from html import escape

COLOURS = ("#2563eb", "#dc2626", "#16a34a", "#d97706", "#7c3aed", "#0891b2")
FONT = 'font-family="system-ui, sans-serif" font-size="13"'


def bars(items: list[tuple[str, float]], *, width: int = 560, unit: str = "") -> str:
    """One horizontal bar per (label, value), longest first as given."""
    if not items:
        return '<p class="empty">Nothing in this period.</p>'
    row, label_w = 26, 210
    top = max(v for _, v in items) or 1
    height = row * len(items) + 8
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
             f'width="{width}" height="{height}" role="img" {FONT}>']
    for i, (label, value) in enumerate(items):
        y = i * row + 4
        length = (width - label_w - 60) * value / top
        parts += [f'<text x="{label_w - 8}" y="{y + 16}" text-anchor="end">{escape(label[:32])}</text>',
                  f'<rect x="{label_w}" y="{y + 3}" width="{length:.1f}" height="{row - 8}" rx="3" '
                  f'fill="{COLOURS[0]}"><title>{escape(label)}: {value:g}{unit}</title></rect>',
                  f'<text x="{label_w + length + 6:.1f}" y="{y + 16}">{value:g}{unit}</text>']
    return "".join([*parts, "</svg>"])


def lines(labels: list[str], series: dict[str, list[int]], *, width: int = 760, height: int = 260) -> str:
    """One line per series over the x labels (dates), with a legend and a y scale."""
    if not labels or not series:
        return '<p class="empty">Nothing in this period.</p>'
    left, right, top, bottom = 40, 190, 12, 34
    plot_w, plot_h = width - left - right, height - top - bottom
    peak = max(1, *(max(v) for v in series.values()))
    step = plot_w / max(1, len(labels) - 1)

    def point(i: int, v: int) -> str:
        return f"{left + i * step:.1f},{top + plot_h - plot_h * v / peak:.1f}"

    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
             f'width="{width}" height="{height}" role="img" {FONT}>', *_axes(labels, peak, left, top,
                                                                                  plot_w, plot_h)]
    for n, (name, values) in enumerate(series.items()):
        colour = COLOURS[n % len(COLOURS)]
        pts = " ".join(point(i, v) for i, v in enumerate(values))
        parts += [f'<polyline fill="none" stroke="{colour}" stroke-width="2.5" points="{pts}"/>',
                  f'<rect x="{width - right + 12}" y="{top + n * 20}" width="12" height="12" '
                  f'fill="{colour}"/>',
                  f'<text x="{width - right + 30}" y="{top + n * 20 + 11}">{escape(name[:24])}</text>']
    return "".join([*parts, "</svg>"])


def _axes(labels: list[str], peak: int, left: int, top: int, plot_w: int, plot_h: int) -> list[str]:
    base = top + plot_h
    out = [f'<line x1="{left}" y1="{base}" x2="{left + plot_w}" y2="{base}" stroke="#999"/>',
           f'<line x1="{left}" y1="{top}" x2="{left}" y2="{base}" stroke="#999"/>',
           f'<text x="{left - 6}" y="{top + 10}" text-anchor="end">{peak}</text>',
           f'<text x="{left - 6}" y="{base}" text-anchor="end">0</text>']
    every = max(1, len(labels) // 6)
    step = plot_w / max(1, len(labels) - 1)
    for i in range(0, len(labels), every):
        out.append(f'<text x="{left + i * step:.1f}" y="{base + 20}" text-anchor="middle">'
                   f"{escape(labels[i][5:])}</text>")
    return out
