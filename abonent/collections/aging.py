"""Aging: how long each open due is overdue, and what is still open after the account's credit.

Pure functions over plain values (no ORM, no I/O); ``selectors.debtors`` does the same in SQL for
a whole organization, and a test holds the two to the same figures.

* A due (an account's net for one service and the period it is for, ``payments.dues``) is
  **due** on its period's due date (``billing.posting.due_date(period, due_day)``: the
  organization's due day of the month after the period).
* **Days overdue** on an "as of" day = as of − due date. Zero or less: not yet due; 1–30: the
  "0–30" bucket; 31–60; 61–90; more than 90.
* The account's **credit** (money it holds unallocated) pays the oldest dues first, as a payment
  would by default: a due is outstanding only for what the credit does not cover.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from decimal import Decimal
from typing import Protocol

from abonent.collections.choices import Bucket

ZERO = Decimal("0.00")
#: the buckets' upper limits in days overdue (the last one has none)
LIMITS = ((0, Bucket.CURRENT), (30, Bucket.DAYS_30), (60, Bucket.DAYS_60),
          (90, Bucket.DAYS_90))
BUCKETS = list(Bucket)
OVERDUE = [b for b in Bucket if b != Bucket.CURRENT]


def days_overdue(due: date, as_of: date) -> int:
    return (as_of - due).days


def bucket(days: int) -> Bucket:
    """The bucket of a due ``days`` overdue (zero or less: not yet due)."""
    for limit, name in LIMITS:
        if days <= limit:
            return name
    return Bucket.OVER_90


class Due(Protocol):
    amount: Decimal


def apply_credit(dues: Iterable[Due], credit: Decimal) -> list[tuple[Due, Decimal]]:
    """Each due (given oldest first) with what stays open of it after ``credit`` paid the
    oldest ones; fully covered dues are left out."""
    left = max(credit, ZERO)
    result = []
    for due in dues:
        covered = min(left, due.amount)
        left -= covered
        if due.amount - covered > 0:
            result.append((due, due.amount - covered))
    return result
