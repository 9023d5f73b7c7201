"""Charge methods with hand-computed numbers (see docs/billing.md for the same examples)."""

from decimal import Decimal as D

import pytest

from abonent.billing.rating import (
    Band,
    Service,
    TaxMode,
    TierMode,
    fixed,
    metered,
    norm,
    per_area,
    per_resident,
    render,
    tiered,
)

WATER = Service("WATER", "m3", "GEL")
ELECTRICITY = Service("ELEC", "kWh", "GEL")
MAINTENANCE = Service("MAINT", "m2", "GEL", tax_rate=D(18), tax_mode=TaxMode.INCLUDED)
WASTE = Service("WASTE", "resident", "GEL")
LIFT = Service("LIFT", "account", "GEL")
# Bands: up to 100 kWh at 0.20, up to 300 kWh at 0.25, above at 0.30.
BANDS = (Band(D(100), D("0.20")), Band(D(300), D("0.25")), Band(None, D("0.30")))


def test_metered_charge_is_consumption_times_rate():
    line = metered(WATER, consumption=D("12.400"), rate=D("3.25"))
    # 12.400 x 3.25 = 40.3000
    assert line.amount == D("40.30")
    assert line.quantity == D("12.400")
    assert line.rates == (D("3.25"),)
    assert render(line.explanation) == "12.400 m3 x 3.25 GEL = 40.30 GEL"


def test_a_rate_with_more_places_than_the_currency_is_shown_in_full():
    line = metered(ELECTRICITY, consumption=D("123"), rate=D("0.1234"))
    # 123 x 0.1234 = 15.1782 -> 15.18
    assert line.amount == D("15.18")
    assert render(line.explanation) == "123.000 kWh x 0.1234 GEL = 15.18 GEL"


@pytest.mark.parametrize(("consumption", "amount"), [
    ("0", "0.00"),
    ("100", "20.00"),      # 100 x 0.20
    ("100.001", "20.00"),  # 100 x 0.20 + 0.001 x 0.25 = 20.00025 -> 20.00
    ("250", "57.50"),      # 100 x 0.20 + 150 x 0.25 = 20 + 37.50
    ("300", "70.00"),      # 100 x 0.20 + 200 x 0.25 = 20 + 50
    ("450", "115.00"),     # 20 + 50 + 150 x 0.30 = 20 + 50 + 45
])
def test_incremental_tiers_charge_each_band_part_at_its_own_rate(consumption, amount):
    line = tiered(ELECTRICITY, consumption=D(consumption), bands=BANDS)
    assert line.amount == D(amount)


@pytest.mark.parametrize(("consumption", "amount"), [
    ("100", "20.00"),      # on the limit: still band 1, 100 x 0.20
    ("100.001", "25.00"),  # just above: all of it in band 2, 100.001 x 0.25 = 25.00025
    ("300", "75.00"),      # 300 x 0.25
    ("450", "135.00"),     # 450 x 0.30
])
def test_whole_volume_tiers_charge_everything_at_the_band_it_falls_in(consumption, amount):
    line = tiered(ELECTRICITY, consumption=D(consumption), bands=BANDS,
                  mode=TierMode.WHOLE_VOLUME)
    assert line.amount == D(amount)


def test_tier_explanations_name_the_bands():
    incremental = tiered(ELECTRICITY, consumption=D(450), bands=BANDS)
    assert render(incremental.explanation) == (
        "100.000 kWh x 0.20 GEL + 200.000 kWh x 0.25 GEL + 150.000 kWh x 0.30 GEL"
        " = 115.00 GEL")
    whole = tiered(ELECTRICITY, consumption=D(450), bands=BANDS, mode=TierMode.WHOLE_VOLUME)
    assert render(whole.explanation) == "450.000 kWh x 0.30 GEL (band 3 of 3) = 135.00 GEL"


def test_bands_scaled_by_residents_widen_with_the_household():
    # 2 residents: limits 200 and 600 kWh. 450 = 200 x 0.20 + 250 x 0.25 = 40 + 62.50
    line = tiered(ELECTRICITY, consumption=D(450), bands=BANDS, residents=2)
    assert line.amount == D("102.50")
    # An empty unit gets the bands of one resident: same as unscaled.
    assert tiered(ELECTRICITY, consumption=D(450), bands=BANDS, residents=0).amount == D(
        "115.00")


def test_per_area_charge_with_tax_included():
    line = per_area(MAINTENANCE, area=D("54.20"), rate=D("0.85"))
    # 54.20 x 0.85 = 46.07; tax inside: 46.07 x 18 / 118 = 7.0275... -> 7.03
    assert line.amount == D("46.07")
    assert line.tax_amount == D("7.03")
    assert line.total == D("46.07")
    assert render(line.explanation) == "54.20 m2 x 0.85 GEL = 46.07 GEL"


def test_tax_added_on_top_is_paid_in_addition():
    service = Service("WATER", "m3", "GEL", tax_rate=D(18), tax_mode=TaxMode.ADDED)
    line = metered(service, consumption=D("12.400"), rate=D("3.25"))
    # amount 40.30; tax 40.30 x 18 / 100 = 7.254 -> 7.25; total 47.55
    assert (line.amount, line.tax_amount, line.total) == (D("40.30"), D("7.25"), D("47.55"))


def test_tax_included_is_part_of_the_price():
    service = Service("WATER", "m3", "GEL", tax_rate=D(18), tax_mode=TaxMode.INCLUDED)
    line = metered(service, consumption=D("12.400"), rate=D("3.25"))
    # tax 40.30 x 18 / 118 = 6.1474... -> 6.15; total stays 40.30
    assert (line.amount, line.tax_amount, line.total) == (D("40.30"), D("6.15"), D("40.30"))


def test_per_resident_charge():
    line = per_resident(WASTE, residents=3, rate=D("4.50"))
    # 3 x 4.50 = 13.50
    assert line.amount == D("13.50")
    assert render(line.explanation) == "3 residents x 4.50 GEL = 13.50 GEL"


def test_fixed_charge_per_account():
    line = fixed(LIFT, rate=D("8"))
    assert line.amount == D("8.00")
    assert render(line.explanation) == "fixed 8.00 GEL = 8.00 GEL"


def test_norm_for_an_unmetered_unit_rounds_half_up():
    line = norm(WATER, norm_per_resident=D("3.5"), residents=3, rate=D("3.25"))
    # 3.5 x 3 = 10.5 m3; 10.5 x 3.25 = 34.125 -> 34.13 (half-up)
    assert line.quantity == D("10.5")
    assert line.amount == D("34.13")
    assert render(line.explanation) == "norm 3.500 m3 x 3 residents x 3.25 GEL = 34.13 GEL"


@pytest.mark.parametrize("call", [
    lambda: metered(WATER, consumption=12.4, rate=D("3.25")),
    lambda: metered(WATER, consumption=D("12.4"), rate=3.25),
    lambda: per_area(MAINTENANCE, area=54.2, rate=D("0.85")),
    lambda: per_resident(WASTE, residents=3.0, rate=D("4.50")),
    lambda: fixed(LIFT, rate=8.0),
    lambda: Service("X", "m3", "GEL", tax_rate=18.0),  # type: ignore[arg-type]
])
def test_floats_are_refused(call):
    with pytest.raises(TypeError, match="Decimal"):
        call()


@pytest.mark.parametrize(("bands", "message"), [
    ((), "at least one band"),
    ((Band(D(100), D("0.20")),), "open-ended"),
    ((Band(D(100), D("0.20")), Band(D(50), D("0.25")), Band(None, D("0.3"))), "exceed"),
    ((Band(None, D("0.20")), Band(None, D("0.25"))), "not the last"),
])
def test_malformed_bands_are_refused_with_a_reason(bands, message):
    with pytest.raises(ValueError, match=message):
        tiered(ELECTRICITY, consumption=D(1), bands=bands)


def test_negative_consumption_and_fractional_residents_are_refused():
    with pytest.raises(ValueError, match="consumption must not be negative"):
        metered(WATER, consumption=D("-1"), rate=D(1))
    with pytest.raises(ValueError, match="whole number"):
        per_resident(WASTE, residents=D("2.5"), rate=D(1))
