"""Which debt each payment paid, and when each debt was paid off.

A payment with ``allocations`` pays the debts it names (other keys, such as penalties, are
not debts here and are skipped); a payment without pays the debts oldest due date first,
including debts not yet due (an advance). Paying more than a debt's outstanding amount by
allocation is an error; what is left after every debt is paid is a credit, not looked at.
"""

from __future__ import annotations

from collections.abc import Hashable, Sequence
from datetime import date, timedelta
from decimal import Decimal
from operator import attrgetter

from .values import ZERO, Debt, Payment

BY_VALUE_DATE = attrgetter("value_date")
BY_DUE_DATE = attrgetter("due_date")

Paid = dict[Hashable, list[tuple[date, Decimal]]]


def never_late(debts: Sequence[Debt], payments: Sequence[Payment], in_time: timedelta,
               horizon: date) -> bool:
    """True when every debt due by ``horizon`` was paid off, oldest first, with value dates
    before ``due_date + in_time``: the common case, checked with running sums only.

    Debt i (oldest first) is paid off on the first value date on which the payments add up to
    the debts up to and including it. With allocations that order does not hold: False, and
    the caller takes the long way.
    """
    if any(payment.allocations is not None for payment in payments):
        return False
    ordered = sorted(payments, key=BY_VALUE_DATE)
    count = len(ordered)
    paid = owed = ZERO
    index = 0
    for debt in sorted(debts, key=BY_DUE_DATE):
        if debt.due_date > horizon:
            return True
        owed += debt.amount
        deadline = debt.due_date + in_time
        while index < count and ordered[index].value_date < deadline:
            paid += ordered[index].amount
            index += 1
        if paid < owed:
            return False
    return True


def paid_by_debt(debts: Sequence[Debt], payments: Sequence[Payment], as_of: date
                 ) -> tuple[Paid, dict[Hashable, date]]:
    """Per debt, the (value date, amount) paid against it up to ``as_of``, and the value date
    on which it was paid off, if it was."""
    remaining = {debt.key: debt.amount for debt in debts}
    if len(remaining) != len(debts):
        raise ValueError("two debts have the same key")
    paid: Paid = {}
    settled: dict[Hashable, date] = {}
    oldest_first = sorted(debts, key=BY_DUE_DATE)
    cursor, count = 0, len(oldest_first)
    for payment in sorted(payments, key=BY_VALUE_DATE):
        value_date = payment.value_date
        if value_date > as_of:
            break
        if payment.allocations is not None:
            _allocated(payment, remaining, paid, settled)
            continue
        left = payment.amount
        while left and cursor < count:
            key = oldest_first[cursor].key
            owed = remaining[key]
            if owed <= left:
                if owed:
                    left -= owed
                    remaining[key] = ZERO
                    settled[key] = value_date
                    paid.setdefault(key, []).append((value_date, owed))
                cursor += 1
            else:
                remaining[key] = owed - left
                paid.setdefault(key, []).append((value_date, left))
                left = ZERO
    return paid, settled


def _allocated(payment: Payment, remaining: dict[Hashable, Decimal], paid: Paid,
               settled: dict[Hashable, date]) -> None:
    for key, part in (payment.allocations or {}).items():
        if key not in remaining or not part:
            continue
        if part > remaining[key]:
            raise ValueError(f"the payment of {payment.value_date} pays {part} against {key!r}, "
                             f"which has only {remaining[key]} outstanding")
        remaining[key] -= part
        paid.setdefault(key, []).append((payment.value_date, part))
        if not remaining[key]:
            settled[key] = payment.value_date
