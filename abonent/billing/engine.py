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

from django.db import transaction
from django.db.models import Sum
from django.utils import timezone

from abonent.accounts.models import Account
from abonent.billing import explain, rating
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
from abonent.core.money import round_money
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
    rows = LedgerEntry.objects.filter(
        account_id__in=account_ids, service_period=period, run__isnull=False).values_list(
        "account_id", "service_id", "kind", "reverses__kind", "amount")
    for account_id, service_id, kind, reversed_kind, amount in rows:
        posted[account_id][(service_id, reversed_kind or kind)] += amount
    return {account_id: [(service, kind, amount)
                         for (service, kind), amount in lines.items() if amount != 0]
            for account_id, lines in posted.items()}


def previous_totals(period: BillingPeriod, account_ids: list[int]) -> dict[int, Decimal]:
    previous = BillingPeriod.objects.filter(organization_id=period.organization_id,
                                            start__lt=period.start).order_by("-start").first()
    if previous is None:
        return {}
    return dict(LedgerEntry.objects.filter(
        account_id__in=account_ids, service_period=previous,
        kind__in=[EntryKind.CHARGE, EntryKind.BENEFIT, EntryKind.RECALCULATION,
                  EntryKind.REVERSAL]).values("account_id").annotate(
        total=Sum("amount")).values_list("account_id", "total"))


def _aggregate(ctx: Context, result: AccountResult) -> list[tuple[int, str, Decimal]]:
    codes = {info.spec.code: pk for pk, info in ctx.services.items()}
    totals: dict[tuple[int, str], Decimal] = defaultdict(Decimal)
    for item in result.lines:
        totals[(codes[item.line.service_code], str(item.kind))] += item.line.total
    return [(service, kind, amount) for (service, kind), amount in totals.items() if amount]


def compute_chunk(run: BillingRun, chunk: RunChunk, ctx: Context, settings) -> dict[str, int]:
    """Rate the chunk's accounts and store what differs from what is posted. Returns counts."""
    with transaction.atomic():
        data = load_chunk(ctx, chunk.account_ids)
        common_meter_ids = [state.meter_id for states in data.common_meters.values()
                            for _service, state in states]
        Charge.objects.filter(run=run, account_id__in=chunk.account_ids).delete()
        MeterUsage.objects.filter(run=run, account_id__in=chunk.account_ids).delete()
        MeterUsage.objects.filter(run=run, meter_id__in=common_meter_ids).delete()
        AccountBill.objects.filter(run=run, account_id__in=chunk.account_ids).delete()
        results = {result.account_id: result for result in rate_accounts(
            data.accounts, ctx.range, policy=ctx.policy, rule=ctx.rule)}
        common_usages = distribute_common(ctx, data, results)
        targets = set(chunk.account_ids) if run.scope != RunScope.ACCOUNTS else \
            set(run.accounts.values_list("pk", flat=True)) & set(chunk.account_ids)
        counts = _store(run, ctx, data, results, common_usages, targets, settings)
        chunk.status = ChunkStatus.COMPUTED
        chunk.save(update_fields=["status", "updated_at"])
    return counts


def _store(run: BillingRun, ctx: Context, data: Chunk, results: dict[int, AccountResult],
           common_usages: list, targets: set[int], settings) -> dict[str, int]:
    ids = sorted(targets)
    posted = posted_lines(ctx.period, ids)
    previous = previous_totals(ctx.period, ids)
    languages = dict(Account.objects.filter(pk__in=ids).values_list("pk", "holder__language"))
    default_language = ctx.organization.language
    codes = {info.spec.code: pk for pk, info in ctx.services.items()}
    now = timezone.now()
    org, period_id = ctx.organization.pk, ctx.period.pk
    charges, usages, bills = [], [], []
    counts = {"accounts": 0, "unchanged": 0, "lines": 0}
    for account_id in ids:
        result = results[account_id]
        lines = _aggregate(ctx, result)
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
        language = languages.get(account_id) or default_language
        for item in result.lines:
            line = item.line
            charges.append((org, run.pk, account_id, codes[line.service_code], period_id,
                            str(item.kind), _q(line.quantity), line.total, line.tax_amount,
                            explain.to_json(line.explanation),
                            explain.render(line.explanation, language), now, now))
        for _code, usage in result.usages:
            usages.append(_usage_row(org, run.pk, account_id, period_id, usage, now))
        bills.append((org, run.pk, account_id, total, previous_total, sorted(flags),
                      _fingerprint(lines), True, now, now))
    if bills:  # a building's common meters are stored when any of its bills changed
        for _none, usage in common_usages:
            usages.append(_usage_row(org, run.pk, None, period_id, usage, now))
    counts["lines"] = insert_rows(Charge, CHARGE_COLUMNS, charges)
    insert_rows(MeterUsage, USAGE_COLUMNS, usages)
    insert_rows(AccountBill, BILL_COLUMNS, bills)
    return counts


def _usage_row(org: int, run_id: int, account_id: int | None, period_id: int, usage: Usage,
               now) -> tuple:
    return (org, run_id, usage.meter_id, account_id, period_id, str(usage.basis),
            _q(usage.start_value), _q(usage.end_value), _q(usage.consumption),
            usage.assumed_periods, now, now)
