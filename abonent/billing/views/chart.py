"""A small chart of an account's months, drawn on the server as inline SVG (no script, no CDN):
bars for what was charged in each month, a line for the balance at each month's end.

Only the drawing uses floats (pixel positions); every amount shown is the exact Decimal.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.template.defaultfilters import date as date_filter

from abonent.billing.selectors import Month
from abonent.core.money import format_money

WIDTH, HEIGHT = 720, 220
LEFT, RIGHT, TOP, BOTTOM = 84, 12, 12, 28


@dataclass
class Bar:
    x: float
    y: float
    width: float
    height: float
    title: str
    negative: bool


@dataclass
class Label:
    x: float
    y: float
    text: str


def balance_chart(months: list[Month], currency: str, language: str) -> dict:
    """Geometry and labels of the chart (see ``billing/_chart.html``)."""
    values = [m.charged for m in months] + [m.balance for m in months] + [Decimal(0)]
    low, high = float(min(values)), float(max(values))
    if high == low:
        high = low + 1
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM

    def y(value: Decimal) -> float:
        return round(TOP + (high - float(value)) / (high - low) * plot_h, 1)

    step = plot_w / max(len(months), 1)
    zero = y(Decimal(0))
    bars, points, months_axis = [], [], []
    for index, month in enumerate(months):
        left = LEFT + index * step
        top = min(y(month.charged), zero)
        name = date_filter(month.start, "F Y")
        bars.append(Bar(round(left + step * 0.2, 1), top, round(step * 0.6, 1),
                        round(abs(y(month.charged) - zero), 1),
                        f"{name}: {format_money(month.charged, currency, language)}",
                        month.charged < 0))
        points.append(f"{round(left + step / 2, 1)},{y(month.balance)}")
        months_axis.append(Label(round(left + step / 2, 1), HEIGHT - 8,
                                 date_filter(month.start, "M")))
    ticks = {Decimal(str(high)), Decimal(0), Decimal(str(low))}
    return {
        "width": WIDTH, "height": HEIGHT, "left": LEFT, "right": WIDTH - RIGHT, "zero": zero,
        "bars": bars, "balance": " ".join(points), "months": months_axis,
        "ticks": [Label(LEFT - 6, y(value) + 4, format_money(value, currency, language))
                  for value in sorted(ticks, reverse=True)],
        "dots": [Label(float(p.split(",")[0]), float(p.split(",")[1]),
                       format_money(m.balance, currency, language))
                 for p, m in zip(points, months, strict=True)],
    }
