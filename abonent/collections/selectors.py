"""Reads of collections: the debtors with their aging, the debt over the last months, one
account's open debt by period and service, and the standing of payment plans.

``debtors`` reads a whole organization in one SQL statement (window functions, on SQLite and
PostgreSQL alike): the dues of ``payments.dues`` (an account's net per service and period it is
for), the account's credit applied to them oldest first, each open remainder put in the bucket
of its period's due date, summed per account. Only the accounts with something overdue come
back. The rules are in ``aging``; a test holds this statement to them.

Only accounts whose ledger balance is positive are read further (the first step, one pass
grouped by account along the ledger's account index): an account that owes nothing in total is
no debtor, even if one service of it shows a due that a credit on another service offsets.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.db.models import QuerySet

from abonent.billing import sql
from abonent.billing.choices import EntryKind
from abonent.billing.models import BillingPeriod, LedgerEntry
from abonent.billing.posting import due_date
from abonent.billing.settings import billing_settings
from abonent.collections import aging, plans
from abonent.collections.choices import Bucket, PlanStatus
from abonent.collections.models import CollectionCase, Debtor, PaymentPlan
from abonent.core.choices import Action
from abonent.core.tenancy import Access
from abonent.payments.choices import PaymentStatus
from abonent.payments.dues import open_dues
from abonent.payments.models import Payment
from abonent.tariffs.models import Service

ZERO = Decimal("0.00")
BUCKET_COLUMNS = {Bucket.CURRENT: "current", Bucket.DAYS_30: "d30", Bucket.DAYS_60: "d60",
                  Bucket.DAYS_90: "d90", Bucket.OVER_90: "over90"}


@dataclass
class DebtorRow:
    account_id: int
    number: str
    current: Decimal
    d30: Decimal
    d60: Decimal
    d90: Decimal
    over90: Decimal
    stage: str = ""
    case_id: int | None = None

    @property
    def overdue(self) -> Decimal:
        return self.d30 + self.d60 + self.d90 + self.over90

    @property
    def outstanding(self) -> Decimal:
        return self.current + self.overdue

    def amount_in(self, bucket: str) -> Decimal:
        return getattr(self, BUCKET_COLUMNS[Bucket(bucket)])


def period_due_dates(organization) -> dict[int, date]:
    """Each billing period of the organization and its due date."""
    day = billing_settings(organization).due_day
    return {period.pk: due_date(period, day)
            for period in BillingPeriod.objects.filter(organization=organization)}


def debtor_accounts(access: Access, building=None) -> QuerySet:
    """The accounts collections may read for ``access`` (the payment rights and branches)."""
    accounts = Debtor.objects.restrict(access)
    if building is not None:
        accounts = accounts.filter(unit__building=building)
    return accounts


def _accounts_filter(access: Access, building, column: str) -> tuple[str, list]:
    """SQL keeping ledger rows of the accounts in reach: nothing to add for a user who reaches
    the whole organization (the ledger's organization column says it), a subquery of
    ``debtor_accounts`` for a branch-scoped user or one building."""
    if not access.branch_ids and building is None:
        return "", []
    accounts_sql, params = debtor_accounts(access, building).values(
        "pk").query.sql_with_params()
    return f" AND {column} IN ({accounts_sql})", list(params)


def _bucket_case(due_dates: dict[int, date], as_of: date) -> tuple[str, list]:
    """SQL giving each period id its bucket's position in ``aging.BUCKETS``."""
    if not due_dates:
        return "0", []
    whens, params = [], []
    for period_id, due in due_dates.items():
        position = aging.BUCKETS.index(aging.bucket(aging.days_overdue(due, as_of)))
        whens.append("WHEN %s THEN %s")
        params += [period_id, position]
    return f"CASE service_period_id {' '.join(whens)} ELSE 0 END", params


def debtors(access: Access, *, as_of: date, building=None) -> list[DebtorRow]:
    """Every account with an overdue debt on ``as_of``, its open debt by bucket."""
    if not access.can("payment", Action.VIEW):
        return []
    accounts_sql, accounts_params = _accounts_filter(access, building, "e.account_id")
    bucket_sql, bucket_params = _bucket_case(period_due_dates(access.organization), as_of)
    entries, periods = sql.table(LedgerEntry), sql.table(BillingPeriod)
    account_table = sql.table(Debtor)
    sums = ", ".join(f"ROUND(SUM(CASE WHEN bucket = {position} THEN open_amount ELSE 0 END), 2)"
                     for position in range(len(aging.BUCKETS)))
    statement = f"""
        WITH owing AS (
            SELECT e.account_id AS account_id FROM {entries} e
            WHERE e.organization_id = %s{accounts_sql}
            GROUP BY e.account_id HAVING ROUND(SUM(e.amount), 2) > 0
        ), groups AS (
            SELECT e.account_id AS account_id, e.service_id AS service_id,
                   e.service_period_id AS service_period_id, p.start AS start,
                   MAX(CASE WHEN e.kind = %s THEN 1 ELSE 0 END) AS penalty,
                   ROUND(SUM(e.amount), 2) AS amount
            FROM {entries} e JOIN {periods} p ON p.id = e.service_period_id
            WHERE e.account_id IN (SELECT account_id FROM owing)
            GROUP BY e.account_id, e.service_id, e.service_period_id, p.start
        ), credits AS (
            SELECT account_id, -SUM(amount) AS credit
            FROM groups WHERE service_id IS NULL GROUP BY account_id
        ), dues AS (
            SELECT g.account_id AS account_id, g.service_period_id AS service_period_id,
                   g.amount AS amount,
                   ROUND(SUM(g.amount) OVER (PARTITION BY g.account_id
                         ORDER BY g.start, g.penalty, g.service_id
                         ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW)
                         - COALESCE(c.credit, 0), 2) AS reach
            FROM groups g LEFT JOIN credits c ON c.account_id = g.account_id AND c.credit > 0
            WHERE g.service_id IS NOT NULL AND g.amount > 0
        ), opened AS (
            SELECT account_id, {bucket_sql} AS bucket,
                   CASE WHEN reach <= 0 THEN 0 WHEN reach >= amount THEN amount
                        ELSE reach END AS open_amount
            FROM dues
        )
        SELECT o.account_id, a.number, {sums}
        FROM opened o JOIN {account_table} a ON a.id = o.account_id
        GROUP BY o.account_id, a.number
        HAVING ROUND(SUM(CASE WHEN o.bucket > 0 THEN o.open_amount ELSE 0 END), 2) > 0
        """  # noqa: S608 - names come from the models, values are parameters
    money = sql.field(LedgerEntry, "amount")
    rows = sql.select(statement, [access.organization_id, *accounts_params, EntryKind.PENALTY,
                                  *bucket_params],
                      [None, None, *([money] * len(aging.BUCKETS))])
    cases = dict(((account_id, (stage, pk)) for account_id, stage, pk in
                  CollectionCase.objects.restrict(access).filter(
                      closed_on__isnull=True).values_list("account_id", "stage", "pk")))
    result = []
    for account_id, number, *amounts in rows:
        stage, case_id = cases.get(account_id, ("", None))
        result.append(DebtorRow(account_id, number, *(Decimal(a).quantize(ZERO)
                                                         for a in amounts),
                                stage=stage, case_id=case_id))
    return result


def bucket_totals(rows: list[DebtorRow]) -> dict[str, Decimal]:
    totals = {name: ZERO for name in (*BUCKET_COLUMNS.values(), "overdue", "outstanding")}
    for row in rows:
        for name in totals:
            totals[name] += getattr(row, name)
    return totals


def debt_history(access: Access, *, months: int = 12, building=None) -> list[tuple[date, Decimal]]:
    """What the accounts owed at the end of each of the last ``months`` billing periods: the sum
    of the positive balances of entries posted up to that period (one pass over the ledger,
    each entry's period read as its rank among the organization's periods)."""
    if not access.can("payment", Action.VIEW):
        return []
    ranked = list(BillingPeriod.objects.filter(organization=access.organization).order_by(
        "start").values_list("pk", "start"))
    if not ranked:
        return []
    shown = range(max(len(ranked) - months, 0), len(ranked))
    accounts_sql, accounts_params = _accounts_filter(access, building, "e.account_id")
    ranks = ", ".join(f"({int(pk)}, {rank})" for rank, (pk, _start) in enumerate(ranked))
    balances = ", ".join(f"SUM(CASE WHEN m.r <= {rank} THEN e.amount ELSE 0 END) AS b{rank}"
                         for rank in shown)
    positives = ", ".join(f"ROUND(SUM(CASE WHEN b{rank} > 0.004 THEN b{rank} ELSE 0 END), 2)"
                          for rank in shown)
    statement = f"""
        WITH m (id, r) AS (VALUES {ranks})
        SELECT {positives} FROM (
            SELECT e.account_id, {balances}
            FROM {sql.table(LedgerEntry)} e JOIN m ON m.id = e.period_id
            WHERE e.organization_id = %s{accounts_sql}
            GROUP BY e.account_id) balances
        """  # noqa: S608 - names come from the models, numbers are ours, values are parameters
    money = sql.field(LedgerEntry, "amount")
    row = sql.select(statement, [access.organization_id, *accounts_params],
                     [money] * len(shown))[0]
    return [(ranked[rank][1], Decimal(value or 0).quantize(ZERO))
            for rank, value in zip(shown, row, strict=True)]


@dataclass
class OpenLine:
    """One open due of an account: a service and the period it is for."""

    service: Service
    period: BillingPeriod
    due_date: date
    amount: Decimal
    days_overdue: int
    is_penalty: bool

    @property
    def bucket(self) -> Bucket:
        return aging.bucket(self.days_overdue)


@dataclass
class AccountDebt:
    account: object
    as_of: date
    lines: list[OpenLine] = field(default_factory=list)
    credit: Decimal = ZERO

    @property
    def total(self) -> Decimal:
        return sum((line.amount for line in self.lines), ZERO)

    @property
    def overdue(self) -> Decimal:
        return sum((line.amount for line in self.lines if line.days_overdue > 0), ZERO)

    def by_bucket(self) -> dict[Bucket, Decimal]:
        totals = {b: ZERO for b in aging.BUCKETS}
        for line in self.lines:
            totals[line.bucket] += line.amount
        return totals


def account_debts(accounts: list, *, as_of: date) -> dict[int, AccountDebt]:
    """Each account's open dues (after its credit, oldest first) with their due dates and
    ages: a fixed number of queries for any number of accounts."""
    if not accounts:
        return {}
    organization = accounts[0].organization
    due_dates = period_due_dates(organization)
    found = open_dues([account.pk for account in accounts])
    services = {s.pk: s for s in Service.objects.filter(pk__in={
        due.service_id for dues in found.values() for due in dues.dues})}
    periods = {p.pk: p for p in BillingPeriod.objects.filter(organization=organization)}
    result = {}
    for account in accounts:
        dues = found[account.pk]
        debt = AccountDebt(account, as_of, credit=dues.credit)
        for due, amount in aging.apply_credit(dues.dues, dues.credit):
            day = due_dates[due.service_period_id]
            debt.lines.append(OpenLine(services[due.service_id], periods[due.service_period_id],
                                       day, amount, aging.days_overdue(day, as_of),
                                       due.is_penalty))
        result[account.pk] = debt
    return result


def posted_payments(account_ids, since: date) -> dict[int, list[tuple[date, Decimal]]]:
    """The accounts' posted (not reversed) payments valued on or after ``since``."""
    found: dict[int, list[tuple[date, Decimal]]] = defaultdict(list)
    for account_id, day, amount in Payment.objects.filter(
            account_id__in=account_ids, status=PaymentStatus.POSTED,
            value_date__gte=since).values_list("account_id", "value_date", "amount"):
        found[account_id].append((day, amount))
    return found


def plan_standing(plan: PaymentPlan, *, as_of: date) -> plans.Progress:
    """How the plan's instalments stand on ``as_of`` (from the account's payments)."""
    return plans_standing([plan], as_of=as_of)[plan.pk]


def plans_standing(plan_list: list[PaymentPlan], *, as_of: date) -> dict[int, plans.Progress]:
    """The standing of many plans in two queries (instalments, payments)."""
    if not plan_list:
        return {}
    instalments: dict[int, list[plans.Scheduled]] = defaultdict(list)
    from abonent.collections.models import Instalment

    for plan_id, number, day, amount in Instalment.objects.filter(
            plan__in=plan_list).values_list("plan_id", "number", "due_date", "amount"):
        instalments[plan_id].append(plans.Scheduled(number, day, amount))
    payments = posted_payments({plan.account_id for plan in plan_list},
                               min(plan.start for plan in plan_list))
    return {plan.pk: plans.standing(instalments[plan.pk], payments.get(plan.account_id, []),
                                    start=plan.start, as_of=as_of)
            for plan in plan_list}


@dataclass
class MissedRow:
    plan: PaymentPlan
    instalment: plans.Standing
    paid: Decimal
    behind: Decimal


def missed_instalments(access: Access, *, as_of: date) -> list[MissedRow]:
    """The missed instalments of the active plans in the user's reach, oldest due first."""
    active = list(PaymentPlan.objects.restrict(access).filter(
        status=PlanStatus.ACTIVE).select_related("account", "account__holder",
                                                 "account__unit__building"))
    standing = plans_standing(active, as_of=as_of)
    rows = [MissedRow(plan, item, standing[plan.pk].paid, standing[plan.pk].behind)
            for plan in active for item in standing[plan.pk].missed]
    return sorted(rows, key=lambda row: (row.instalment.due_date, row.plan.pk))


SORTS = ("number", "current", "d30", "d60", "d90", "over90", "overdue", "outstanding")


def debtor_list(access: Access, *, as_of: date, building=None, min_amount: Decimal | None = None,
                bucket: str = "", stage: str = "", sort: str = "-overdue") -> list[DebtorRow]:
    """``debtors`` filtered (overdue at least ``min_amount``, something in ``bucket``, at
    ``stage`` or ``"none"`` for accounts without an open case) and sorted by ``sort`` (a name
    of ``SORTS``, ``-`` first for descending; ties by account number)."""
    rows = debtors(access, as_of=as_of, building=building)
    if min_amount is not None:
        rows = [row for row in rows if row.overdue >= min_amount]
    if bucket:
        rows = [row for row in rows if row.amount_in(bucket) > 0]
    if stage == "none":
        rows = [row for row in rows if row.case_id is None]
    elif stage:
        rows = [row for row in rows if row.stage == stage]
    name = sort.lstrip("-")
    if name not in SORTS:
        name, sort = "overdue", "-overdue"
    rows.sort(key=lambda row: row.number)
    rows.sort(key=lambda row: getattr(row, name), reverse=sort.startswith("-"))
    return rows
