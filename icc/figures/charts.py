"""Accessible charts drawn on the server: data in, SVG out, with the data table beside it.

Each chart is an ``<svg role="img">`` named by its ``<title>`` and described by its
``<desc>`` (``aria-labelledby`` names both, for the browsers that read only one of them);
the shapes and their labels are for the eye, and ``Chart.table`` carries the same numbers
for everyone else (the page shows it under the chart). No script, no external service: the
SVG is part of the page, so it prints, scales and is kept in the page cache like any text.

Geometry is in the SVG's own units (``viewBox``); the page scales it to its column.
"""

import math
from dataclasses import dataclass, field

from django.utils.html import escape
from django.utils.safestring import mark_safe

INK = "#1a1a1a"
MUTED = "#4a4a4a"
GRID = "#c9d3dd"
# Two series told apart by colour *and* line style and marker (WCAG 1.4.1); both have a
# contrast of more than 3:1 against white (WCAG 1.4.11): 11.4:1 and 6.3:1.
SERIES_STYLES = [
    {"colour": "#073f73", "dash": "", "marker": "circle"},
    {"colour": "#9c4a00", "dash": "6 4", "marker": "square"},
]
FONT = 15


@dataclass
class Table:
    caption: str
    headers: list
    rows: list  # each row: [label, number, ...]


@dataclass
class Chart:
    """One chart: its SVG markup and its data table."""

    slug: str
    title: str
    description: str
    definition: str = ""  # what is counted, in a sentence for the page
    svg: str = ""
    table: Table = None
    notes: list = field(default_factory=list)


def nice_step(largest, ticks=5):
    """A round step (1, 2 or 5 times a power of ten) giving about ``ticks`` gridlines."""
    if largest <= 0:
        return 1
    rough = largest / ticks
    power = 10 ** math.floor(math.log10(rough))
    for multiple in (1, 2, 5, 10):
        if multiple * power >= rough:
            return max(1, int(multiple * power))
    return max(1, int(10 * power))


def _svg(slug, title, description, width, height, body):
    title_id, desc_id = f"{slug}-title", f"{slug}-desc"
    return mark_safe(
        f'<svg class="chart" role="img" aria-labelledby="{title_id} {desc_id}" '
        f'viewBox="0 0 {width} {height}" width="{width}" height="{height}" '
        f'font-size="{FONT}" xmlns="http://www.w3.org/2000/svg">'
        f'<title id="{title_id}">{escape(title)}</title>'
        f'<desc id="{desc_id}">{escape(description)}</desc>'
        f"{''.join(body)}</svg>"
    )


def _text(x, y, text, anchor="start", size=None, colour=INK, weight=None):
    size_attribute = f' font-size="{size}"' if size else ""
    weight_attribute = f' font-weight="{weight}"' if weight else ""
    return (
        f'<text x="{x:g}" y="{y:g}" text-anchor="{anchor}" fill="{colour}"'
        f"{size_attribute}{weight_attribute}>{escape(text)}</text>"
    )


def bar_chart(slug, title, description, rows, *, number_format=str):
    """Horizontal bars, one a row: ``rows`` are ``(label, value)``, drawn in that order.

    Each label is written above its bar, whole, so long names (topics, countries) need no
    truncation and the chart stays readable when a phone scales it down.
    """
    width, row_height, top = 480, 46, 6
    largest = max((value for _label, value in rows), default=0)
    bar_room = width - 64
    body = []
    for index, (label, value) in enumerate(rows):
        y = top + index * row_height
        length = bar_room * value / largest if largest else 0
        body.append(_text(0, y + 15, label))
        body.append(
            f'<rect x="0" y="{y + 21}" width="{length:.1f}" height="16" rx="2" fill="#0a5ea8"/>'
        )
        body.append(_text(length + 6, y + 34, number_format(value), weight="700"))
    height = top + len(rows) * row_height + 4
    return _svg(slug, title, description, width, height, body)


def column_chart(slug, title, description, rows):
    """Vertical columns along a time axis: ``rows`` are ``(year, value)``, oldest first."""
    width, height = 640, 300
    left, right, top, bottom = 44, 8, 24, 30
    plot_width, plot_height = width - left - right, height - top - bottom
    largest = max((value for _year, value in rows), default=0)
    step = nice_step(largest)
    ceiling = max(step, math.ceil(largest / step) * step)
    body = _gridlines(left, top, plot_width, plot_height, ceiling, step)
    slot = plot_width / max(len(rows), 1)
    label_every = max(1, math.ceil(44 / slot))
    for index, (year, value) in enumerate(rows):
        bar_height = plot_height * value / ceiling
        x = left + index * slot + slot * 0.15
        y = top + plot_height - bar_height
        body.append(
            f'<rect x="{x:.1f}" y="{y:.1f}" width="{slot * 0.7:.1f}" '
            f'height="{bar_height:.1f}" fill="#0a5ea8"/>'
        )
        centre = left + (index + 0.5) * slot
        if slot >= 24 and value:
            body.append(_text(centre, y - 5, str(value), anchor="middle", size=13, weight="700"))
        if index % label_every == 0 or index == len(rows) - 1:
            body.append(_text(centre, height - 8, str(year), anchor="middle", size=13))
    return _svg(slug, title, description, width, height, body)


def line_chart(slug, title, description, years, series):
    """Lines over years: ``series`` are ``{"label": short name, "values": [...]}``.

    Each line ends with its last value and its name written beside it (no legend to match
    colours against); lines differ by colour, dash and marker.
    """
    width, height = 640, 320
    left, right, top, bottom = 44, 150, 16, 30
    plot_width, plot_height = width - left - right, height - top - bottom
    largest = max((max(s["values"], default=0) for s in series), default=0)
    step = nice_step(largest)
    ceiling = max(step, math.ceil(largest / step) * step)
    body = _gridlines(left, top, plot_width, plot_height, ceiling, step)
    count = len(years)
    slot = plot_width / max(count - 1, 1)

    def point(index, value):
        return left + index * slot, top + plot_height - plot_height * value / ceiling

    label_every = max(1, math.ceil(44 / slot))
    for index, year in enumerate(years):
        if index % label_every == 0 or index == count - 1:
            x, _y = point(index, 0)
            body.append(_text(x, height - 8, str(year), anchor="middle", size=13))
    end_labels = []
    for number, line in enumerate(series):
        style = SERIES_STYLES[number % len(SERIES_STYLES)]
        points = [point(index, value) for index, value in enumerate(line["values"])]
        if not points:
            continue
        path = " ".join(f"{x:.1f},{y:.1f}" for x, y in points)
        dash = f' stroke-dasharray="{style["dash"]}"' if style["dash"] else ""
        body.append(
            f'<polyline points="{path}" fill="none" stroke="{style["colour"]}" '
            f'stroke-width="2.5"{dash}/>'
        )
        for x, y in points:
            body.append(_marker(style, x, y))
        end_labels.append([points[-1][1], line, style])
    # Keep the end labels apart when the lines end close together.
    end_labels.sort(key=lambda item: item[0])
    for previous, current in zip(end_labels, end_labels[1:], strict=False):
        current[0] = max(current[0], previous[0] + 34)
    for y, line, style in end_labels:
        x = left + plot_width + 10
        body.append(_text(x, y + 5, str(line["values"][-1]), colour=style["colour"], weight="700"))
        body.append(_text(x, y + 21, line["label"], colour=style["colour"], size=13))
    return _svg(slug, title, description, width, height, body)


def _marker(style, x, y):
    if style["marker"] == "square":
        return f'<rect x="{x - 3.5:.1f}" y="{y - 3.5:.1f}" width="7" height="7" fill="{style["colour"]}"/>'
    return f'<circle cx="{x:.1f}" cy="{y:.1f}" r="3.5" fill="{style["colour"]}"/>'


def _gridlines(left, top, plot_width, plot_height, ceiling, step):
    body = []
    for value in range(0, ceiling + 1, step):
        y = top + plot_height - plot_height * value / ceiling
        body.append(
            f'<line x1="{left}" x2="{left + plot_width}" y1="{y:.1f}" y2="{y:.1f}" '
            f'stroke="{GRID if value else MUTED}" stroke-width="1"/>'
        )
        body.append(_text(left - 6, y + 5, str(value), anchor="end", size=13, colour=MUTED))
    return body
