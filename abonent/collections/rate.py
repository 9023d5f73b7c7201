"""The collection rate: what was billed for each period and how much of it has been paid, by
building and period.

* billed: the charges, benefits and recalculations of the period (the period the entries are
  *for*, ``service_period``), a reversal counting under the kind it reverses, so a period billed
  again counts once;
* paid: the payment entries for that period (the parts of payments that paid its dues, less
  their reversals), whenever they were posted;
* rate = paid / billed × 100, to one decimal (none when nothing was billed).
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from abonent.billing.choices import EntryKind
from abonent.billing.models import BillingPeriod, LedgerEntry
from abonent.core.tables import Column
from abonent.core.tenancy import Access
from abonent.reports.base import (
    Report,
    Row,
    building_keys,
    building_label,
    cents,
    money_sum,
    of_kind,
)

BILLED = (EntryKind.CHARGE, EntryKind.BENEFIT, EntryKind.RECALCULATION)
BUILDING = "account__unit__building__"
PERCENT = Decimal("0.1")
LABELS = {"label": _("building"), "period": _("period"), "billed": _("billed"),
          "paid": _("paid"), "unpaid": _("unpaid"), "rate": _("collected, %")}


def percent(paid: Decimal, billed: Decimal) -> Decimal | None:
    if billed <= 0:
        return None
    return (paid * 100 / billed).quantize(PERCENT, rounding=ROUND_HALF_UP)


def _figures() -> dict:
    return {"billed": money_sum(of_kind(BILLED)), "paid_entries": money_sum(
        of_kind([EntryKind.PAYMENT]))}


def _row(values: dict, **extra) -> Row:
    values = cents(values)
    billed, paid = values.pop("billed"), -values.pop("paid_entries")
    return Row(values, billed=billed, paid=paid, unpaid=billed - paid,
               rate=percent(paid, billed), **extra)


def _finish(rows: list[dict]) -> list[Row]:
    return [_row(row, label=building_label(row, BUILDING),
                 period=f"{row['service_period__start']:%Y-%m}",
                 url=reverse("property:building_detail", args=[row[BUILDING + "id"]]))
            for row in rows]


def collection_rate(*, access: Access, first: BillingPeriod, last: BillingPeriod,
                    building=None) -> Report:
    """By building and period (``first``..``last``, the periods billed for), with the totals
    and, in ``extra["periods"]``, the organization's (or the building's) figures per period."""
    entries = LedgerEntry.objects.restrict(access).filter(
        of_kind([*BILLED, EntryKind.PAYMENT]), service_period__start__gte=first.start,
        service_period__start__lte=last.start)
    if building is not None:
        entries = entries.filter(account__unit__building=building)
    keys = [*building_keys(BUILDING), "service_period__start"]
    rows = entries.values(*keys).annotate(**_figures()).filter(~Q(billed=0) | ~Q(
        paid_entries=0)).order_by(BUILDING + "code", BUILDING + "id", "service_period__start")
    totals = _row(entries.aggregate(**_figures()), label=_("Total"), period="", url=None)
    periods = [_row(row, period=f"{row['service_period__start']:%Y-%m}") for row in
               entries.values("service_period__start").annotate(**_figures()).order_by(
                   "service_period__start")]
    columns = [Column(name, label=label, sortable=False) for name, label in LABELS.items()]
    return Report(columns=columns, rows=rows, totals=totals, finish=_finish,
                  extra={"periods": periods})
