"""What happens to a reading: scenarios with consumption worked out by hand (docs/metering.md)."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from abonent.billing.choices import SpikeAction
from abonent.billing.settings import billing_settings
from abonent.metering import rules, selectors
from abonent.metering.choices import ReadingSource, ReadingStatus
from abonent.metering.models import Reading
from abonent.metering.services import (
    reading_accept,
    reading_correct,
    reading_reject,
)
from abonent.metering.tests.helpers import D, day, meter, read, steady
from abonent.testing.factories import MembershipFactory, OrganizationFactory

pytestmark = pytest.mark.django_db


def refused(field: str, call) -> str:
    before = Reading.objects.count()
    with pytest.raises(ValidationError) as info:
        call()
    assert Reading.objects.count() == before, "a refused reading must not be stored"
    assert field in info.value.message_dict, info.value.message_dict
    return " ".join(info.value.message_dict[field])


def admin_of(m):
    from abonent.core.access import access_for

    return access_for(MembershipFactory(organization=m.organization).user, m.organization)


def test_the_first_reading_counts_from_the_value_at_installation():
    m = meter(initial_value=D("100.000"), installed_on=day("2026-01-10"))
    r = read(m, "2026-02-10", "112.5")
    assert (r.status, r.consumption, r.rollover) == (ReadingStatus.ACCEPTED, D("12.500"), False)
    assert r.source == ReadingSource.STAFF


def test_consumption_is_the_difference_times_the_multiplier():
    m = meter(multiplier=D("2.5"))
    read(m, "2026-03-01", "40")
    r = read(m, "2026-04-01", "52.35")
    assert r.consumption == D("30.875")  # (52.35 - 40) x 2.5


def test_reading_below_the_previous_is_rejected():
    m = meter()
    read(m, "2026-03-01", "500")
    message = refused("value", lambda: read(m, "2026-04-01", "480"))
    assert "480.000 is below the previous reading, 500.000 of 2026-03-01" in message


def test_a_dial_rolling_over_through_zero_counts_with_the_multiplier():
    # 4 digits: the dial shows 0000-9999, capacity 10 000. 9 950 -> 30 passes zero after
    # 10 000 - 9 950 + 30 = 80 units, at most a tenth of the capacity: a rollover.
    m = meter(digits=4, multiplier=D("10"))
    read(m, "2026-03-01", "9950")
    r = read(m, "2026-04-01", "30")
    assert (r.rollover, r.consumption, r.status) == (True, D("800.000"), ReadingStatus.ACCEPTED)


def test_a_drop_too_big_for_a_rollover_is_refused():
    # 5 000 -> 30 would pass zero after 5 030 units, more than a tenth of 10 000.
    m = meter(digits=4)
    read(m, "2026-03-01", "5000")
    refused("value", lambda: read(m, "2026-04-01", "30"))


def test_a_value_the_dial_cannot_show_is_refused():
    m = meter(digits=4)
    assert "cannot show 10000.000" in refused("value", lambda: read(m, "2026-04-01", "10000"))


def test_future_date_is_refused_in_the_organizations_time_zone(monkeypatch):
    late_evening_utc = dt.datetime(2026, 11, 23, 22, 30, tzinfo=dt.UTC)
    monkeypatch.setattr(timezone, "now", lambda: late_evening_utc)
    tbilisi = meter(OrganizationFactory(time_zone="Asia/Tbilisi"))  # already 24 Nov, 02:30
    sao_paulo = meter(OrganizationFactory(time_zone="America/Sao_Paulo"))  # 23 Nov, 19:30
    assert read(tbilisi, "2026-11-24", "10").status == ReadingStatus.ACCEPTED
    message = refused("date", lambda: read(sao_paulo, "2026-11-24", "10"))
    assert "in the future (today is 2026-11-23)" in message


def test_dates_before_installation_or_after_removal_are_refused():
    m = meter(installed_on=day("2026-03-01"), removed_on=day("2026-09-30"))
    assert "installed on 2026-03-01" in refused("date", lambda: read(m, "2026-02-28", "1"))
    assert "removed on 2026-09-30" in refused("date", lambda: read(m, "2026-10-01", "1"))
    assert read(m, "2026-09-30", "1").status == ReadingStatus.ACCEPTED  # the removal day


def test_a_second_reading_on_the_same_day_is_refused():
    m = meter()
    read(m, "2026-03-01", "10")
    assert "already has a reading on 2026-03-01" in refused(
        "date", lambda: read(m, "2026-03-01", "11"))


def test_a_reading_before_the_latest_accepted_one_is_refused():
    m = meter()
    read(m, "2026-05-01", "10")
    assert "later accepted reading" in refused("date", lambda: read(m, "2026-04-01", "5"))


def test_a_spike_is_held_for_review_with_the_numbers():
    m = meter()
    steady(m)  # 61 units over 61 days: 1.000 a day
    r = read(m, "2026-08-31", "300")  # 139 units in 30 days: 4.633 a day, above 3 x 1.000
    assert (r.status, r.consumption) == (ReadingStatus.HELD, D("139.000"))
    assert r.reason == ("Consumption of 139.000 m³ in 30 days is 4.633 a day, more than "
                        "3.00 × the average of 1.000 a day (3 readings since 2026-06-01).")


def test_consumption_within_the_spike_limit_is_accepted():
    m = meter()
    steady(m)
    r = read(m, "2026-08-31", "240")  # 79 in 30 days: 2.633 a day, below 3.000
    assert r.status == ReadingStatus.ACCEPTED


def test_a_spike_is_refused_when_the_settings_say_so():
    m = meter()
    settings = billing_settings(m.organization)
    settings.spike_action, settings.spike_multiple = SpikeAction.REJECT, D("4.00")
    settings.save()
    steady(m)
    message = refused("value", lambda: read(m, "2026-08-31", "300"))
    assert message.startswith("Refused as a spike: Consumption of 139.000 m³")
    assert "more than 4.00 ×" in message


def test_the_spike_test_needs_two_readings_within_the_averaged_months():
    m = meter()
    read(m, "2026-06-01", "100")
    assert read(m, "2026-07-01", "900").status == ReadingStatus.ACCEPTED  # one reading only
    older = meter()
    steady(older)
    settings = billing_settings(older.organization)
    settings.estimate_min_months, settings.estimate_max_months = 1, 1
    settings.save()
    # Only 1 August lies within one month before 1 October: no average, no spike.
    assert read(older, "2026-10-01", "900").status == ReadingStatus.ACCEPTED


def test_held_readings_do_not_count_as_previous():
    m = meter()
    steady(m)
    held = read(m, "2026-08-31", "300")
    assert held.status == ReadingStatus.HELD
    r = read(m, "2026-09-30", "230")  # from 161 on 1 Aug: 69 in 60 days
    assert (r.status, r.consumption) == (ReadingStatus.ACCEPTED, D("69.000"))
    assert selectors.latest_accepted(m) == r


def test_accepting_a_held_reading_recounts_it_and_the_next_one():
    m = meter()
    steady(m)
    held = read(m, "2026-08-31", "300")
    later = read(m, "2026-09-30", "330")  # 169 from 161 over 60 days: 2.817 a day
    assert later.consumption == D("169.000")
    accepted = reading_accept(access=admin_of(m), reading=held)
    later.refresh_from_db()
    assert (accepted.status, accepted.consumption) == (ReadingStatus.ACCEPTED, D("139.000"))
    assert later.consumption == D("30.000")  # 330 - 300


def test_accepting_is_refused_when_the_next_reading_would_fall_below_it():
    m = meter()
    steady(m)
    held = read(m, "2026-08-31", "300")
    read(m, "2026-09-30", "250")
    with pytest.raises(ValidationError, match="put the later accepted reading"):
        reading_accept(access=admin_of(m), reading=held)
    held.refresh_from_db()
    assert held.status == ReadingStatus.HELD


def test_a_rejected_reading_stays_but_no_longer_counts():
    m = meter()
    steady(m)
    held = read(m, "2026-08-31", "300")
    reading_reject(access=admin_of(m), reading=held, reason="Photo shows 230")
    held.refresh_from_db()
    assert (held.status, held.reason) == (ReadingStatus.REJECTED, "Photo shows 230")
    # The day is free again for the right value.
    assert read(m, "2026-08-31", "190").consumption == D("29.000")


def test_only_the_latest_accepted_reading_can_be_withdrawn():
    m = meter()
    _first, second, third = steady(m)
    with pytest.raises(ValidationError, match="latest accepted"):
        reading_reject(access=admin_of(m), reading=second)
    reading_reject(access=admin_of(m), reading=third)
    assert selectors.latest_accepted(m) == second


def test_correcting_the_latest_reading_checks_it_again():
    m = meter()
    steady(m)
    typo = read(m, "2026-08-31", "191")  # meant 171
    access = admin_of(m)
    with pytest.raises(ValidationError):  # 116 is below 161 of 1 August
        reading_correct(access=access, reading=typo, date=typo.date, value=D("116"))
    fixed = reading_correct(access=access, reading=typo, date=typo.date, value=D("171"))
    assert (fixed.pk, fixed.value, fixed.consumption) == (typo.pk, D("171"), D("10.000"))
    with pytest.raises(ValidationError, match="Only the meter's latest reading"):
        reading_correct(access=access, reading=Reading.objects.get(date=day("2026-07-01")),
                        date=day("2026-07-01"), value=D("131"))


def test_add_months_keeps_the_day_within_the_month():
    assert rules.add_months(day("2026-03-31"), -1) == day("2026-02-28")
    assert rules.add_months(day("2026-01-15"), -6) == day("2025-07-15")
    assert rules.add_months(day("2024-02-29"), 12) == day("2025-02-28")
