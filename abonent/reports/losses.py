"""Common-meter losses: what a building's common meter measured against what its accounts were
billed individually for the measured service, the difference and its share.

* measured: the common meter's consumption (``MeterUsage`` without an account) as the latest
  issued run of the period took it (a period billed again stores the usage again);
* billed individually: the quantities of the measured service's (``Service.base_service``)
  charge lines of issued runs that are posted and not reversed (so a re-billed account counts
  once, with its latest lines), summed over the building's accounts;
* difference = measured − billed; loss % = difference / measured × 100.
"""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal

from django.db.models import Exists, OuterRef, Sum
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from abonent.billing.choices import EntryKind, RunStatus
from abonent.billing.models import BillingPeriod, Charge, LedgerEntry, MeterUsage
from abonent.core.tables import Column
from abonent.core.tenancy import Access
from abonent.reports.base import Report, Row, building_keys, building_label

QUANTITY = Decimal("0.001")
PERCENT = Decimal("0.01")
BUILDING = "meter__building__"
LABELS = {
    "label": _("building"),
    "period": _("period"),
    "service": _("service"),
    "measured": _("common meter"),
    "billed": _("billed individually"),
    "difference": _("difference"),
    "loss_percent": _("loss, %"),
}


def common_usages(access: Access, first: BillingPeriod, last: BillingPeriod, *, building=None,
                  service=None):
    """Common meters' usages of the periods, each as the latest issued run stored it."""
    later = MeterUsage.objects.filter(meter_id=OuterRef("meter_id"),
                                      period_id=OuterRef("period_id"),
                                      run__status=RunStatus.ISSUED, run_id__gt=OuterRef("run_id"))
    usages = MeterUsage.objects.restrict(access).filter(
        account__isnull=True, run__status=RunStatus.ISSUED, period__start__gte=first.start,
        period__start__lte=last.start).exclude(Exists(later))
    if building is not None:
        usages = usages.filter(meter__building=building)
    if service is not None:
        usages = usages.filter(meter__service=service)
    return usages


def billed_lines(access: Access, usages):
    """Posted, unreversed charge lines of the services measured by ``usages``' meters, in
    their buildings and periods."""
    posted = LedgerEntry.objects.filter(charge_id=OuterRef("pk"), reversals__isnull=True)
    measured = usages.filter(meter__building_id=OuterRef("account__unit__building_id"),
                             period_id=OuterRef("period_id"),
                             meter__service__base_service_id=OuterRef("service_id"))
    return Charge.objects.restrict(access).filter(
        Exists(posted), Exists(measured), kind=EntryKind.CHARGE, run__status=RunStatus.ISSUED)


def _percent(difference: Decimal, measured: Decimal) -> Decimal | None:
    if not measured:
        return None
    return (difference * 100 / measured).quantize(PERCENT)


def _row(values: dict, measured: Decimal, billed: Decimal, **extra) -> Row:
    measured, billed = measured.quantize(QUANTITY), billed.quantize(QUANTITY)
    difference = measured - billed
    return Row(values, measured=measured, billed=billed, difference=difference,
               loss_percent=_percent(difference, measured), **extra)


KEYS = [*building_keys(BUILDING), "period__start", "period_id", "meter__service__code",
        "meter__service_id", "meter__service__base_service_id"]


def _finisher(access: Access, usages):
    def finish(rows: list[dict]) -> list[Row]:
        billed: dict[tuple, Decimal] = defaultdict(Decimal)
        lines = billed_lines(access, usages).filter(
            account__unit__building_id__in={row[BUILDING + "id"] for row in rows},
            period_id__in={row["period_id"] for row in rows})
        for building_id, period_id, service_id, quantity in lines.values(
                "account__unit__building_id", "period_id", "service_id").annotate(
                quantity=Sum("quantity")).values_list(
                "account__unit__building_id", "period_id", "service_id", "quantity"):
            billed[(building_id, period_id, service_id)] += quantity
        return [_row(row, row["measured"], billed[(
            row[BUILDING + "id"], row["period_id"], row["meter__service__base_service_id"])],
            label=building_label(row, BUILDING),
            url=reverse("property:building_detail", args=[row[BUILDING + "id"]]),
            period=f"{row['period__start']:%Y-%m}", service=row["meter__service__code"])
            for row in rows]
    return finish


def by_period(access: Access, usages) -> list[Row]:
    """The measured and billed totals of each period (the chart's series)."""
    measured = dict(usages.values("period__start").annotate(
        total=Sum("consumption")).values_list("period__start", "total"))
    billed = dict(billed_lines(access, usages).values("period__start").annotate(
        total=Sum("quantity")).values_list("period__start", "total"))
    return [_row({}, measured[start], billed.get(start) or Decimal(0),
                 period=f"{start:%Y-%m}") for start in sorted(measured)]


def common_meter_losses(*, access: Access, first: BillingPeriod, last: BillingPeriod,
                        building=None, service=None) -> Report:
    """Per building, period and common-meter service: measured, billed, difference, loss %."""
    usages = common_usages(access, first, last, building=building, service=service)
    rows = usages.values(*KEYS).annotate(measured=Sum("consumption")).order_by(
        BUILDING + "code", BUILDING + "id", "period__start", "meter__service__code")
    periods = by_period(access, usages)
    measured = sum((row.measured for row in periods), Decimal(0))
    billed = sum((row.billed for row in periods), Decimal(0))
    totals = _row({}, measured, billed, label=_("Total"), url=None, period="", service="")
    columns = [Column(name, label=label, sortable=False) for name, label in LABELS.items()]
    # the unit of each common-meter service shown (the chart draws one service at a time)
    units = [unit for _service, unit in usages.order_by().values_list(
        "meter__service_id", "meter__service__base_service__unit").distinct()]
    return Report(columns=columns, rows=rows, totals=totals, finish=_finisher(access, usages),
                  extra={"periods": periods, "units": units})
