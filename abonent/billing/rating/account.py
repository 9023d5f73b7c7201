"""One account's bill for a period, from plain inputs: every service, benefit and reduction.

The loaders build an :class:`AccountInput` per account; :func:`rate_account` returns its lines
(charges, benefits, recalculations), the meters' usages and what the review should look at.
Common-meter services are left out here: they need the whole building (``common``).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from decimal import Decimal
from enum import StrEnum

from .benefits import BenefitGrant, CombineRule, benefit_line
from .explain import Amount, Explanation, Percent, Quantity, Rate
from .lines import ChargeLine, LineKind, Service, make_line
from .methods import Band, TierMode, fixed, metered, norm, per_area, per_resident, tiered
from .proration import prorate, split_period
from .tariffs import NoTariffError, TariffVersion, Timeline
from .usage import Basis, EstimatePolicy, MeterState, Usage, meter_usage
from .values import DateRange, require_decimal, require_non_negative

FOREVER = date(9999, 12, 31)
DEFAULT_POLICY = EstimatePolicy()


class Method(StrEnum):
    METERED = "metered"
    TIERED = "tiered"
    PER_AREA = "per_area"
    PER_RESIDENT = "per_resident"
    FIXED = "fixed"
    NORM = "norm"
    COMMON = "common"


RESIDENT_METHODS = {Method.PER_RESIDENT, Method.NORM}
METER_METHODS = {Method.METERED, Method.TIERED}


class Flag(StrEnum):
    MISSING_READING = "missing_reading"
    ESTIMATED = "estimated"
    NORM_FALLBACK = "norm_fallback"
    NO_TARIFF = "no_tariff"
    TRUE_UP = "true_up"
    SPIKE = "spike"


@dataclass(frozen=True)
class TariffValue:
    rate: Decimal | None = None
    norm: Decimal | None = None
    bands: tuple[Band, ...] = ()

    def __post_init__(self) -> None:
        for name in ("rate", "norm"):
            if getattr(self, name) is not None:
                require_non_negative(getattr(self, name), name)


@dataclass(frozen=True)
class Plan:
    """A service the account subscribes to, with the tariff versions that can apply to it."""

    service: Service
    method: Method
    versions: tuple[TariffVersion[TariffValue], ...]
    subscribed: tuple[DateRange, ...]
    tier_mode: TierMode = TierMode.INCREMENTAL
    tiers_per_resident: bool = False


@dataclass(frozen=True)
class Reduction:
    """A building-wide interruption or low quality of a service, reducing its charge."""

    service_code: str
    days: DateRange
    percent: Decimal
    reason: str
    hours: Decimal | None = None

    def __post_init__(self) -> None:
        percent = require_decimal(self.percent, "reduction percent")
        if not 0 <= percent <= 100:
            raise ValueError(f"a reduction must be 0..100%, got {percent}")
        if self.hours is not None:
            require_non_negative(self.hours, "hours")


@dataclass(frozen=True)
class AccountInput:
    account_id: int
    building_id: int
    area: Decimal
    active: DateRange
    plans: tuple[Plan, ...]
    residents: tuple[DateRange, ...] = ()
    absences: tuple[tuple[DateRange, int], ...] = ()
    meters: tuple[tuple[str, MeterState], ...] = ()
    grants: tuple[BenefitGrant, ...] = ()
    reductions: tuple[Reduction, ...] = ()

    def __post_init__(self) -> None:
        require_non_negative(self.area, "area")


@dataclass(frozen=True)
class Line:
    kind: LineKind | str
    line: ChargeLine


RECALCULATION = "recalculation"


@dataclass
class AccountResult:
    account_id: int
    lines: list[Line] = field(default_factory=list)
    usages: list[tuple[str, Usage]] = field(default_factory=list)
    flags: set[str] = field(default_factory=set)
    #: billed consumption per metered service (a building's common meter subtracts it)
    consumption: dict[str, Decimal] = field(default_factory=dict)

    @property
    def total(self) -> Decimal:
        return sum((item.line.total for item in self.lines), Decimal(0))


def residents_on(account: AccountInput, day: date) -> int:
    registered = sum(1 for stay in account.residents if day in stay)
    away = sum(persons for days, persons in account.absences if day in days)
    return max(registered - away, 0)


def _resident_changes(account: AccountInput) -> set[date]:
    changes = set()
    for stay in [*account.residents, *(days for days, _persons in account.absences)]:
        changes.add(stay.start)
        if stay.end < FOREVER:
            changes.add(stay.end + timedelta(days=1))
    return changes


def _annotated(line: ChargeLine, template_id: str, **params: object) -> ChargeLine:
    formula = Explanation(template_id, {"formula": line.formula, **params})  # type: ignore[dict-item]
    return replace(line, formula=formula, explanation=Explanation(
        "line", {"formula": formula, "amount": line.explanation.params["amount"]}))


class _Shared:
    """What the accounts rated together share, resolved once: each tariff's versions over the
    period (by the versions' ``id``) and each plan's subscription within the period and its
    segments (by the plan's ``id``; the loader gives a building's accounts the same plans).
    Each entry keeps what its key is the ``id`` of, so that no ``id`` is reused meanwhile."""

    def __init__(self, period: DateRange) -> None:
        self.period = period
        self.timelines: dict[int, Timeline[TariffValue]] = {}
        self.plans: dict[int, _PlanFacts] = {}

    def facts(self, plan: Plan) -> _PlanFacts:
        facts = self.plans.get(id(plan))
        if facts is None or facts.plan is not plan:
            timeline = self.timelines.get(id(plan.versions))
            if timeline is None or timeline.versions is not plan.versions:
                timeline = self.timelines[id(plan.versions)] = Timeline(plan.versions,
                                                                        self.period)
            facts = self.plans[id(plan)] = _PlanFacts(plan, self.period, timeline)
        return facts


class _PlanFacts:
    __slots__ = ("lines", "plan", "segments", "subscribed", "timeline")

    def __init__(self, plan: Plan, period: DateRange, timeline: Timeline[TariffValue]) -> None:
        self.plan, self.timeline = plan, timeline
        self.subscribed = [part for part in (days.intersect(period) for days in plan.subscribed)
                           if part is not None]
        #: ``split_period`` at the tariff's changes, by active range
        self.segments: dict[DateRange, list[DateRange]] = {}
        #: ``by_days`` lines that do not depend on the account (see there)
        self.lines: dict[tuple[DateRange, int | None], ChargeLine] = {}


class _Rater:
    def __init__(self, account: AccountInput, period: DateRange, policy: EstimatePolicy,
                 rule: CombineRule, shared: _Shared) -> None:
        self.account, self.period, self.policy, self.rule = account, period, policy, rule
        self.shared = shared
        self.result = AccountResult(account.account_id)
        self._residents: dict[date, int] = {}
        self._resident_changes: set[date] | None = None
        self._meters: dict[str, list[MeterState]] | None = None  # by service code

    def residents_on(self, day: date) -> int:
        residents = self._residents.get(day)
        if residents is None:
            residents = self._residents[day] = residents_on(self.account, day)
        return residents

    def active_ranges(self, facts: _PlanFacts) -> list[DateRange]:
        active = self.account.active
        return [part for part in (days.intersect(active) for days in facts.subscribed)
                if part is not None]

    def resident_changes(self) -> set[date]:
        """The days inside the period on which the number of residents changes."""
        if self._resident_changes is None:
            period = self.period
            self._resident_changes = {day for day in _resident_changes(self.account)
                                      if period.start < day <= period.end}
        return self._resident_changes

    def segments(self, facts: _PlanFacts, active: DateRange,
                 residents: bool) -> list[DateRange]:
        """The segments of ``active`` (the caller does not change the list)."""
        if residents and self.resident_changes():
            return split_period(self.period,
                                {*facts.timeline.changes(), *self.resident_changes()}, active)
        segments = facts.segments.get(active)
        if segments is None:
            segments = facts.segments[active] = split_period(
                self.period, facts.timeline.changes(), active)
        return segments

    def rate(self, plan: Plan) -> None:
        if plan.method is Method.COMMON:
            return
        facts = self.shared.facts(plan)
        ranges = self.active_ranges(facts)
        if not ranges:
            return
        credit = None
        try:
            if plan.method in METER_METHODS:
                line, credit = self.metered(facts, ranges)
            else:
                line = self.by_days(facts, ranges, plan.method in RESIDENT_METHODS)
        except NoTariffError:
            self.result.flags.add(Flag.NO_TARIFF)
            return
        self.add(Line(LineKind.CHARGE, line))
        net = line.amount + self.benefit(plan, line)
        if credit is not None:
            self.add(Line(RECALCULATION, credit))
            self.benefit(plan, credit)
        left = net  # reductions together never take more than the charge after benefits
        for reduction in self.account.reductions:
            if reduction.service_code != plan.service.code:
                continue
            recalculated = reduce(plan.service, line, reduction, ranges, net=net)
            if recalculated is None or left <= 0:
                continue
            if -recalculated.amount > left:  # overlapping interruptions of one service
                recalculated = make_line(
                    plan.service, quantity=recalculated.quantity, rates=recalculated.rates,
                    exact_amount=-left,
                    formula=Explanation("reduction.capped", {"formula": recalculated.formula}))
            left += recalculated.amount
            self.add(Line(RECALCULATION, recalculated))

    def benefit(self, plan: Plan, line: ChargeLine) -> Decimal:
        """Adds the benefit on ``line`` and returns its amount. A credit (a true-up) gets the
        benefit back with the opposite sign: what was discounted on the consumption billed
        too much is not discounted again when that consumption is credited."""
        if line.amount == 0 or not self.account.grants:
            return Decimal(0)
        credit = line.amount < 0
        grant = benefit_line(plan.service, _negated(line) if credit else line,
                             self.account.grants, area=self.account.area, rule=self.rule)
        if grant is None or grant.amount == 0:
            return Decimal(0)
        if credit:
            grant = _negated(grant)
        self.add(Line(LineKind.BENEFIT, grant))
        return grant.amount

    def add(self, line: Line) -> None:
        self.result.lines.append(line)

    def by_days(self, facts: _PlanFacts, ranges: list[DateRange],
                uses_residents: bool) -> ChargeLine:
        if len(ranges) == 1 and facts.plan.method is not Method.PER_AREA and not (
                uses_residents and self.resident_changes()):
            # Then the charge depends only on the plan, the days billed and the residents (when
            # it uses them: their number, the same all period): one line for all the accounts
            # that have these.
            key = (ranges[0], self.residents_on(ranges[0].start) if uses_residents else None)
            line = facts.lines.get(key)
            if line is None:
                line = facts.lines[key] = self.prorated(facts, ranges, uses_residents)
            return line
        return self.prorated(facts, ranges, uses_residents)

    def prorated(self, facts: _PlanFacts, ranges: list[DateRange],
                 uses_residents: bool) -> ChargeLine:
        plan, timeline = facts.plan, facts.timeline
        parts = []
        for active in ranges:
            for segment in self.segments(facts, active, uses_residents):
                value = timeline.select(segment.start).value
                parts.append((segment, self.segment_line(plan, value, segment)))
        return prorate(plan.service, self.period, parts)

    def segment_line(self, plan: Plan, value: TariffValue, segment: DateRange) -> ChargeLine:
        service, account = plan.service, self.account
        rate = value.rate if value.rate is not None else Decimal(0)
        if plan.method is Method.PER_AREA:
            return per_area(service, area=account.area, rate=rate)
        if plan.method is Method.PER_RESIDENT:
            return per_resident(service, residents=self.residents_on(segment.start), rate=rate)
        if plan.method is Method.FIXED:
            return fixed(service, rate=rate)
        if plan.method in (Method.NORM, Method.METERED):
            return norm(service, norm_per_resident=value.norm or Decimal(0),
                        residents=self.residents_on(segment.start), rate=rate)
        # A tiered service without a meter: its bands over the norm's consumption.
        residents = self.residents_on(segment.start)
        return self.tiered(plan, value, (value.norm or Decimal(0)) * residents, residents)

    def tiered(self, plan: Plan, value: TariffValue, consumption: Decimal,
               residents: int) -> ChargeLine:
        return tiered(plan.service, consumption=consumption, bands=value.bands,
                      mode=plan.tier_mode,
                      residents=residents if plan.tiers_per_resident else None)

    def metered(self, facts: _PlanFacts,
                ranges: list[DateRange]) -> tuple[ChargeLine, ChargeLine | None]:
        """The charge for the consumption, and the true-up credit when it is negative."""
        plan, timeline = facts.plan, facts.timeline
        if self._meters is None:
            self._meters = defaultdict(list)
            for code, state in self.account.meters:
                self._meters[code].append(state)
        meters = self._meters.get(plan.service.code)
        if not meters:  # an unmetered unit: the norm per resident
            line = self.by_days(facts, ranges, uses_residents=True)
            self.result.consumption[plan.service.code] = line.quantity
            return line, None
        end_value = timeline.select(ranges[-1].end).value
        unit_norm = None if end_value.norm is None else \
            end_value.norm * self.residents_on(ranges[-1].end)
        usages = [meter_usage(state, self.period, policy=self.policy, norm=unit_norm)
                  for state in meters]
        consumption = sum((usage.consumption for usage in usages), Decimal(0))
        for usage in usages:
            self.result.usages.append((plan.service.code, usage))
            self.flag(usage)
        self.result.consumption[plan.service.code] = consumption
        billed = max(consumption, Decimal(0))
        active = ranges[0] if len(ranges) == 1 else DateRange(ranges[0].start, ranges[-1].end)
        parts = []
        for segment in self.segments(facts, active, plan.tiers_per_resident):
            value = timeline.select(segment.start).value
            if plan.method is Method.TIERED:
                line = self.tiered(plan, value, billed, self.residents_on(segment.start))
            else:
                line = metered(plan.service, consumption=billed, rate=value.rate or Decimal(0))
            parts.append((segment, line))
        line = prorate(plan.service, active, parts)
        basis = {usage.basis for usage in usages}
        if Basis.NORM in basis:
            line = _annotated(line, "usage.norm")
        elif Basis.ESTIMATE in basis:
            line = _annotated(line, "usage.estimate")
        if consumption >= 0:
            return line, None
        # The true-up credits more than this period used.
        rate = _first_rate(end_value)
        return line, make_line(
            plan.service, quantity=consumption, rates=(rate,),
            exact_amount=consumption * rate, kind=LineKind.CHARGE,
            formula=Explanation("true_up", {
                "quantity": Quantity(consumption, plan.service.unit),
                "rate": Rate(rate, plan.service.currency)}))

    def flag(self, usage: Usage) -> None:
        flags = self.result.flags
        if usage.basis is Basis.READING:
            if usage.spike:
                flags.add(Flag.SPIKE)
            if usage.true_up:
                flags.add(Flag.TRUE_UP)
            return
        if usage.reason != "unverified":
            flags.add(Flag.MISSING_READING)
        flags.add(Flag.ESTIMATED if usage.basis is Basis.ESTIMATE else Flag.NORM_FALLBACK)


def _first_rate(value: TariffValue) -> Decimal:
    if value.rate is not None:
        return value.rate
    return value.bands[0].rate if value.bands else Decimal(0)


def _negated(line: ChargeLine) -> ChargeLine:
    """The same line with the opposite sign (rounding half-up is symmetric: exact still)."""
    return replace(line, quantity=-line.quantity, exact_amount=-line.exact_amount,
                   amount=-line.amount, tax_amount=-line.tax_amount,
                   explanation=Explanation(line.explanation.template_id, {
                       **line.explanation.params,
                       "amount": Amount(-line.amount, line.currency)}))


def reduce(service: Service, line: ChargeLine, reduction: Reduction,
           billed: Sequence[DateRange], *, net: Decimal | None = None) -> ChargeLine | None:
    """The reduction of a charge for an interruption: the charge's average per billed day
    (or hour) x the days (or hours) affected x the reduction percent.

    ``billed`` are the days ``line`` charges for (the period, or the part of it the account
    and its subscription were active); days outside them reduce nothing. ``net`` is the charge
    after its benefit (default: the charge), so a discounted charge is reduced by what the
    resident actually pays for those days.
    """
    affected = [part for part in (reduction.days.intersect(days) for days in billed)
                if part is not None]
    base = line.amount if net is None else net
    if not affected or base <= 0:
        return None
    billed_days = sum(days.days for days in billed)
    affected_days = sum(part.days for part in affected)
    start, end = min(p.start for p in affected), max(p.end for p in affected)
    percent = reduction.percent
    if reduction.hours is not None:
        share = reduction.hours / (billed_days * 24)
        formula = Explanation("reduction.hours", {
            "reason": reduction.reason, "percent": Percent(percent),
            "hours": Quantity(reduction.hours, "h", None),
            "period_hours": billed_days * 24,
            "start": start, "end": end})
    else:
        share = Decimal(affected_days) / billed_days
        formula = Explanation("reduction.days", {
            "reason": reduction.reason, "percent": Percent(percent), "days": affected_days,
            "period_days": billed_days, "start": start, "end": end})
    exact = -base * percent / 100 * min(share, Decimal(1))
    return make_line(service, quantity=line.quantity, rates=(percent,), exact_amount=exact,
                     formula=formula)


def rate_account(account: AccountInput, period: DateRange, *,
                 policy: EstimatePolicy = DEFAULT_POLICY,
                 rule: CombineRule = CombineRule.MAX) -> AccountResult:
    """Every line of the account's bill for ``period`` (common-meter services excepted)."""
    return _rate(account, period, policy, rule, _Shared(period))


def _rate(account: AccountInput, period: DateRange, policy: EstimatePolicy, rule: CombineRule,
          shared: _Shared) -> AccountResult:
    rater = _Rater(account, period, policy, rule, shared)
    for plan in account.plans:
        rater.rate(plan)
    return rater.result


def rate_accounts(accounts: Sequence[AccountInput], period: DateRange, *,
                  policy: EstimatePolicy = DEFAULT_POLICY,
                  rule: CombineRule = CombineRule.MAX) -> list[AccountResult]:
    """``rate_account`` of each account; the tariffs and plans that accounts share (the loader
    gives a building's accounts the same plans) are resolved over the period once."""
    shared = _Shared(period)
    return [_rate(account, period, policy, rule, shared) for account in accounts]
