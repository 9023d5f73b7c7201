"""The billing summary: what was charged, given as benefits, recalculated and adjusted, and the
net, by service, by building or by period.

Only the billing kinds count here (payments and penalties are in the turnover sheet). A
reversal counts under the kind of the entry it reverses, so a period billed again shows the
new figures, not the old and the new added up.
"""

from __future__ import annotations

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

#: the summary's columns and the entry kind each one sums
KINDS = {
    "charged": EntryKind.CHARGE,
    "benefits": EntryKind.BENEFIT,
    "recalculations": EntryKind.RECALCULATION,
    "adjustments": EntryKind.ADJUSTMENT,
}
LABELS = {
    "charged": _("charged"),
    "benefits": _("benefits"),
    "recalculations": _("recalculations"),
    "adjustments": _("adjustments"),
    "net": _("net"),
}
GROUP_LABELS = {"service": _("service"), "building": _("building"), "period": _("period")}
#: which period an entry belongs to: where it is posted, or the period it is for
DATED = {"period": _("posted in"), "service_period": _("billed for")}
BUILDING = "account__unit__building__"


def _keys(group: str, dated: str) -> list[str]:
    if group == "service":
        return ["service__position", "service__code", "service_id", "service__name"]
    if group == "building":
        return building_keys(BUILDING)
    return [f"{dated}__start", dated]


def _finisher(group: str, dated: str):
    def finish(rows: list[dict]) -> list[Row]:
        done = []
        for row in rows:
            if group == "service":
                label = f"{row['service__code']} · {row['service__name']}" \
                    if row["service_id"] else "—"
                url = None
            elif group == "building":
                label = building_label(row, BUILDING)
                url = reverse("property:building_detail", args=[row[BUILDING + "id"]])
            else:
                label, url = f"{row[dated + '__start']:%Y-%m}", None
            done.append(Row(cents(row), label=label, url=url))
        return done
    return finish


def billing_summary(*, access: Access, first: BillingPeriod, last: BillingPeriod,
                    group: str = "service", dated: str = "period", building=None,
                    service=None) -> Report:
    """The summary of ``first``..``last`` (by the period posted in, or billed for)."""
    entries = LedgerEntry.objects.restrict(access).filter(
        of_kind(KINDS.values()), **{f"{dated}__start__gte": first.start,
                                    f"{dated}__start__lte": last.start})
    if building is not None:
        entries = entries.filter(account__unit__building=building)
    if service is not None:
        entries = entries.filter(service=service)
    figures = {name: money_sum(of_kind([kind])) for name, kind in KINDS.items()}
    figures["net"] = money_sum()
    keys = _keys(group, dated)
    rows = entries.values(*keys).annotate(**figures).order_by(*keys)
    totals = Row(cents(entries.aggregate(**figures)), label=_("Total"), url=None)
    columns = [Column("label", label=GROUP_LABELS[group], sortable=False),
               *(Column(name, label=LABELS[name], sortable=False) for name in [*KINDS, "net"])]
    return Report(columns=columns, rows=rows, totals=totals, finish=_finisher(group, dated))
