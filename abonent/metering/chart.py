"""A small bar chart of monthly consumption, drawn on the server as inline SVG (no script)."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.template.defaultfilters import date as date_filter

from abonent.metering.selectors import MonthUsage

WIDTH, HEIGHT = 720, 200
TOP, BOTTOM, LEFT = 18, 28, 8  # room for the value above a bar and the month below it


@dataclass(frozen=True)
class Bar:
    x: int
    y: int
    width: int
    height: int
    label: str
    value: Decimal

    @property
    def center(self) -> int:
        return self.x + self.width // 2

    @property
    def value_y(self) -> int:
        return self.y - 4


@dataclass(frozen=True)
class Chart:
    bars: list[Bar]
    width: int = WIDTH
    height: int = HEIGHT
    baseline: int = HEIGHT - BOTTOM

    @property
    def total(self) -> Decimal:
        return sum((b.value for b in self.bars), Decimal(0))


def bar_chart(months: list[MonthUsage]) -> Chart:
    """One bar per month, heights in proportion to the largest month."""
    if not months:
        return Chart([])
    peak = max(m.consumption for m in months) or Decimal(1)
    slot = (WIDTH - 2 * LEFT) // len(months)
    room = HEIGHT - TOP - BOTTOM
    bars = []
    for i, month in enumerate(months):
        height = int(room * month.consumption / peak) if month.consumption > 0 else 0
        bars.append(Bar(x=LEFT + i * slot + slot // 8, y=HEIGHT - BOTTOM - height,
                        width=slot - slot // 4, height=height,
                        label=date_filter(month.month, "M y"), value=month.consumption))
    return Chart(bars)
