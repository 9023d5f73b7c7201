"""Money: exact decimals, half-up rounding to the currency's minor unit, formatting by locale."""

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from abonent.core.choices import Currency
from abonent.core.money import format_money, format_number, quantum, round_money, to_decimal

NB = "\u00a0"  # no-break space: CLDR's group separator in ka and ru, and its currency spacing


@pytest.mark.parametrize(("amount", "expected"), [
    ("0.005", "0.01"),
    ("0.004", "0.00"),
    ("2.675", "2.68"),  # 2.675 as a float is 2.67499999…; as a Decimal it rounds up
    ("1.125", "1.13"),
    ("-0.005", "-0.01"),  # half away from zero, as a printed receipt does
    ("-1.125", "-1.13"),
    ("10", "10.00"),
    ("99.99499", "99.99"),
])
def test_amounts_round_half_up_to_the_minor_unit(amount, expected):
    assert round_money(Decimal(amount), "GEL") == Decimal(expected)
    assert str(round_money(amount, "GEL")) == expected


@pytest.mark.parametrize("currency", ["GEL", "BRL", "EUR", "RUB", "USD"])
def test_each_currency_of_the_first_users_has_two_decimals(currency):
    assert quantum(currency) == Decimal("0.01")
    assert round_money("1234.5", currency) == Decimal("1234.50")


def test_floats_are_refused_everywhere():
    with pytest.raises(TypeError, match="float"):
        to_decimal(0.1)
    with pytest.raises(TypeError, match="float"):
        round_money(2.675, "GEL")
    with pytest.raises(TypeError, match="float"):
        format_money(1.5, "EUR", "en")


def test_integers_and_strings_are_exact():
    assert to_decimal(3) == Decimal(3)
    assert to_decimal("0.1") + to_decimal("0.2") == Decimal("0.3")


# Hand-checked against each country's written convention (CLDR): the Georgian, Russian and
# Brazilian readers write a decimal comma; ka and ru group with a no-break space and put the
# symbol after the number, pt-BR groups with a dot and puts it first; English puts the symbol
# first with no space, except a symbol made of letters, which is kept apart from the digits.
FORMATTED = {
    ("GEL", "en"): f"GEL{NB}1,234.57",
    ("GEL", "ka"): f"1{NB}234,57{NB}₾",
    ("GEL", "pt-br"): f"GEL{NB}1.234,57",
    ("GEL", "ru"): f"1{NB}234,57{NB}GEL",
    ("BRL", "en"): "R$1,234.57",
    ("BRL", "ka"): f"1{NB}234,57{NB}R$",
    ("BRL", "pt-br"): f"R${NB}1.234,57",
    ("BRL", "ru"): f"1{NB}234,57{NB}R$",
    ("EUR", "en"): "€1,234.57",
    ("EUR", "ka"): f"1{NB}234,57{NB}€",
    ("EUR", "pt-br"): f"€{NB}1.234,57",
    ("EUR", "ru"): f"1{NB}234,57{NB}€",
    ("RUB", "en"): f"RUB{NB}1,234.57",
    ("RUB", "ka"): f"1{NB}234,57{NB}RUB",
    ("RUB", "pt-br"): f"RUB{NB}1.234,57",
    ("RUB", "ru"): f"1{NB}234,57{NB}₽",
    ("USD", "en"): "$1,234.57",
    ("USD", "ka"): f"1{NB}234,57{NB}US$",
    ("USD", "pt-br"): f"US${NB}1.234,57",
    ("USD", "ru"): f"1{NB}234,57{NB}$",
}


@pytest.mark.parametrize(("currency", "language"), list(FORMATTED))
def test_amounts_are_written_as_the_reader_expects(currency, language):
    assert format_money(Decimal("1234.565"), currency, language) == FORMATTED[currency, language]


@pytest.mark.parametrize(("currency", "language", "expected"), [
    ("GEL", "ka", f"-0,50{NB}₾"),
    ("BRL", "pt-br", f"-R${NB}0,50"),
    ("RUB", "ru", f"-0,50{NB}₽"),
    ("USD", "en", "-$0.50"),
    ("GEL", "en", f"-GEL{NB}0.50"),
])
def test_negative_amounts_keep_their_sign(currency, language, expected):
    assert format_money("-0.5", currency, language) == expected


def test_large_amounts_are_grouped_and_rounded_before_formatting():
    assert format_money("1234567.005", "EUR", "pt-br") == f"€{NB}1.234.567,01"
    assert format_money("1234567.005", "RUB", "ru") == f"1{NB}234{NB}567,01{NB}₽"


def test_an_unknown_language_falls_back_to_english():
    assert format_money("5", "USD", "xx") == "$5.00"
    assert format_money("5", "USD", "") == "$5.00"


def test_numbers_are_written_by_locale():
    assert format_number(Decimal("1234.5"), "ru", places=2) == f"1{NB}234,50"
    assert format_number(Decimal("54.3"), "pt-br") == "54,3"
    assert format_number(Decimal("54.25"), "en", places=1) == "54.3"


def test_every_currency_in_the_choices_can_be_rounded_and_formatted():
    for currency in Currency.values:
        for language in ("en", "ka", "pt-br", "ru"):
            assert "1" in format_money("1", currency, language)
        assert round_money("0.005", currency) == Decimal("0.01")


amounts = st.decimals(min_value=Decimal("-1e12"), max_value=Decimal("1e12"), allow_nan=False,
                      allow_infinity=False, places=6)


@given(amounts, st.sampled_from(["GEL", "BRL", "EUR", "RUB", "USD"]))
def test_rounding_is_idempotent(value, currency):
    once = round_money(value, currency)
    assert round_money(once, currency) == once


@given(amounts, st.sampled_from(["GEL", "BRL", "EUR", "RUB", "USD"]))
def test_rounding_moves_an_amount_by_at_most_half_a_minor_unit(value, currency):
    rounded = round_money(value, currency)
    assert abs(rounded - value) <= quantum(currency) / 2
    assert rounded.as_tuple().exponent == -2


@given(amounts)
def test_rounding_is_symmetric_around_zero(value):
    assert round_money(-value, "GEL") == -round_money(value, "GEL")
