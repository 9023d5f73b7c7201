"""Invariants of the rating core, checked by hypothesis over many generated inputs."""

import dataclasses
from collections.abc import Mapping
from datetime import date, timedelta
from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from abonent.billing.rating import (
    Band,
    Benefit,
    BenefitGrant,
    CombineRule,
    DateRange,
    Service,
    TaxMode,
    TierMode,
    benefit_line,
    fixed,
    metered,
    norm,
    per_area,
    per_resident,
    prorate,
    render,
    split_period,
    tiered,
)

quantities = st.decimals(min_value=0, max_value=10**6, places=3)
rates = st.decimals(min_value=0, max_value=100, places=4)
residents = st.integers(min_value=0, max_value=20)
percents = st.decimals(min_value=Decimal("0.01"), max_value=100, places=2)  # 0% gives no line
services = st.builds(Service, code=st.just("S"), unit=st.just("m3"),
                     currency=st.sampled_from(["GEL", "BRL", "EUR", "RUB"]),
                     tax_rate=st.decimals(min_value=0, max_value=30, places=2),
                     tax_mode=st.sampled_from(TaxMode))


@st.composite
def band_lists(draw):
    limits = sorted(draw(st.sets(st.decimals(min_value=1, max_value=10**4, places=1),
                                 min_size=0, max_size=4)))
    band_rates = draw(st.lists(rates, min_size=len(limits) + 1, max_size=len(limits) + 1))
    return tuple(Band(limit, rate) for limit, rate in
                 zip([*limits, None], band_rates, strict=True))


@st.composite
def lines(draw):
    service = draw(services)
    method = draw(st.sampled_from(["metered", "tiered", "area", "resident", "fixed", "norm"]))
    if method == "metered":
        return metered(service, consumption=draw(quantities), rate=draw(rates))
    if method == "tiered":
        return tiered(service, consumption=draw(quantities), bands=draw(band_lists()),
                      mode=draw(st.sampled_from(TierMode)),
                      residents=draw(st.none() | residents))
    if method == "area":
        return per_area(service, area=draw(quantities), rate=draw(rates))
    if method == "resident":
        return per_resident(service, residents=draw(residents), rate=draw(rates))
    if method == "fixed":
        return fixed(service, rate=draw(rates))
    return norm(service, norm_per_resident=draw(quantities), residents=draw(residents),
                rate=draw(rates))


def walk(value):
    """Every leaf value inside a line: dataclass fields, mappings and tuples opened up."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        for item in dataclasses.fields(value):
            yield from walk(getattr(value, item.name))
    elif isinstance(value, Mapping):
        for item in value.values():
            yield from walk(item)
    elif isinstance(value, tuple):
        for item in value:
            yield from walk(item)
    else:
        yield value


def assert_exact_line(line):
    assert not any(isinstance(leaf, float) for leaf in walk(line))
    for money in (line.amount, line.tax_amount, line.exact_amount, line.quantity, *line.rates):
        assert type(money) is Decimal
    assert line.amount.as_tuple().exponent == -2
    assert line.tax_amount.as_tuple().exponent == -2
    assert render(line.explanation)  # every line can be put into words


@given(lines())
def test_every_line_is_all_decimal_with_the_currencys_places(line):
    assert_exact_line(line)
    assert line.amount >= 0


@st.composite
def months_and_changes(draw):
    period = DateRange.month(draw(st.integers(2020, 2030)), draw(st.integers(1, 12)))
    offsets = draw(st.sets(st.integers(1, period.days - 1), max_size=5))
    return period, [period.start + timedelta(days=offset) for offset in offsets]


@given(months_and_changes(), lines())
def test_splitting_a_period_without_a_change_of_rate_changes_nothing(split, line):
    period, changes = split
    service = Service(line.service_code, line.unit, line.currency, Decimal(0))
    segments = split_period(period, changes)
    assert sum(segment.days for segment in segments) == period.days
    prorated = prorate(service, period, [(segment, line) for segment in segments])
    assert prorated.exact_amount == line.exact_amount
    assert prorated.amount == line.amount
    assert_exact_line(prorated)


@given(months_and_changes(), st.dates(date(2019, 6, 1), date(2031, 6, 1)),
       st.dates(date(2019, 6, 1), date(2031, 6, 1)))
def test_segments_never_leave_the_period_or_the_active_range(split, first, second):
    period, changes = split
    active = DateRange(min(first, second), max(first, second))
    segments = split_period(period, changes, active=active)
    assert all(s.intersect(period) == s and s.intersect(active) == s for s in segments)
    overlap = period.intersect(active)
    assert sum(s.days for s in segments) == (overlap.days if overlap else 0)


@given(services, band_lists(), quantities, quantities, st.none() | residents)
def test_incremental_tiers_never_charge_less_for_more(service, bands, first, second, people):
    low, high = sorted([first, second])
    cheaper = tiered(service, consumption=low, bands=bands, residents=people)
    dearer = tiered(service, consumption=high, bands=bands, residents=people)
    assert cheaper.exact_amount <= dearer.exact_amount
    assert cheaper.amount <= dearer.amount


@given(lines(), st.lists(percents, min_size=1, max_size=3), st.sampled_from(CombineRule))
def test_benefits_never_exceed_the_charge(line, discounts, rule):
    service = Service(line.service_code, line.unit, line.currency)
    grants = [BenefitGrant(Benefit(f"B{i}", f"b{i}", pct, frozenset({line.service_code})))
              for i, pct in enumerate(discounts)]
    benefit = benefit_line(service, line, grants, rule=rule)
    assert benefit is not None
    assert_exact_line(benefit)
    assert -line.amount <= benefit.amount <= 0
