"""Payment plans: the schedule of instalments and how each one stands. Pure functions over plain
values (no ORM, no I/O).

Schedule: ``count`` monthly instalments, the k-th due k months after the plan's start (on the
start's day of the month, or the month's last day when it is shorter). Every instalment is the
total divided by the count, rounded *down* to the cent; the **last one takes the remainder**, so
the instalments always add up to the total exactly (100.00 in 3: 33.33, 33.33, 33.34).

Standing on a day ("as of"): the payments that count are the account's posted payments with a
value date on or after the plan's start, in order of value date. Instalment k is covered when the
payments reach the sum of instalments 1..k (earlier instalments are paid first):

* **paid**: covered by payments dated on or before its due date;
* **paid late**: its due date passed uncovered, and later payments covered it;
* **missed**: its due date passed (it is before the as-of day) and it is still not covered;
* **not yet due**: its due date is the as-of day or later, and it is not covered yet.
"""

from __future__ import annotations

import calendar
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_DOWN, Decimal

from abonent.collections.choices import InstalmentState

ZERO = Decimal("0.00")


def add_months(day: date, months: int, *, on_day: int | None = None) -> date:
    """``day`` moved ``months`` ahead, on ``on_day`` (default: its own day), clamped to the
    month's last day (January 31 + 1 month = February 28)."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    wanted = on_day or day.day
    return date(year, month, min(wanted, calendar.monthrange(year, month)[1]))


@dataclass(frozen=True)
class Scheduled:
    number: int
    due_date: date
    amount: Decimal


def split(total: Decimal, count: int, places: int = 2) -> list[Decimal]:
    """``total`` in ``count`` parts: each rounded down to ``places``, the last takes the
    remainder."""
    if count < 1:
        raise ValueError("a plan has at least one instalment")
    unit = Decimal(1).scaleb(-places)
    part = (total / count).quantize(unit, rounding=ROUND_DOWN)
    return [part] * (count - 1) + [total - part * (count - 1)]


def schedule(total: Decimal, count: int, start: date, places: int = 2) -> list[Scheduled]:
    return [Scheduled(number, add_months(start, number), amount)
            for number, amount in enumerate(split(total, count, places), start=1)]


@dataclass(frozen=True)
class Standing:
    number: int
    due_date: date
    amount: Decimal
    cumulative: Decimal  # instalments 1..number
    state: InstalmentState
    covered_on: date | None  # the value date of the payment that covered it


@dataclass(frozen=True)
class Progress:
    paid: Decimal  # payments counted so far
    due: Decimal  # instalments due so far (due date on or before the as-of day)
    instalments: list[Standing]

    @property
    def missed(self) -> list[Standing]:
        return [i for i in self.instalments if i.state == InstalmentState.MISSED]

    @property
    def behind(self) -> Decimal:
        """How much the payments lag behind the instalments due (zero when on track)."""
        return max(self.due - self.paid, ZERO)


def standing(instalments: Iterable[Scheduled], payments: Iterable[tuple[date, Decimal]], *,
             start: date, as_of: date) -> Progress:
    """How each instalment stands on ``as_of``, from ``payments`` (value date, amount)."""
    counted = sorted((day, amount) for day, amount in payments if start <= day <= as_of)
    # the running total after each payment, to find the day a cumulative sum was reached
    running, reached = ZERO, []
    for day, amount in counted:
        running += amount
        reached.append((running, day))
    paid = running
    result, cumulative, due = [], ZERO, ZERO
    for item in sorted(instalments, key=lambda i: i.number):
        cumulative += item.amount
        if item.due_date <= as_of:
            due += item.amount
        covered_on = next((day for total, day in reached if total >= cumulative), None)
        if covered_on is not None and covered_on <= item.due_date:
            state = InstalmentState.PAID
        elif covered_on is not None:
            state = InstalmentState.PAID_LATE
        elif item.due_date < as_of:
            state = InstalmentState.MISSED
        else:
            state = InstalmentState.UPCOMING
        result.append(Standing(item.number, item.due_date, item.amount, cumulative, state,
                               covered_on))
    return Progress(paid=paid, due=due, instalments=result)
