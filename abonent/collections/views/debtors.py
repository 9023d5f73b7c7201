"""The debtor list (aging buckets, totals, charts, export) and one account's collection page."""

from __future__ import annotations

from decimal import Decimal

from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from abonent.billing.tables import MoneyColumn
from abonent.collections import aging, selectors
from abonent.collections.choices import Stage
from abonent.collections.forms import DebtorFilterForm
from abonent.collections.models import CollectionCase, Debtor, PaymentPlan, StageEvent
from abonent.collections.views.base import AREA, CollectionsView, today
from abonent.core.choices import Action
from abonent.core.tables import Column
from abonent.reports.base import Report, Row
from abonent.reports.chart import bar_chart
from abonent.reports.export import export_report

FIGURES = [("current", aging.Bucket.CURRENT.label), ("d30", aging.Bucket.DAYS_30.label),
           ("d60", aging.Bucket.DAYS_60.label), ("d90", aging.Bucket.DAYS_90.label),
           ("over90", aging.Bucket.OVER_90.label), ("overdue", gettext_lazy("overdue")),
           ("outstanding", gettext_lazy("outstanding"))]
COLUMNS = [
    Column("number", label=gettext_lazy("account")),
    Column("holder", label=gettext_lazy("holder"), sortable=False),
    Column("address", label=gettext_lazy("address"), sortable=False),
    *(MoneyColumn(name, label=label) for name, label in FIGURES),
    Column("stage", label=gettext_lazy("stage"), sortable=False),
]


def finish(rows: list[selectors.DebtorRow]) -> list[Row]:
    """Display rows: the accounts' holder and address read for the batch in one query."""
    accounts = Debtor.objects.filter(pk__in=[row.account_id for row in rows]).select_related(
        "holder", "unit__building").in_bulk()
    done = []
    for row in rows:
        account = accounts[row.account_id]
        done.append(Row(
            account_id=row.account_id, number=row.number, holder=str(account.holder),
            address=str(account.unit), stage=Stage(row.stage).label if row.stage else "",
            case_id=row.case_id, overdue=row.overdue, outstanding=row.outstanding,
            **{name: getattr(row, name) for name in ("current", "d30", "d60", "d90", "over90")},
            url=reverse("collections:account", args=[row.account_id])))
    return done


def bucket_chart(totals: dict):
    buckets = [(str(label), totals[name]) for name, label in FIGURES[:5]]
    return bar_chart(
        chart_id="aging-chart", title=_("Debt by how long it is overdue"),
        description=" ".join(f"{label}: {value}." for label, value in buckets),
        categories=[label for label, _value in buckets],
        series=[(_("debt"), [value for _label, value in buckets])])


class DebtHistoryChart(CollectionsView):
    """The chart of the total debt at the end of each of the last 12 periods (loaded by the
    debtor page after the list: it reads the whole ledger)."""

    def get(self, request):
        form = DebtorFilterForm(request.GET, access=self.access)
        building = form.cleaned_data.get("building") if form.is_valid() else None
        history = selectors.debt_history(self.access, building=building)
        if not history:
            return HttpResponse("")
        months = [f"{start:%Y-%m}" for start, _total in history]
        return HttpResponse(bar_chart(
            chart_id="debt-history-chart", title=_("Total debt at the end of each period"),
            description=" ".join(f"{month}: {total}." for month, (_s, total) in
                                 zip(months, history, strict=True)),
            categories=months, series=[(_("debt"), [total for _s, total in history])]))


class DebtorList(CollectionsView):
    per_page = 50

    def get(self, request):
        form = DebtorFilterForm(request.GET, access=self.access)
        valid = form.is_valid()
        params = form.params() if valid else {"as_of": today()}
        sort = request.GET.get("sort", "-overdue")
        rows = selectors.debtor_list(self.access, **params, sort=sort) if valid else []
        export = request.GET.get("export")
        if export in ("csv", "xlsx"):
            self.access.require(AREA, Action.EXPORT)
            totals = selectors.bucket_totals(rows)
            report = Report(columns=COLUMNS, rows=rows, finish=finish, totals=Row(
                number=_("Total"), holder="", address="", stage="", **totals))
            return export_report(export, "debtors", report)
        totals = selectors.bucket_totals(rows)
        page = Paginator(rows, self.per_page).get_page(request.GET.get("page"))
        query = request.GET.copy()
        for name in ("page", "export"):
            query.pop(name, None)
        sort_query = query.copy()
        sort_query.pop("sort", None)
        headers = [{"column": column, "number": isinstance(column, MoneyColumn),
                    "sort": None if not column.sortable else
                    (column.name if sort == f"-{column.name}" else f"-{column.name}"),
                    "sorted": sort.lstrip("-") == column.name, "descending":
                    sort.startswith("-")} for column in COLUMNS]
        context = {
            "form": form, "rows": finish(list(page.object_list)), "page": page,
            "count": len(rows), "as_of": params["as_of"], "headers": headers,
            "totals": [(label, totals[name]) for name, label in FIGURES],
            "querystring": query.urlencode(), "sort_querystring": sort_query.urlencode(),
            "can_export": self.access.can(AREA, Action.EXPORT),
            "can_add": self.access.can(AREA, Action.ADD),
            "bucket_chart": bucket_chart(totals),
        }
        return render(request, "collections/debtors.html", context,
                      status=200 if valid else 400)


class AccountCollection(CollectionsView):
    """An account's open debt by period and service with its age, its collection cases with
    every step, its payment plans and how they stand: the account's collection history."""

    def get(self, request, account_id: int):
        account = Debtor.objects.restrict(self.access).select_related(
            "holder", "unit__building").filter(pk=account_id).first()
        if account is None:
            raise Http404
        as_of = today()
        debt = selectors.account_debts([account], as_of=as_of)[account.pk]
        cases = list(CollectionCase.objects.restrict(self.access).filter(
            account=account).select_related("responsible"))
        events = StageEvent.objects.restrict(self.access).filter(
            case__in=cases).select_related("responsible").order_by("date", "pk")
        for case in cases:
            case.steps = [event for event in events if event.case_id == case.pk]
        plan_list = list(PaymentPlan.objects.restrict(self.access).filter(account=account))
        standing = selectors.plans_standing(plan_list, as_of=as_of)
        for plan in plan_list:
            plan.progress = standing[plan.pk]
        open_case = next((case for case in cases if case.closed_on is None), None)
        context = {
            "account": account, "debt": debt, "as_of": as_of,
            "buckets": [(bucket.label, amount) for bucket, amount in debt.by_bucket().items()],
            "cases": cases, "open_case": open_case, "plans": plan_list,
            "currency": self.access.organization.currency,
            "can_add": self.access.can(AREA, Action.ADD),
            "can_change": self.access.can(AREA, Action.CHANGE),
            "zero": Decimal("0.00"),
        }
        return render(request, "collections/account.html", context)
