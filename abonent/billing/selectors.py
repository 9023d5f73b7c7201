"""Reading billing data for the pages and the API: a bill's lines, a statement's explanations,
an account's months. Nothing here writes; callers pass rows they obtained through
``restrict`` (a run, a bill, an account), and what is read hangs from those rows."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import DecimalField, ExpressionWrapper, F, Q, Sum, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from abonent.billing import explain, ledger
from abonent.billing.choices import EntryKind, PeriodStatus
from abonent.billing.models import AccountBill, BillingPeriod, Charge, LedgerEntry, MeterUsage

ZERO = Decimal("0.00")
CHARGE_KINDS = (EntryKind.CHARGE, EntryKind.BENEFIT, EntryKind.RECALCULATION)


def month_start(day: dt.date) -> dt.date:
    return day.replace(day=1)


def add_months(month: dt.date, months: int) -> dt.date:
    index = month.year * 12 + month.month - 1 + months
    return dt.date(index // 12, index % 12 + 1, 1)


def period_of(organization, month: dt.date) -> BillingPeriod:
    """The organization's period of ``month``, or an unsaved one when it was never billed
    (a statement over months without billing still has a start)."""
    start = month_start(month)
    period = BillingPeriod.objects.of_org(organization).filter(start=start).first()
    if period is None:
        period = BillingPeriod(organization=organization, start=start,
                               end=add_months(start, 1) - dt.timedelta(days=1))
    return period


def current_month(organization) -> dt.date:
    """The latest open period's month, else the latest period's, else this month."""
    periods = BillingPeriod.objects.of_org(organization).order_by("-start")
    latest = periods.filter(status=PeriodStatus.OPEN).first() or periods.first()
    return latest.start if latest else month_start(timezone.localdate())


def with_difference(bills):
    """Bills annotated with ``difference``: the total minus the previous period's (a bill
    without a previous period counts from zero)."""
    return bills.annotate(difference=ExpressionWrapper(
        F("total") - Coalesce(F("previous_total"), Value(ZERO)),
        output_field=DecimalField(max_digits=14, decimal_places=2)))


def bill_charges(bill: AccountBill, language: str) -> list[Charge]:
    """The bill's lines in its run, each with ``explanation_text`` in ``language``."""
    charges = list(Charge.objects.filter(run_id=bill.run_id, account_id=bill.account_id)
                   .select_related("service").order_by("service__position", "service__code",
                                                       "kind", "pk"))
    for charge in charges:
        charge.explanation_text = explain.render_json(charge.explanation, language) or charge.text
    return charges


def bill_usages(bill: AccountBill) -> list[MeterUsage]:
    """The meters the run read for the bill: the account's own and its building's common ones."""
    building_id = bill.account.unit.building_id
    return list(MeterUsage.objects.filter(run_id=bill.run_id).filter(
        Q(account_id=bill.account_id) | Q(account__isnull=True, meter__building_id=building_id))
        .select_related("meter__service").order_by("account_id", "meter__service__code", "pk"))


def entry_explanations(entries: list[LedgerEntry], language: str) -> None:
    """Give each entry ``explanation_text``: its charge line's explanation (for a reversal,
    that of the entry it reverses) in ``language``, else the text stored with the entry."""
    reversed_charges = dict(LedgerEntry.objects.filter(
        pk__in={entry.reverses_id for entry in entries if entry.reverses_id}).values_list(
        "pk", "charge_id"))
    charge_of = {entry.pk: entry.charge_id or reversed_charges.get(entry.reverses_id)
                 for entry in entries}
    data = dict(Charge.objects.filter(pk__in=set(charge_of.values()) - {None}).values_list(
        "pk", "explanation"))
    for entry in entries:
        stored = data.get(charge_of[entry.pk])
        entry.explanation_text = (explain.render_json(stored, language) if stored else
                                  "") or entry.text


def statement_total(statement: ledger.Statement) -> ledger.ServiceLine:
    """A statement's services added up (``service`` None)."""
    total = ledger.ServiceLine(None)
    for line in statement.services:
        for name in ("opening", "charged", "benefits", "adjustments", "paid", "penalties"):
            setattr(total, name, getattr(total, name) + getattr(line, name))
    return total


def cents(total) -> Decimal:
    """A sum of ledger amounts to the cent (SQLite adds decimals as floating point)."""
    return (total or ZERO).quantize(ZERO)


@dataclass
class Month:
    start: dt.date
    charged: Decimal  # charges, benefits and recalculations posted in the month
    paid: Decimal  # payments (negative)
    other: Decimal  # adjustments, penalties, reversals
    balance: Decimal  # at the end of the month


def monthly_history(account, last: dt.date, months: int = 12) -> list[Month]:
    """The account's last ``months`` months up to ``last``: what was charged and paid in each,
    and the balance at each month's end (two queries)."""
    first = add_months(month_start(last), 1 - months)
    entries = LedgerEntry.objects.filter(account=account)
    before = cents(entries.filter(period__start__lt=first).aggregate(
        total=Sum("amount"))["total"])
    sums: dict[dt.date, dict[str, Decimal]] = defaultdict(lambda: defaultdict(Decimal))
    rows = entries.filter(period__start__gte=first, period__start__lte=month_start(last)).values(
        "period__start", "kind").annotate(total=Sum("amount")).values_list(
        "period__start", "kind", "total")
    for start, kind, total in rows:
        column = "charged" if kind in CHARGE_KINDS else "paid" if kind == EntryKind.PAYMENT \
            else "other"
        sums[start][column] += cents(total)
    balance = before
    history = []
    for index in range(months):
        start = add_months(first, index)
        month = sums.get(start, {})
        charged, paid, other = (month.get(name, ZERO) for name in ("charged", "paid", "other"))
        balance += charged + paid + other
        history.append(Month(start, charged, paid, other, balance))
    return history
