"""Late-payment penalties in the billing run.

For each account of a chunk: the penalty accrued up to the period's end on the debts of its
earlier periods (``abonent.payments.penalties``: day by day on what was still owed, payments
reducing it from their value dates), minus what was charged for penalties before, becomes one
line of the organization's penalty service. A run billed again posts only the difference, so
the months' penalty lines add up exactly to the penalty over the whole time. A debt is all of a
period's charges (every service but the penalty service: no penalty on a penalty), due on the
period's due day; what payments paid of it comes from their allocations (the credit of an
overpayment pays the oldest debts).

Three queries per chunk (debts, payments, penalties charged before), all by account.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from abonent.billing import sql
from abonent.billing.choices import EntryKind
from abonent.billing.models import BillingPeriod, LedgerEntry
from abonent.billing.posting import due_date
from abonent.billing.rating import Amount, Explanation, Service, make_line
from abonent.billing.rating.lines import ChargeLine
from abonent.core.money import quantum
from abonent.payments import penalties
from abonent.payments.choices import PaymentStatus
from abonent.payments.models import Allocation, Payment, PenaltySettings
from abonent.payments.penalty_rules import penalty_rule

ZERO = Decimal("0.00")


@dataclass(frozen=True)
class PenaltyContext:
    rule: penalties.PenaltyRule
    service_id: int
    service: Service | None  # the rating's view of the penalty service (for the run's line)
    due_day: int
    currency: str


def penalty_context(organization, due_day: int, services: dict | None = None
                    ) -> PenaltyContext | None:
    """The organization's penalty rule and service, or None when it charges no penalties.

    Reads only: a run takes its inputs' timestamp first, and a settings row made here would be
    a change after it."""
    settings = PenaltySettings.objects.of_org(organization).first()
    rule = penalty_rule(settings) if settings is not None else None
    if rule is None:
        return None
    spec = services[settings.service_id].spec if services else None
    return PenaltyContext(rule, settings.service_id, spec, due_day, organization.currency)


# entries that are charges (not payments, not reversals of payments)
_NOT_PAYMENT = (f"e.kind <> '{EntryKind.PAYMENT}' AND "
                f"(r.kind IS NULL OR r.kind <> '{EntryKind.PAYMENT}')")


def _debts(ctx: PenaltyContext, before: date, account_ids: list[int]
           ) -> dict[int, list[penalties.Debt]]:
    """The charges of the periods starting before ``before``, one debt per period."""
    entries, periods = sql.table(LedgerEntry), sql.table(BillingPeriod)
    where, params = sql.in_ids("e.account_id", account_ids)
    rows = sql.select(f"""
        SELECT e.account_id, e.service_period_id, p.start, p."end", SUM(e.amount)
        FROM {entries} e JOIN {periods} p ON p.id = e.service_period_id
        LEFT JOIN {entries} r ON r.id = e.reverses_id
        WHERE {where} AND p.start < %s AND e.service_id IS NOT NULL AND e.service_id <> %s
          AND {_NOT_PAYMENT}
        GROUP BY e.account_id, e.service_period_id, p.start, p."end"
        """, [*params, before, ctx.service_id],
        [None, None, sql.field(BillingPeriod, "start"), sql.field(BillingPeriod, "end"),
         sql.field(LedgerEntry, "amount")])
    debts: dict[int, list[penalties.Debt]] = defaultdict(list)
    for account_id, period_id, start, end, amount in rows:
        if amount > 0:
            owed = BillingPeriod(start=start, end=end)
            debts[account_id].append(penalties.Debt(period_id, amount,
                                                    due_date(owed, ctx.due_day)))
    return debts


def _payments(ctx: PenaltyContext, until: date, account_ids: list[int]
              ) -> dict[int, list[penalties.Payment]]:
    """The posted payments with a value date up to ``until``, with their parts by period."""
    entries = sql.table(LedgerEntry)
    where, params = sql.in_ids("e.account_id", account_ids)
    rows = sql.select(f"""
        SELECT e.account_id, y.id, y.value_date, e.service_period_id, e.service_id IS NULL,
               SUM(e.amount)
        FROM {entries} e JOIN {sql.table(Allocation)} a ON a.entry_id = e.id
        JOIN {sql.table(Payment)} y ON y.id = a.payment_id
        WHERE {where} AND y.status = %s AND y.value_date <= %s
          AND (e.service_id IS NULL OR e.service_id <> %s)
        GROUP BY e.account_id, y.id, y.value_date, e.service_period_id, e.service_id IS NULL
        """, [*params, PaymentStatus.POSTED, until, ctx.service_id],
        [None, None, sql.field(Payment, "value_date"), None, None,
         sql.field(LedgerEntry, "amount")])
    parts: dict[tuple[int, int], dict] = {}
    credits: dict[int, list[penalties.Payment]] = defaultdict(list)
    for account_id, payment_id, value_date, period_id, is_credit, amount in rows:
        if is_credit:  # an overpayment's credit pays the oldest debts
            credits[account_id].append(penalties.Payment(value_date, -amount))
            continue
        paid = parts.setdefault((account_id, payment_id), {"day": value_date, "parts": {}})
        paid["parts"][period_id] = paid["parts"].get(period_id, ZERO) - amount
    payments: dict[int, list[penalties.Payment]] = defaultdict(list)
    for (account_id, _payment_id), paid in parts.items():
        payments[account_id].append(penalties.Payment(
            paid["day"], sum(paid["parts"].values(), ZERO), paid["parts"]))
    for account_id, items in credits.items():
        payments[account_id].extend(items)
    return payments


def _charged(ctx: PenaltyContext, before: date, account_ids: list[int]
             ) -> dict[int, Decimal]:
    """The penalties charged for the periods starting before ``before``."""
    entries, periods = sql.table(LedgerEntry), sql.table(BillingPeriod)
    where, params = sql.in_ids("e.account_id", account_ids)
    return dict(sql.select(f"""
        SELECT e.account_id, SUM(e.amount)
        FROM {entries} e JOIN {periods} p ON p.id = e.service_period_id
        LEFT JOIN {entries} r ON r.id = e.reverses_id
        WHERE {where} AND e.service_id = %s AND p.start < %s AND {_NOT_PAYMENT}
        GROUP BY e.account_id
        """, [*params, ctx.service_id, before], [None, sql.field(LedgerEntry, "amount")]))


def accrue(ctx: PenaltyContext, period: BillingPeriod, account_ids: list[int]
           ) -> dict[int, ChargeLine]:
    """The penalty line of each account of the chunk that has one this period."""
    debts = _debts(ctx, period.start, account_ids)
    if not debts:
        return {}
    owing = sorted(debts)
    payments = _payments(ctx, period.end, owing)
    charged = _charged(ctx, period.start, owing)
    step = quantum(ctx.currency)
    lines = {}
    for account_id in owing:
        before = charged.get(account_id, ZERO)
        result = penalties.compute_penalties(ctx.rule, debts[account_id],
                                             payments.get(account_id, ()), as_of=period.end,
                                             quantum=step, currency=ctx.currency)
        amount = result.total - before
        if not amount or (ctx.rule.minimum is not None and ZERO < amount < ctx.rule.minimum):
            continue
        formula = Explanation("penalty.period", {
            "as_of": period.end, "accrued": Amount(result.total, ctx.currency),
            "charged": Amount(before, ctx.currency)})
        assert ctx.service is not None  # a run's context names the service
        lines[account_id] = make_line(ctx.service, quantity=Decimal(1), rates=(),
                                      exact_amount=amount, formula=formula)
    return lines


def breakdown(account, *, as_of: date) -> penalties.PenaltyResult | None:
    """An account's penalties up to ``as_of``, debt by debt and step by step (the printable
    breakdown), or None when the organization charges no penalties."""
    from abonent.billing.settings import billing_settings

    organization = account.organization
    ctx = penalty_context(organization, billing_settings(organization).due_day)
    if ctx is None:
        return None
    debts = _debts(ctx, as_of + timedelta(days=1), [account.pk])
    payments = _payments(ctx, as_of, [account.pk])
    return penalties.compute_penalties(ctx.rule, debts.get(account.pk, []),
                                       payments.get(account.pk, ()), as_of=as_of,
                                       quantum=quantum(ctx.currency), currency=ctx.currency)
