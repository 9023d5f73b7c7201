"""Computing a chunk of a run: load, rate, distribute common meters, compare, write.

A chunk is computed in one transaction: its previous results (if the chunk is computed again,
after a crash or a new preview) are replaced as a whole, so no account is ever half billed.
An account whose lines equal what is already posted for the period is left out (nothing is
written for it): re-running an issued period writes nothing.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from decimal import Decimal
from typing import Any

from django.db import connection, transaction
from django.utils import timezone

from abonent.billing import explain, rating, sql
from abonent.billing.choices import ChunkStatus, EntryKind, Flag, RunScope
from abonent.billing.loaders import Chunk, Context, load_chunk
from abonent.billing.models import (
    AccountBill,
    BillingPeriod,
    BillingRun,
    Charge,
    LedgerEntry,
    MeterUsage,
    RunChunk,
)
from abonent.billing.rating import common
from abonent.billing.rating.account import (
    AccountResult,
    Line,
    Method,
    rate_accounts,
    residents_on,
)
from abonent.billing.rating.usage import Usage, meter_usage
from abonent.billing.writers import insert_rows
from abonent.core.collector import paused_gc
from abonent.core.money import round_money
from abonent.payments.accrual import accrue
from abonent.property.models import Building

CHARGE_COLUMNS = ["organization_id", "run_id", "account_id", "service_id", "period_id", "kind",
                  "quantity", "amount", "tax_amount", "explanation", "text", "created_at",
                  "updated_at"]
USAGE_COLUMNS = ["organization_id", "run_id", "meter_id", "account_id", "period_id", "basis",
                 "start_value", "end_value", "consumption", "estimated_periods", "created_at",
                 "updated_at"]
BILL_COLUMNS = ["organization_id", "run_id", "account_id", "total", "previous_total", "flags",
                "fingerprint", "changed", "created_at", "updated_at"]
QUANTITY_PLACES = Decimal("0.000001")


def _q(value: Decimal) -> Decimal:
    return value.quantize(QUANTITY_PLACES)


def distribute_common(ctx: Context, chunk: Chunk,
                      results: dict[int, AccountResult]) -> list[tuple[int | None, Usage]]:
    """Add each building's common-meter lines to its accounts' results; the common meters'
    usages are returned for storing."""
    usages: list[tuple[int | None, Usage]] = []
    by_building: dict[int, list[int]] = defaultdict(list)
    for account_id, building_id in chunk.account_buildings.items():
        by_building[building_id].append(account_id)
    inputs = {account.account_id: account for account in chunk.accounts}
    buildings = {building.pk: building for building in
                 Building.objects.filter(pk__in=by_building).only("pk", "common_area")}
    for building_id, account_ids in by_building.items():
        common_plans: dict[str, list[tuple[int, Any]]] = defaultdict(list)
        for account_id in account_ids:
            for plan in inputs[account_id].plans:
                if plan.method is Method.COMMON and any(
                        days.intersect(ctx.range) for days in plan.subscribed):
                    common_plans[plan.service.code].append((account_id, plan))
        for code, members in common_plans.items():
            info = next(i for i in ctx.services.values() if i.spec.code == code)
            base = ctx.services[info.model.base_service_id]
            service = info.spec
            try:
                value = rating.select_version(members[0][1].versions, ctx.range.end).value
            except rating.NoTariffError:
                for account_id, _plan in members:
                    results[account_id].flags.add(Flag.NO_TARIFF)
                continue
            rate = value.rate or Decimal(0)
            meters = [state for service_id, state in chunk.common_meters.get(building_id, ())
                      if service_id == info.model.pk]
            individual = sum((results[account_id].consumption.get(base.spec.code, Decimal(0))
                              for account_id in account_ids), Decimal(0))
            if meters:
                measured = Decimal(0)
                for state in meters:
                    usage = meter_usage(state, ctx.range, policy=ctx.policy, norm=None)
                    usages.append((None, usage))
                    measured += usage.consumption
                source = common.source_measured(service, measured, individual)
                difference = measured - individual
            else:
                area = buildings[building_id].common_area or Decimal(0)
                source = common.source_norm(service, area, value.norm or Decimal(0))
                difference = area * (value.norm or Decimal(0))
            weights = []
            for account_id, _plan in members:
                account = inputs[account_id]
                weight = (account.area if info.model.distribution == "area"
                          else Decimal(residents_on(account, ctx.range.end)))
                weights.append(common.Member(account_id, weight))
            shared = common.distribute(
                service, weights, difference=difference, rate=rate,
                basis=common.Basis(info.model.distribution), source=source,
                cap=info.model.cap_per_unit, negative=common.NegativeRule(info.model.negative_rule))
            for account_id, line in shared.lines:
                result = results[account_id]
                result.lines.append(Line(rating.LineKind.CHARGE, line))
                if line.amount > 0:
                    grant = rating.benefit_line(service, line, inputs[account_id].grants,
                                                area=inputs[account_id].area, rule=ctx.rule)
                    if grant is not None and grant.amount != 0:
                        result.lines.append(Line(rating.LineKind.BENEFIT, grant))
    return usages


def _fingerprint(lines: list[tuple[int, str, Decimal]]) -> str:
    text = ";".join(f"{service}:{kind}:{amount}" for service, kind, amount in sorted(lines))
    return hashlib.sha1(text.encode(), usedforsecurity=False).hexdigest()


def posted_lines(period: BillingPeriod, account_ids: list[int]) -> dict[int, list[tuple]]:
    """What is posted for ``period`` by runs, net of reversals: (service, kind, amount) per
    account, for comparing a new computation with it."""
    posted: dict[int, dict[tuple[int, str], Decimal]] = defaultdict(lambda: defaultdict(Decimal))
    where, params = sql.in_ids("e.account_id", account_ids)
    rows = sql.select(
        f"SELECT e.account_id, e.service_id, COALESCE(r.kind, e.kind), SUM(e.amount) "
        f"FROM {sql.table(LedgerEntry)} e LEFT JOIN {sql.table(LedgerEntry)} r "
        f"ON r.id = e.reverses_id WHERE {where} AND e.service_period_id = %s "
        f"AND e.run_id IS NOT NULL GROUP BY e.account_id, e.service_id, COALESCE(r.kind, e.kind)",
        [*params, period.pk], [None, None, None, sql.field(LedgerEntry, "amount")])
    for account_id, service_id, kind, amount in rows:
        posted[account_id][(service_id, kind)] += amount
    return {account_id: [(service, kind, amount)
                         for (service, kind), amount in lines.items() if amount != 0]
            for account_id, lines in posted.items()}


def previous_totals(period: BillingPeriod, account_ids: list[int]) -> dict[int, Decimal]:
    previous = BillingPeriod.objects.filter(organization_id=period.organization_id,
                                            start__lt=period.start).order_by("-start").first()
    if previous is None:
        return {}
    where, params = sql.in_ids("account_id", account_ids)
    kinds = [EntryKind.CHARGE, EntryKind.BENEFIT, EntryKind.RECALCULATION, EntryKind.PENALTY,
             EntryKind.REVERSAL]
    return dict(sql.select(
        f"SELECT account_id, SUM(amount) FROM {sql.table(LedgerEntry)} WHERE {where} "
        f"AND service_period_id = %s AND kind IN ({', '.join(['%s'] * len(kinds))}) "
        f"GROUP BY account_id", [*params, previous.pk, *kinds],
        [None, sql.field(LedgerEntry, "amount")]))


def _keyed(codes: dict[str, int], result: AccountResult) -> list[tuple[int, str, Decimal]]:
    """(service id, kind, total) of each of the account's lines; ``codes``: service id by code."""
    return [(codes[item.line.service_code], str(item.kind), item.line.total)
            for item in result.lines]


def _aggregate(keyed: list[tuple[int, str, Decimal]]) -> list[tuple[int, str, Decimal]]:
    """The account's totals per service and kind (``_keyed`` lines), those not zero."""
    totals: dict[tuple[int, str], Decimal] = defaultdict(Decimal)
    for service, kind, total in keyed:
        totals[(service, kind)] += total
    return [(service, kind, amount) for (service, kind), amount in totals.items() if amount]


def compute_chunk(run: BillingRun, chunk: RunChunk, ctx: Context, settings) -> dict[str, int]:
    """Rate the chunk's accounts and store what differs from what is posted. Returns counts.

    Reading and rating happen before the chunk's write transaction, so that on SQLite (one
    writer at a time) processes computing other chunks wait only for each other's writes."""
    with paused_gc():  # ~430k objects per chunk and no cycles: collecting them is waste
        data = load_chunk(ctx, chunk.account_ids)
        results = {result.account_id: result for result in rate_accounts(
            data.accounts, ctx.range, policy=ctx.policy, rule=ctx.rule)}
        common_usages = distribute_common(ctx, data, results)
        if ctx.penalty is not None:
            for account_id, line in accrue(ctx.penalty, ctx.period,
                                           chunk.account_ids).items():
                if account_id in results:
                    results[account_id].lines.append(Line(EntryKind.PENALTY, line))
        targets = set(chunk.account_ids) if run.scope != RunScope.ACCOUNTS else \
            set(run.accounts.values_list("pk", flat=True)) & set(chunk.account_ids)
        counts, charges, usages, bills = _rows(run, ctx, results, common_usages, targets,
                                               settings)
    common_meter_ids = [state.meter_id for states in data.common_meters.values()
                        for _service, state in states]
    with transaction.atomic():
        # A pending chunk has stored nothing (a run computed again starts from no rows); only
        # a chunk computed before (a worker's retry) has rows to replace.
        status = RunChunk.objects.select_for_update().values_list("status", flat=True).get(
            pk=chunk.pk)
        if status != ChunkStatus.PENDING:
            _delete(Charge, run, "account_id", chunk.account_ids)
            _delete(MeterUsage, run, "account_id", chunk.account_ids)
            _delete(MeterUsage, run, "meter_id", common_meter_ids)
            _delete(AccountBill, run, "account_id", chunk.account_ids)
        insert_rows(Charge, CHARGE_COLUMNS, charges)
        insert_rows(MeterUsage, USAGE_COLUMNS, usages)
        insert_rows(AccountBill, BILL_COLUMNS, bills)
        chunk.status = ChunkStatus.COMPUTED
        chunk.save(update_fields=["status", "updated_at"])
    return counts


def _delete(model, run: BillingRun, column: str, ids: list[int]) -> None:
    """Delete the run's rows of ``model`` for ``ids`` (a chunk computed again)."""
    if not ids:
        return
    where, params = sql.in_ids(column, ids)
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {sql.table(model)} WHERE run_id = %s AND {where}",
                       [run.pk, *params])


def _rows(run: BillingRun, ctx: Context, results: dict[int, AccountResult],
          common_usages: list, targets: set[int], settings) -> tuple[dict[str, int], list, list,
                                                                    list]:
    """The rows to store: charge lines, meter usages and bills of the accounts whose lines
    differ from what is posted."""
    ids = sorted(targets)
    posted = posted_lines(ctx.period, ids)
    previous = previous_totals(ctx.period, ids)
    codes = {info.spec.code: pk for pk, info in ctx.services.items()}
    now = timezone.now()
    org, period_id = ctx.organization.pk, ctx.period.pk
    charges, usages, bills = [], [], []
    counts = {"accounts": 0, "unchanged": 0, "lines": 0}
    # Accounts of a building share some lines (the rating core gives them the same objects):
    # their explanation is encoded once. By id: the results keep every explanation meanwhile.
    encoded: dict[int, dict] = {}
    run_id = run.pk
    for account_id in ids:
        result = results[account_id]
        keyed = _keyed(codes, result)
        lines = _aggregate(keyed)
        previous_total = previous.get(account_id)
        if account_id in posted and sorted(posted[account_id]) == sorted(lines):
            counts["unchanged"] += 1
            continue
        counts["accounts"] += 1
        flags = set(result.flags)
        total = round_money(result.total, ctx.organization.currency)
        if previous_total and abs(total - previous_total) * 100 > \
                abs(previous_total) * settings.big_change_percent:
            flags.add(Flag.BIG_CHANGE)
        if total < 0:
            flags.add(Flag.NEGATIVE)
        for item, (service_id, kind, line_total) in zip(result.lines, keyed, strict=True):
            line = item.line
            explanation = encoded.get(id(line.explanation))
            if explanation is None:
                explanation = encoded[id(line.explanation)] = explain.to_json(line.explanation)
            charges.append((org, run_id, account_id, service_id, period_id, kind,
                            line.quantity.quantize(QUANTITY_PLACES), line_total,
                            line.tax_amount, explanation, "", now, now))
        for _code, usage in result.usages:
            usages.append(_usage_row(org, run_id, account_id, period_id, usage, now))
        bills.append((org, run_id, account_id, total, previous_total, sorted(flags),
                      _fingerprint(lines), True, now, now))
    if bills:  # a building's common meters are stored when any of its bills changed
        for _none, usage in common_usages:
            usages.append(_usage_row(org, run_id, None, period_id, usage, now))
    counts["lines"] = len(charges)
    return counts, charges, usages, bills


def _usage_row(org: int, run_id: int, account_id: int | None, period_id: int, usage: Usage,
               now) -> tuple:
    return (org, run_id, usage.meter_id, account_id, period_id, str(usage.basis),
            _q(usage.start_value), _q(usage.end_value), _q(usage.consumption),
            usage.assumed_periods, now, now)
