"""
Server-rendered SVG charts (no JavaScript): the same markup goes into the
dashboard and the PDF report. Each chart is an image with a title; its
numbers are also shown as a table next to it (templates/reports/_chart.html).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

BAR_COLOUR = "#1f5f8b"
ROW_HEIGHT = 22


@dataclass
class Chart:
    title: str
    rows: list[tuple[str, int, str]]  # (label, value, link or "")
    svg: SafeString
    value_label: str = ""


def _fmt(n) -> str:
    return f"{n:,}".replace(",", ".")


def bar_chart(title: str, rows: list[tuple[str, int, str]], *, width: int = 520,
              label_width: int = 190, value_label: str = "") -> Chart:
    """Horizontal bars, largest first as given; labels left, values at the bar's end."""
    top = max((v for _l, v, _u in rows), default=0) or 1
    height = max(1, len(rows)) * ROW_HEIGHT + 8
    plot = width - label_width - 60
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" role="img" '
             f'viewBox="0 0 {width} {height}" width="{width}" height="{height}">'
             f'<title>{escape(title)}</title>']
    for i, (label, value, _url) in enumerate(rows):
        y = 4 + i * ROW_HEIGHT
        w = round(plot * value / top, 1)
        short = label if len(label) <= 28 else label[:27] + "…"
        parts.append(
            f'<text x="{label_width - 6}" y="{y + 15}" text-anchor="end" font-size="12">'
            f'{escape(short)}</text>'
            f'<rect x="{label_width}" y="{y + 3}" width="{w}" height="{ROW_HEIGHT - 6}" '
            f'fill="{BAR_COLOUR}"/>'
            f'<text x="{label_width + w + 4}" y="{y + 15}" font-size="12">{_fmt(value)}</text>')
    parts.append("</svg>")
    return Chart(title=title, rows=rows, svg=mark_safe("".join(parts)), value_label=value_label)


def column_chart(title: str, rows: list[tuple[str, int, str]], *, width: int = 640,
                 height: int = 180, value_label: str = "") -> Chart:
    """Vertical columns in time order (weekly or monthly trend)."""
    top = max((v for _l, v, _u in rows), default=0) or 1
    n = max(1, len(rows))
    base, plot_h = height - 30, height - 50
    step = (width - 20) / n
    col = max(2.0, step * 0.7)
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" role="img" '
             f'viewBox="0 0 {width} {height}" width="{width}" height="{height}">'
             f'<title>{escape(title)}</title>'
             f'<line x1="10" y1="{base}" x2="{width - 10}" y2="{base}" stroke="#999"/>']
    every = max(1, n // 12)  # at most about twelve labels under the axis
    for i, (label, value, _url) in enumerate(rows):
        x = 10 + i * step + (step - col) / 2
        h = round(plot_h * value / top, 1)
        parts.append(f'<rect x="{x:.1f}" y="{base - h}" width="{col:.1f}" height="{h}" '
                     f'fill="{BAR_COLOUR}"><title>{escape(label)}: {_fmt(value)}</title></rect>')
        if i % every == 0:
            parts.append(f'<text x="{x + col / 2:.1f}" y="{height - 12}" font-size="10" '
                         f'text-anchor="middle">{escape(label)}</text>')
    parts.append(f'<text x="12" y="14" font-size="11">{_fmt(top)}</text></svg>')
    return Chart(title=title, rows=rows, svg=mark_safe("".join(parts)), value_label=value_label)
