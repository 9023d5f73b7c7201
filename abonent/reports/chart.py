"""A grouped bar chart drawn on the server as inline SVG: no JavaScript, no CDN.

Accessible: the ``<svg>`` is an image (``role="img"``) labelled by its ``<title>`` and
described by its ``<desc>`` (which says every figure in words); each bar has its own
``<title>`` (a tooltip with the exact value); the colours have at least 3:1 contrast against
the white background, and the legend names each colour. The page shows the same figures in a
table next to the chart.
"""

from __future__ import annotations

from decimal import Decimal

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

WIDTH, HEIGHT = 720, 300
LEFT, RIGHT, TOP, BOTTOM = 64, 16, 36, 44
COLOURS = ("#0b5cad", "#b35900", "#1b7f3b")  # blue 6.6:1, brown 4.6:1, green 5.1:1 on white
TICKS = 4
PIXEL = Decimal("0.1")


def _nice_step(top: Decimal) -> Decimal:
    """A round step (1, 2 or 5 × 10^n) so that ``TICKS`` steps reach ``top``."""
    if top <= 0:
        return Decimal(1)
    raw = top / TICKS
    magnitude = Decimal(1).scaleb(raw.adjusted())
    for factor in (1, 2, 5, 10):
        if raw <= magnitude * factor:
            return magnitude * factor
    return magnitude * 10  # pragma: no cover - raw < 10 × magnitude always


def _px(value: Decimal) -> str:
    return str(value.quantize(PIXEL))


def _number(value: Decimal) -> str:
    return format(value.normalize(), "f") if value == value.to_integral() else format(value, "f")


def bar_chart(*, chart_id: str, title: str, description: str, categories: list[str],
              series: list[tuple[str, list[Decimal]]], notes: list[str] | None = None,
              unit: str = "", axis_labels: list[str] | None = None) -> SafeString:
    """Bars of each series side by side for each category; ``notes`` are written above the
    groups (e.g. a percentage). ``axis_labels`` are written under the groups instead of the
    categories (shorter, or empty to leave some out, when there are many groups, such as the
    days of a month); the bars' tooltips still name the category."""
    plot_w, plot_h = Decimal(WIDTH - LEFT - RIGHT), Decimal(HEIGHT - TOP - BOTTOM)
    values = [value for _name, figures in series for value in figures]
    step = _nice_step(max([*values, Decimal(0)]))
    top = step * TICKS
    bottom = Decimal(TOP) + plot_h
    grid = []
    for tick in range(TICKS + 1):
        y = bottom - plot_h * tick / TICKS
        grid.append(format_html(
            '<line x1="{}" x2="{}" y1="{}" y2="{}" stroke="#d8dde4"/>'
            '<text x="{}" y="{}" text-anchor="end" dominant-baseline="middle">{}</text>',
            LEFT, WIDTH - RIGHT, _px(y), _px(y), LEFT - 6, _px(y), _number(step * tick)))
    if unit:
        grid.append(format_html('<text x="{}" y="{}" text-anchor="end">{}</text>',
                                LEFT - 6, TOP - 8, unit))
    group_w = plot_w / max(len(categories), 1)
    bar_w = group_w * Decimal("0.7") / max(len(series), 1)
    bars, labels = [], []
    for index, category in enumerate(categories):
        x0 = Decimal(LEFT) + group_w * index + group_w * Decimal("0.15")
        for number, (name, figures) in enumerate(series):
            value = max(figures[index], Decimal(0))
            height = plot_h * value / top
            bars.append(format_html(
                '<rect x="{}" y="{}" width="{}" height="{}" fill="{}"><title>{}: {} {} {}'
                '</title></rect>', _px(x0 + bar_w * number), _px(bottom - height), _px(bar_w),
                _px(height), COLOURS[number % len(COLOURS)], category, name,
                _number(figures[index]), unit))
        centre = _px(Decimal(LEFT) + group_w * index + group_w / 2)
        axis_label = category if axis_labels is None else axis_labels[index]
        if axis_label:
            labels.append(format_html('<text x="{}" y="{}" text-anchor="middle">{}</text>',
                                      centre, HEIGHT - BOTTOM + 18, axis_label))
        if notes and notes[index]:
            labels.append(format_html(
                '<text x="{}" y="{}" text-anchor="middle" font-weight="bold">{}</text>',
                centre, TOP - 8, notes[index]))
    legend = format_html_join("", (
        '<rect x="{}" y="{}" width="12" height="12" fill="{}"/>'
        '<text x="{}" y="{}" dominant-baseline="middle">{}</text>'), (
        (LEFT + 180 * number, HEIGHT - 14, COLOURS[number % len(COLOURS)],
         LEFT + 180 * number + 18, HEIGHT - 8, name) for number, (name, _f) in enumerate(series)))
    return format_html(
        '<svg xmlns="http://www.w3.org/2000/svg" class="chart" viewBox="0 0 {} {}" role="img" '
        'aria-labelledby="{}-title {}-desc" font-size="12" fill="#1d2430">'
        '<title id="{}-title">{}</title><desc id="{}-desc">{}</desc>'
        '<g>{}</g><g>{}</g><g>{}</g><g>{}</g>'
        '<line x1="{}" x2="{}" y1="{}" y2="{}" stroke="#5a6472"/></svg>',
        WIDTH, HEIGHT, chart_id, chart_id, chart_id, title, chart_id, description,
        SafeString("".join(grid)), SafeString("".join(bars)), SafeString("".join(labels)),
        legend, LEFT, WIDTH - RIGHT, _px(bottom), _px(bottom))
