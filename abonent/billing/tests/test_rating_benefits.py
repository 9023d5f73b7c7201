"""Benefits: discounts as their own negative lines, within social norms, combined by a rule."""

from decimal import Decimal as D

import pytest

from abonent.billing.rating import (
    Benefit,
    BenefitGrant,
    CombineRule,
    LineKind,
    NormKind,
    Service,
    SocialNorm,
    TaxMode,
    benefit_line,
    metered,
    per_area,
    render,
    render_all,
)

WATER = Service("WATER", "m3", "GEL")
MAINTENANCE = Service("MAINT", "m2", "GEL", tax_rate=D(18), tax_mode=TaxMode.INCLUDED)
AREA_NORM = SocialNorm(NormKind.AREA, D(33), "m2")
PENSIONER = Benefit("PENS", "pensioner", D(50), frozenset({"WATER", "MAINT"}), AREA_NORM)
VETERAN = Benefit("VET", "veteran", D(25), frozenset({"WATER"}))
DISABILITY = Benefit("DIS", "disability", D(70), frozenset({"WATER"}))
LARGE_FAMILY = Benefit("LF", "large family", D(30), frozenset({"WATER"}),
                       SocialNorm(NormKind.CONSUMPTION, D("2.5"), "m3"))


def water_line():
    return metered(WATER, consumption=D("12.400"), rate=D("3.25"))  # 40.30


def test_pensioner_discount_applies_to_the_whole_charge_inside_the_norm():
    charge = water_line()
    benefit = benefit_line(WATER, charge, [BenefitGrant(PENSIONER)], area=D(30))
    # 30 m2 <= 33 m2: all of it. 40.30 x 50% = 20.15
    assert benefit.kind is LineKind.BENEFIT
    assert benefit.amount == D("-20.15")
    assert render_all([charge.explanation, benefit.explanation]) == (
        "12.400 m3 x 3.25 GEL = 40.30 GEL; pensioner -50% within 33 m2: -20.15 GEL")


def test_pensioner_discount_applies_only_within_the_area_norm():
    charge = per_area(MAINTENANCE, area=D("54.20"), rate=D("0.85"))  # 46.07
    benefit = benefit_line(MAINTENANCE, charge, [BenefitGrant(PENSIONER)], area=D("54.20"))
    # 33 of 54.20 m2 discounted: 46.07 x 50 x 33 / (100 x 54.20) = 76015.5 / 5420 = 14.025
    # -> -14.03 (half-up, away from zero); tax inside: -14.03 x 18 / 118 = -2.140... -> -2.14
    assert benefit.exact_amount == D("-14.025")
    assert benefit.amount == D("-14.03")
    assert benefit.tax_amount == D("-2.14")
    assert render(benefit.explanation) == "pensioner -50% within 33 m2: -14.03 GEL"


def test_two_entitled_people_double_the_norm():
    charge = per_area(MAINTENANCE, area=D("54.20"), rate=D("0.85"))
    benefit = benefit_line(MAINTENANCE, charge, [BenefitGrant(PENSIONER, persons=2)],
                           area=D("54.20"))
    # norm 66 m2 >= 54.20 m2: whole charge, 46.07 x 50% = 23.035 -> -23.04
    assert benefit.amount == D("-23.04")
    assert render(benefit.explanation) == "pensioner -50% within 66 m2: -23.04 GEL"


def test_large_family_discount_within_a_consumption_norm():
    charge = water_line()
    benefit = benefit_line(WATER, charge, [BenefitGrant(LARGE_FAMILY, persons=4)])
    # norm 2.5 x 4 = 10 m3 of 12.400 m3: 40.30 x 30 x 10 / (100 x 12.400) = 12090 / 1240 = 9.75
    assert benefit.amount == D("-9.75")
    assert benefit.quantity == D(10)


def test_with_the_max_rule_only_the_most_favourable_benefit_applies():
    charge = water_line()
    benefit = benefit_line(WATER, charge, [BenefitGrant(VETERAN), BenefitGrant(PENSIONER)],
                           area=D(30))
    # veteran 40.30 x 25% = 10.075; pensioner 20.15: the pensioner's wins
    assert benefit.amount == D("-20.15")
    assert benefit.rates == (D(50),)
    assert render(benefit.explanation) == "pensioner -50% within 33 m2: -20.15 GEL"


def test_with_the_sum_rule_benefits_add_up():
    charge = water_line()
    benefit = benefit_line(WATER, charge, [BenefitGrant(VETERAN), BenefitGrant(PENSIONER)],
                           area=D(30), rule=CombineRule.SUM)
    # 10.075 + 20.15 = 30.225 -> -30.23
    assert benefit.amount == D("-30.23")
    assert render(benefit.explanation) == (
        "veteran -25% + pensioner -50% within 33 m2: -30.23 GEL")


def test_with_the_sum_rule_benefits_are_capped_at_the_charge():
    charge = water_line()
    benefit = benefit_line(WATER, charge, [BenefitGrant(DISABILITY), BenefitGrant(PENSIONER)],
                           area=D(30), rule=CombineRule.SUM)
    # 70% + 50% = 120% -> capped at 100%: -40.30
    assert benefit.amount == D("-40.30")
    assert render(benefit.explanation) == (
        "disability -70% + pensioner -50% within 33 m2 (capped at 100%): -40.30 GEL")


def test_a_benefit_on_other_services_gives_no_line():
    charge = per_area(MAINTENANCE, area=D(50), rate=D(1))
    assert benefit_line(MAINTENANCE, charge, [BenefitGrant(VETERAN)]) is None


def test_an_area_norm_needs_the_area():
    with pytest.raises(ValueError, match="area"):
        benefit_line(WATER, water_line(), [BenefitGrant(PENSIONER)])


def test_a_discount_above_100_percent_is_refused():
    with pytest.raises(ValueError, match=r"0\.\.100"):
        Benefit("X", "x", D(101), frozenset())
    with pytest.raises(TypeError):
        Benefit("X", "x", 50.0, frozenset())  # type: ignore[arg-type]
