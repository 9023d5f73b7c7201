"""Bulk loaders: the plain inputs of the rating core for a chunk of accounts.

``load_context`` reads what is shared by the whole organization once per run (services,
tariffs, building subscriptions, benefit categories, interruptions, settings);
``load_chunk`` reads one chunk of accounts in a constant number of queries, whatever its size
(``test_loader_queries_do_not_grow_with_the_chunk`` pins the number).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from operator import attrgetter
from typing import Any

from abonent.accounts.models import Account, BenefitCategory, BenefitMembership, Resident
from abonent.billing import rating, sql
from abonent.billing.choices import RunStatus
from abonent.billing.models import Absence, BillingPeriod, BillingRun, Interruption, MeterUsage
from abonent.billing.rating.account import (
    FOREVER,
    AccountInput,
    Method,
    Plan,
    Reduction,
    TariffValue,
)
from abonent.billing.rating.usage import EstimatePolicy, MeterReading, MeterState
from abonent.billing.settings import billing_settings
from abonent.metering.choices import ReadingStatus
from abonent.metering.models import Meter, Reading
from abonent.payments.accrual import penalty_context
from abonent.property.models import Building, Unit
from abonent.tariffs.choices import Scope
from abonent.tariffs.models import Service, Subscription, TariffVersion, rating_bands

SCOPES = {Scope.ORGANIZATION: rating.Scope.ORGANIZATION, Scope.BUILDING: rating.Scope.BUILDING,
          Scope.ACCOUNT: rating.Scope.ACCOUNT}
Versions = list[rating.TariffVersion[TariffValue]]
_DAY = attrgetter("day")


def _range(start: date, end: date | None) -> rating.DateRange:
    return rating.DateRange(start, end or FOREVER)


@dataclass
class ServiceInfo:
    model: Service
    spec: rating.Service
    method: Method


@dataclass
class Context:
    """What a run needs of the organization, read once."""

    organization: object
    period: BillingPeriod
    range: rating.DateRange
    policy: EstimatePolicy
    rule: rating.CombineRule
    services: dict[int, ServiceInfo]
    #: tariff versions by (service id, scope, building or account id or 0)
    versions: dict[tuple[int, rating.Scope, int], Versions]
    building_subscriptions: dict[int, list[tuple[int, rating.DateRange]]]
    benefits: dict[int, rating.Benefit]
    reductions: dict[int, list[Reduction]]
    buildings: dict[int, Building] = field(default_factory=dict)
    #: late-payment penalties (``abonent.payments.accrual.PenaltyContext``), None: none
    penalty: Any = None

    def versions_for(self, service_id: int, building_id: int,
                     account_id: int) -> tuple[rating.TariffVersion[TariffValue], ...]:
        return (*self.versions.get((service_id, rating.Scope.ORGANIZATION, 0), ()),
                *self.versions.get((service_id, rating.Scope.BUILDING, building_id), ()),
                *self.versions.get((service_id, rating.Scope.ACCOUNT, account_id), ()))


def load_context(organization, period: BillingPeriod) -> Context:
    settings = billing_settings(organization)
    currency = organization.currency
    services = {}
    for service in Service.objects.of_org(organization):
        services[service.pk] = ServiceInfo(service, rating.Service(
            code=service.code, unit=service.unit, currency=currency,
            tax_rate=service.tax_rate, tax_mode=rating.TaxMode(service.tax_mode)),
            Method(service.method))
    versions: dict[tuple[int, rating.Scope, int], Versions] = defaultdict(list)
    for version in TariffVersion.objects.of_org(organization).select_related("tariff"):
        tariff = version.tariff
        scope = SCOPES[Scope(tariff.scope)]
        target = tariff.building_id or tariff.account_id or 0
        versions[(tariff.service_id, scope, target)].append(rating.TariffVersion(
            scope=scope, effective_from=version.effective_from,
            effective_until=version.effective_until,
            value=TariffValue(rate=version.rate, norm=version.norm,
                              bands=rating_bands(version.bands) if version.bands else ())))
    building_subscriptions: dict[int, list[tuple[int, rating.DateRange]]] = defaultdict(list)
    for sub in Subscription.objects.of_org(organization).filter(building__isnull=False):
        building_subscriptions[sub.building_id].append(
            (sub.service_id, _range(sub.date_from, sub.date_to)))
    benefits = {}
    for category in BenefitCategory.objects.of_org(organization).prefetch_related("services"):
        norm = None
        if category.norm_kind:
            norm = rating.SocialNorm(rating.NormKind(category.norm_kind),
                                     category.norm_per_person,
                                     "m2" if category.norm_kind == "area" else "")
        benefits[category.pk] = rating.Benefit(
            code=category.code, name=category.name, percent=category.discount_percent,
            services=frozenset(service.code for service in category.services.all()), norm=norm)
    reductions: dict[int, list[Reduction]] = defaultdict(list)
    for item in Interruption.objects.of_org(organization).filter(
            date_from__lte=period.end, date_to__gte=period.start).select_related("service"):
        reductions[item.building_id].append(Reduction(
            service_code=item.service.code, days=rating.DateRange(item.date_from, item.date_to),
            percent=item.reduction_percent, reason=item.reason, hours=item.hours))
    return Context(
        organization=organization, period=period,
        range=rating.DateRange(period.start, period.end),
        policy=EstimatePolicy(
            min_months=settings.estimate_min_months, max_months=settings.estimate_max_months,
            max_periods=settings.estimate_max_periods,
            norm_factor_missing=settings.norm_factor_missing,
            norm_factor_unverified=settings.norm_factor_unverified,
            spike_multiple=settings.spike_multiple),
        rule=rating.CombineRule(settings.benefit_combine), services=services,
        versions=dict(versions), building_subscriptions=dict(building_subscriptions),
        benefits=benefits, reductions=dict(reductions),
        penalty=penalty_context(organization, settings.due_day, services))


@dataclass
class MeterInfo:
    meter: Meter
    state: MeterState


@dataclass
class Chunk:
    """A chunk's inputs: the accounts', and each building's common meters."""

    accounts: list[AccountInput]
    account_buildings: dict[int, int]
    areas: dict[int, Decimal]
    common_meters: dict[int, list[tuple[int, MeterState]]]  # building -> (service id, state)
    meter_services: dict[int, int]  # meter id -> service id


def _meter_states(ctx: Context, meters: list[tuple]) -> dict[int, MeterState]:
    """Meter states with their readings and their last bill: two queries for any number."""
    period = ctx.period
    ids = [meter[0] for meter in meters]
    since = period.start - timedelta(days=(ctx.policy.max_months + 1) * 31)
    readings: dict[int, list[MeterReading]] = defaultdict(list)
    where, params = sql.in_ids(sql.column(Reading, "meter"), ids)
    for meter_id, day, value, rollover in sql.select(
            f"SELECT {sql.column(Reading, 'meter')}, {sql.column(Reading, 'date')}, "
            f"{sql.column(Reading, 'value')}, {sql.column(Reading, 'rollover')} "
            f"FROM {sql.table(Reading)} WHERE {where} AND {sql.column(Reading, 'status')} = %s "
            f"AND {sql.column(Reading, 'date')} BETWEEN %s AND %s "
            f"ORDER BY {sql.column(Reading, 'meter')}, {sql.column(Reading, 'date')} DESC",
            [*params, ReadingStatus.ACCEPTED, since, period.end],
            [None, sql.field(Reading, "date"), sql.field(Reading, "value"),
             sql.field(Reading, "rollover")]):
        readings[meter_id].append(MeterReading(day, value, rollover))
    last: dict[int, tuple[Decimal, date, int]] = {}
    where, params = sql.in_ids("u.meter_id", ids)
    for meter_id, end_value, end, assumed in sql.select(
            f"SELECT u.meter_id, u.end_value, p.{sql.column(BillingPeriod, 'end')}, "
            f"u.estimated_periods FROM {sql.table(MeterUsage)} u "
            f"JOIN {sql.table(BillingPeriod)} p ON p.id = u.period_id "
            f"JOIN {sql.table(BillingRun)} r ON r.id = u.run_id "
            f"WHERE {where} AND p.start < %s AND p.start >= %s AND r.status = %s "
            f"ORDER BY p.start, u.run_id",
            [*params, period.start, period.start - timedelta(days=400), RunStatus.ISSUED],
            [None, sql.field(MeterUsage, "end_value"), sql.field(BillingPeriod, "end"), None]):
        last[meter_id] = (end_value, end, assumed)
    states = {}
    for (pk, _account, _building, _service, multiplier, digits, installed_on, initial_value,
         verified_until, removed_on) in meters:
        billed = last.get(pk)
        states[pk] = MeterState(
            meter_id=pk, multiplier=multiplier, digits=digits,
            installed_on=installed_on, initial_value=initial_value,
            verified_until=verified_until, removed_on=removed_on,
            billed_value=billed[0] if billed else None,
            billed_through=billed[1] if billed else None,
            assumed_periods=billed[2] if billed else 0,
            readings=_by_day(readings.get(pk, [])))
    return states


def _by_day(readings: list[MeterReading]) -> tuple[MeterReading, ...]:
    """A meter's readings in the order the rating core uses them: by day, and readings of one
    day in the order they were read (a stable sort), so that it need not sort them again."""
    readings.sort(key=_DAY)
    return tuple(readings)


METER_FIELDS = ("id", "account", "building", "service", "multiplier", "digits", "installed_on",
                "initial_value", "verified_until", "removed_on")


def _by_account(model, names: tuple[str, ...], account_ids: list[int], condition: str,
                params: list) -> list[tuple]:
    """``names`` of ``model``'s rows of the accounts that meet ``condition``."""
    where, id_params = sql.in_ids(sql.column(model, "account"), account_ids)
    return sql.select(
        f"SELECT {', '.join(sql.column(model, name) for name in names)} "
        f"FROM {sql.table(model)} WHERE {where} AND {condition}",
        [*id_params, *params], [sql.field(model, name) for name in names])


def _plans(ctx: Context, building_id: int, account_id: int,
           own: list[tuple[int, rating.DateRange]]) -> tuple[Plan, ...]:
    """The services the account subscribes to (its building's and its own), in their order."""
    subscribed: dict[int, list[rating.DateRange]] = defaultdict(list)
    for service_id, days in [*ctx.building_subscriptions.get(building_id, ()), *own]:
        subscribed[service_id].append(days)
    plans = []
    for service_id in sorted(subscribed, key=lambda pk: (
            ctx.services[pk].model.position, ctx.services[pk].model.code)):
        info = ctx.services[service_id]
        plans.append(Plan(
            service=info.spec, method=info.method,
            versions=ctx.versions_for(service_id, building_id, account_id),
            subscribed=tuple(subscribed[service_id]),
            tier_mode=rating.TierMode(info.model.tier_mode),
            tiers_per_resident=info.model.tiers_per_resident))
    return tuple(plans)


def load_chunk(ctx: Context, account_ids: list[int]) -> Chunk:
    period = ctx.period
    where, params = sql.in_ids("a.id", account_ids)
    rows = sql.select(
        f"SELECT a.id, u.building_id, u.area, a.opened_on, a.closed_on "
        f"FROM {sql.table(Account)} a JOIN {sql.table(Unit)} u ON u.id = a.unit_id "
        f"WHERE {where} ORDER BY a.id", params,
        [None, None, sql.field(Unit, "area"), sql.field(Account, "opened_on"),
         sql.field(Account, "closed_on")])
    building_ids = {row[1] for row in rows}
    current = "date_from <= %s AND (date_to IS NULL OR date_to >= %s)"
    residents: dict[int, list[rating.DateRange]] = defaultdict(list)
    for account_id, start, end in _by_account(Resident, ("account", "date_from", "date_to"),
                                              account_ids, current, [period.end, period.start]):
        residents[account_id].append(_range(start, end))
    absences: dict[int, list[tuple[rating.DateRange, int]]] = defaultdict(list)
    for account_id, start, end, persons in _by_account(
            Absence, ("account", "date_from", "date_to", "persons"), account_ids,
            "date_from <= %s AND date_to >= %s", [period.end, period.start]):
        absences[account_id].append((rating.DateRange(start, end), persons))
    subscriptions: dict[int, list[tuple[int, rating.DateRange]]] = defaultdict(list)
    for account_id, service_id, start, end in _by_account(
            Subscription, ("account", "service", "date_from", "date_to"), account_ids, current,
            [period.end, period.start]):
        subscriptions[account_id].append((service_id, _range(start, end)))
    grants: dict[int, list[rating.BenefitGrant]] = defaultdict(list)
    for account_id, category_id, persons in _by_account(
            BenefitMembership, ("account", "category", "persons"), account_ids,
            "valid_from <= %s AND (valid_to IS NULL OR valid_to >= %s)",
            [period.end, period.end]):
        benefit = ctx.benefits.get(category_id)
        if benefit is not None:
            grants[account_id].append(rating.BenefitGrant(benefit, persons))
    own, own_params = sql.in_ids(sql.column(Meter, "account"), account_ids)
    shared, shared_params = sql.in_ids(sql.column(Meter, "building"), building_ids)
    meters = sql.select(
        f"SELECT {', '.join(sql.column(Meter, name) for name in METER_FIELDS)} "
        f"FROM {sql.table(Meter)} WHERE ({own} OR ({sql.column(Meter, 'account')} IS NULL "
        f"AND {shared})) AND installed_on <= %s AND (removed_on IS NULL OR removed_on >= %s) "
        f"ORDER BY id", [*own_params, *shared_params, period.end, period.start],
        [sql.field(Meter, name) for name in METER_FIELDS])
    states = _meter_states(ctx, meters)
    account_meters: dict[int, list[tuple[str, MeterState]]] = defaultdict(list)
    common: dict[int, list[tuple[int, MeterState]]] = defaultdict(list)
    for pk, account_id, building_id, service_id, *_rest in meters:
        if account_id is None:
            common[building_id].append((service_id, states[pk]))
        else:
            account_meters[account_id].append((ctx.services[service_id].spec.code, states[pk]))
    accounts = []
    # An account without subscriptions or tariffs of its own has its building's plans: built
    # once per building and shared (the rating core then resolves their tariffs once).
    overridden = {target for _service, scope, target in ctx.versions
                  if scope is rating.Scope.ACCOUNT}
    building_plans: dict[int, tuple[Plan, ...]] = {}
    for account_id, building_id, area, opened, closed in rows:
        own = subscriptions.get(account_id, ())
        if own or account_id in overridden:
            plans = _plans(ctx, building_id, account_id, own)
        elif building_id in building_plans:
            plans = building_plans[building_id]
        else:
            plans = building_plans[building_id] = _plans(ctx, building_id, account_id, ())
        accounts.append(AccountInput(
            account_id=account_id, building_id=building_id, area=area,
            active=_range(opened, closed), plans=plans,
            residents=tuple(residents.get(account_id, ())),
            absences=tuple(absences.get(account_id, ())),
            meters=tuple(account_meters.get(account_id, ())),
            grants=tuple(grants.get(account_id, ())),
            reductions=tuple(ctx.reductions.get(building_id, ()))))
    return Chunk(accounts=accounts, account_buildings={row[0]: row[1] for row in rows},
                 areas={row[0]: row[2] for row in rows}, common_meters=dict(common),
                 meter_services={meter[0]: meter[3] for meter in meters})
