"""Choosing the tariff version in force: by scope, then by date."""

from datetime import date
from decimal import Decimal as D

import pytest
from hypothesis import given
from hypothesis import strategies as st

from abonent.billing.rating import (
    DateRange,
    NoTariffError,
    Scope,
    TariffVersion,
    select_version,
    version_changes,
)
from abonent.billing.rating.tariffs import Timeline

ORG_OLD = TariffVersion(Scope.ORGANIZATION, date(2026, 1, 1), D("3.00"))
ORG_NEW = TariffVersion(Scope.ORGANIZATION, date(2026, 11, 11), D("3.25"))
BUILDING = TariffVersion(Scope.BUILDING, date(2026, 6, 1), D("3.10"))
OVERRIDE = TariffVersion(Scope.ACCOUNT, date(2026, 11, 5), D("2.00"),
                         effective_until=date(2026, 11, 20))
NOVEMBER = DateRange.month(2026, 11)


def test_the_latest_organization_version_applies_without_overrides():
    versions = [ORG_NEW, ORG_OLD]
    assert select_version(versions, date(2026, 11, 10)).value == D("3.00")
    assert select_version(versions, date(2026, 11, 11)).value == D("3.25")


def test_an_account_override_beats_the_building_which_beats_the_organization():
    versions = [ORG_OLD, ORG_NEW, BUILDING, OVERRIDE]
    assert select_version(versions, date(2026, 5, 31)).value == D("3.00")  # before building's
    assert select_version(versions, date(2026, 11, 15)).value == D("2.00")  # override
    # after the override ends the building's price holds, even over the newer org price
    assert select_version(versions, date(2026, 11, 25)).value == D("3.10")


def test_version_changes_are_the_days_the_price_in_force_changes():
    # Organization only: 3.00, then the override from the 5th to the 20th, then 3.25.
    # The org change on the 11th is hidden by the override.
    versions = [ORG_OLD, ORG_NEW, OVERRIDE]
    assert version_changes(versions, NOVEMBER) == [date(2026, 11, 5), date(2026, 11, 21)]


def test_no_version_in_force_is_a_clear_error():
    with pytest.raises(NoTariffError, match="2025-12-31"):
        select_version([ORG_OLD], date(2025, 12, 31))


def test_two_versions_on_the_same_day_and_scope_are_ambiguous():
    twin = TariffVersion(Scope.ORGANIZATION, date(2026, 1, 1), D("9.99"))
    with pytest.raises(ValueError, match="keep one"):
        select_version([ORG_OLD, twin], date(2026, 2, 1))


def test_a_version_cannot_end_before_it_starts():
    with pytest.raises(ValueError, match="ends"):
        TariffVersion(Scope.ACCOUNT, date(2026, 11, 5), D(1), effective_until=date(2026, 11, 4))


# A Timeline resolves a tariff's versions over a period once for all the accounts that have
# them; it must answer exactly as select_version and version_changes, errors included.
days = st.dates(date(2026, 9, 1), date(2027, 1, 31))
# few distinct starts, so that versions often tie (an error) or change on the same day
starts = st.sampled_from([date(2026, 9, 1), date(2026, 11, 1), date(2026, 11, 11),
                          date(2026, 11, 30), date(2026, 12, 1), date(2026, 12, 16)])


@st.composite
def version_lists(draw):
    versions = []
    for _ in range(draw(st.integers(0, 5))):
        start = draw(starts | days)
        until = draw(st.none() | (starts | days).filter(lambda day, start=start: day >= start))
        versions.append(TariffVersion(draw(st.sampled_from(Scope)), start,
                                      draw(st.integers(0, 9)), effective_until=until))
    return versions


def outcome(compute):
    try:
        return compute()
    except (NoTariffError, ValueError) as error:
        return type(error), str(error)


@given(version_lists(), st.sampled_from([NOVEMBER, DateRange.month(2026, 12)]),
       st.lists(days, max_size=8))
def test_a_timeline_answers_as_the_versions_themselves(versions, period, asked):
    timeline = Timeline(versions, period)
    assert outcome(timeline.changes) == outcome(lambda: version_changes(versions, period))
    for day in [*asked, *asked]:  # asked twice: the second answer comes from what it kept
        assert outcome(lambda day=day: timeline.select(day)) == outcome(
            lambda day=day: select_version(versions, day))
