"""Choosing the tariff version in force: by scope, then by date."""

from datetime import date
from decimal import Decimal as D

import pytest

from abonent.billing.rating import (
    DateRange,
    NoTariffError,
    Scope,
    TariffVersion,
    select_version,
    version_changes,
)

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
