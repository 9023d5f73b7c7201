"""The turnover sheet: opening balance, the period range's movements in the columns of an
account statement (``ledger.COLUMN``: charged, benefits, adjustments, paid, penalties), and the
closing balance, by account, by building or for the whole organization.

Balances follow the ledger's rule: an entry belongs to the period it is posted in. The
opening is everything posted before the first period, the closing everything posted up to the
last one; the closing is summed on its own, so ``opening + movements = closing`` on every row
is a check that every entry falls in exactly one column, not an identity by construction.
"""

from __future__ import annotations

from django.db.models import Count, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from abonent.billing.models import BillingPeriod, LedgerEntry
from abonent.core.tables import Column
from abonent.core.tenancy import Access
from abonent.reports.base import (
    Report,
    Row,
    building_keys,
    building_label,
    cents,
    column_kinds,
    money_sum,
    of_kind,
)

#: the movement columns, named as ``ledger.ServiceLine`` names them (``ledger.COLUMN``'s values)
MOVEMENTS = ("charged", "benefits", "adjustments", "paid", "penalties")
LABELS = {
    "opening": _("opening balance"),
    "charged": _("charged"),
    "benefits": _("benefits"),
    "adjustments": _("adjustments"),
    "paid": _("paid"),
    "penalties": _("penalties"),
    "closing": _("closing balance"),
}
LEVELS = {"account": _("by account"), "building": _("by building"),
          "organization": _("organization")}
BUILDING = "account__unit__building__"
ACCOUNT_KEYS = ["account__number", "account_id", "account__unit__number",
                *building_keys(BUILDING)]


def _figures(first: BillingPeriod) -> dict:
    moved = Q(period__start__gte=first.start)
    return {
        "opening": money_sum(Q(period__start__lt=first.start)),
        **{name: money_sum(moved & of_kind(column_kinds(name))) for name in MOVEMENTS},
        "closing": money_sum(),
    }


def _finish_accounts(rows: list[dict]) -> list[Row]:
    return [Row(cents(row), label=row["account__number"],
                url=reverse("accounts:account_detail", args=[row["account_id"]]),
                building=building_label(row, BUILDING), unit=row["account__unit__number"])
            for row in rows]


def _finish_buildings(rows: list[dict]) -> list[Row]:
    return [Row(cents(row), label=building_label(row, BUILDING),
                url=reverse("property:building_detail", args=[row[BUILDING + "id"]]))
            for row in rows]


def turnover(*, access: Access, first: BillingPeriod, last: BillingPeriod,
             level: str = "account", building=None) -> Report:
    """The turnover sheet of the periods ``first``..``last`` (by the period posted in)."""
    entries = LedgerEntry.objects.restrict(access).filter(period__start__lte=last.start)
    if building is not None:
        entries = entries.filter(account__unit__building=building)
    figures = _figures(first)
    figure_columns = [Column(name, label=LABELS[name], sortable=False) for name in figures]
    if level == "organization":
        row = Row(cents(entries.aggregate(**figures)), label=str(access.organization),
                  url=None)
        return Report(columns=[Column("label", label=_("organization"), sortable=False),
                               *figure_columns], rows=[row])
    # a row for each account (building) with a balance or a movement in the range
    active = Q(moves__gt=0) | ~Q(opening=0)
    moves = Count("pk", filter=Q(period__start__gte=first.start))
    totals = Row(cents(entries.aggregate(**figures)), label=_("Total"), url=None, building="",
                 unit="")
    if level == "building":
        keys = building_keys(BUILDING)
        rows = entries.values(*keys).annotate(**figures, moves=moves).filter(active)
        return Report(columns=[Column("label", label=_("building"), sortable=False),
                               *figure_columns],
                      rows=rows.order_by(BUILDING + "code", BUILDING + "id"), totals=totals,
                      finish=_finish_buildings)
    rows = entries.values(*ACCOUNT_KEYS).annotate(**figures, moves=moves).filter(active)
    return Report(columns=[Column("label", label=_("account"), sortable=False),
                           Column("building", label=_("building"), sortable=False),
                           Column("unit", label=_("unit"), sortable=False), *figure_columns],
                  rows=rows.order_by("account__number", "account_id"), totals=totals,
                  finish=_finish_accounts)
