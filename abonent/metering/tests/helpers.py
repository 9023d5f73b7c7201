"""Set-up shared by the metering tests: a meter with accepted readings, built through the
service, so that every stored consumption is the one the rules give."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from abonent.metering.services import reading_record
from abonent.testing.factories import MeterFactory

D = Decimal


def day(text: str) -> dt.date:
    return dt.date.fromisoformat(text)


def meter(organization=None, **fields):
    """A 5-digit water meter installed on 2026-01-01 at 0.000 (override anything)."""
    if organization is not None:
        fields["account__unit__building__organization"] = organization
    fields.setdefault("installed_on", day("2026-01-01"))
    fields.setdefault("service__unit", "m³")
    return MeterFactory(**fields)


def read(m, date: str, value: str, **kwargs):
    return reading_record(access=None, meter=m, date=day(date), value=D(value), **kwargs)


def steady(m):
    """Three accepted readings, one unit a day: 100 on 1 June, 130 on 1 July, 161 on 1 Aug."""
    return [read(m, "2026-06-01", "100"), read(m, "2026-07-01", "130"),
            read(m, "2026-08-01", "161")]
