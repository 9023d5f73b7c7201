"""Reading meters and readings: previous readings, the grid's rows, monthly consumption."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.db.models import OuterRef, Q, QuerySet, Subquery, Sum
from django.db.models.functions import TruncMonth
from django.utils import timezone

from abonent.core.choices import Action
from abonent.core.tenancy import Access
from abonent.metering import rules
from abonent.metering.choices import ReadingStatus
from abonent.metering.models import Meter, Reading


def local_today(organization) -> dt.date:
    """Today in the organization's time zone: a reading dated after it is in the future."""
    return timezone.now().astimezone(ZoneInfo(organization.time_zone)).date()


def live_readings(meter: Meter, exclude_pk: int | None = None) -> QuerySet[Reading]:
    """The meter's readings that count: accepted and held ones (rejected ones are history)."""
    qs = Reading.objects.filter(meter=meter).exclude(status=ReadingStatus.REJECTED)
    return qs.exclude(pk=exclude_pk) if exclude_pk else qs


def latest_accepted(meter: Meter, *, before: dt.date | None = None,
                    exclude_pk: int | None = None) -> Reading | None:
    qs = live_readings(meter, exclude_pk).filter(status=ReadingStatus.ACCEPTED)
    if before is not None:
        qs = qs.filter(date__lt=before)
    return qs.order_by("-date").first()


def next_accepted(meter: Meter, *, after: dt.date, exclude_pk: int | None = None
                  ) -> Reading | None:
    return live_readings(meter, exclude_pk).filter(
        status=ReadingStatus.ACCEPTED, date__gt=after).order_by("date").first()


def accepted_history(meter: Meter, *, since: dt.date, before: dt.date,
                     exclude_pk: int | None = None) -> list[rules.PastReading]:
    """Accepted readings dated ``since`` <= date < ``before``, oldest first."""
    rows = live_readings(meter, exclude_pk).filter(
        status=ReadingStatus.ACCEPTED, date__gte=since, date__lt=before).order_by("date")
    return [rules.PastReading(d, v, r) for d, v, r in rows.values_list("date", "value",
                                                                        "rollover")]


def working_on(qs: QuerySet[Meter], day: dt.date) -> QuerySet[Meter]:
    """Meters installed on or before ``day`` and not removed before it."""
    return qs.filter(installed_on__lte=day).filter(
        Q(removed_on__isnull=True) | Q(removed_on__gte=day))


def held_readings(access: Access) -> QuerySet[Reading]:
    return (Reading.objects.restrict(access, Action.VIEW)
            .filter(status=ReadingStatus.HELD)
            .select_related("meter__service", "meter__account", "meter__building",
                            "author")
            .order_by("date", "pk"))


# -- the readings grid ------------------------------------------------------------------------

@dataclass
class GridRow:
    meter: Meter
    previous_value: Decimal | None
    previous_date: dt.date | None
    #: the meter's reading on the grid's date, if one is already entered
    entered: Reading | None = None
    #: what the operator typed (kept when it is refused) and the problem with it
    typed: str = ""
    error: str = ""

    @property
    def unit(self):
        return self.meter.account.unit if self.meter.account_id else None


def _natural(text: str) -> tuple:
    """'10' after '9', '12a' after '12': unit numbers sort as people read them."""
    return tuple((0, int(part), "") if part.isdigit() else (1, 0, part.lower())
                 for part in re.split(r"(\d+)", text or "") if part)


def grid_rows(access: Access, *, building, day: dt.date, service=None) -> list[GridRow]:
    """The building's working meters on ``day``, the common ones first, then by entrance,
    floor and unit number, each with its previous accepted reading and any reading already
    entered on ``day``. Three queries, whatever the number of meters."""
    previous = Reading.objects.filter(meter=OuterRef("pk"), status=ReadingStatus.ACCEPTED,
                                      date__lt=day).order_by("-date")
    meters = working_on(Meter.objects.restrict(access, Action.VIEW), day).filter(
        building=building)
    if service is not None:
        meters = meters.filter(service=service)
    meters = meters.select_related("service", "account__unit").annotate(
        previous_value=Subquery(previous.values("value")[:1]),
        previous_date=Subquery(previous.values("date")[:1]))
    rows = [GridRow(m, m.previous_value, m.previous_date) for m in meters]
    entered = Reading.objects.filter(meter__in=[r.meter for r in rows], date=day).exclude(
        status=ReadingStatus.REJECTED)
    by_meter = {r.meter_id: r for r in entered}
    for row in rows:
        row.entered = by_meter.get(row.meter.pk)

    def order(row: GridRow) -> tuple:
        unit = row.unit
        if unit is None:
            return (0, 0, 0, (), row.meter.service.code, row.meter.serial)
        return (1, unit.entrance or 0, unit.floor or 0, _natural(unit.number),
                row.meter.service.code, row.meter.serial)
    return sorted(rows, key=order)


# -- the meter's page -------------------------------------------------------------------------

@dataclass(frozen=True)
class MonthUsage:
    month: dt.date  # its first day
    consumption: Decimal


def monthly_consumption(meter: Meter, *, months: int = 12,
                        today: dt.date | None = None) -> list[MonthUsage]:
    """Accepted consumption by the month of the reading, for the last ``months`` months
    (the current one included), months without readings as zero."""
    today = today or local_today(meter.organization)
    first = rules.add_months(today.replace(day=1), -(months - 1))
    totals = dict(Reading.objects.filter(meter=meter, status=ReadingStatus.ACCEPTED,
                                         date__gte=first, consumption__isnull=False)
                  .annotate(month=TruncMonth("date")).order_by("month")
                  .values("month").annotate(total=Sum("consumption"))
                  .values_list("month", "total"))
    totals = {(m.date() if isinstance(m, dt.datetime) else m): t for m, t in totals.items()}
    return [MonthUsage(month, totals.get(month) or Decimal(0))
            for month in (rules.add_months(first, i) for i in range(months))]


def meter_services(access: Access | None) -> QuerySet:
    """The services a meter may measure, for someone who works with meters: the organization's
    metered and tiered services. Services are reference data here, so the *tariff* right is
    not needed to name them (a technician installs meters without seeing tariffs)."""
    from abonent.tariffs.choices import ChargeMethod
    from abonent.tariffs.models import Service

    if access is None or not access.can("metering", Action.VIEW):
        return Service.objects.none()
    return Service.objects.of_org(access.organization).filter(
        method__in=[ChargeMethod.METERED, ChargeMethod.TIERED])
