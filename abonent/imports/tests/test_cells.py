"""How cells are read: what spreadsheet programs store for what people type."""

import datetime as dt
from decimal import Decimal

import pytest

from abonent.imports import cells
from abonent.imports.cells import CellError


@pytest.mark.parametrize(("raw", "expected"), [
    (12, "12"), (12.0, "12"), ("  12a ", "12a"), (None, ""), ("", ""),
    ("Rua Augusta", "Rua Augusta"),
])
def test_text_cells_keep_what_was_typed(raw, expected):
    assert cells.parse_text(raw) == expected


def test_a_house_number_turned_into_a_date_is_refused():
    with pytest.raises(CellError, match="into a date"):
        cells.parse_text(dt.datetime(2024, 12, 3))  # noqa: DTZ001 (a naive spreadsheet value)


@pytest.mark.parametrize(("raw", "expected"), [
    (54.3, Decimal("54.3")), ("54,30", Decimal("54.30")), ("1 250.5", Decimal("1250.5")),
    (7, Decimal(7)), (None, None), ("", None),
])
def test_numbers_accept_a_decimal_point_or_comma(raw, expected):
    assert cells.parse_decimal(raw) == expected


@pytest.mark.parametrize("raw", ["abc", True, "NaN", "1.2.3"])
def test_text_that_is_no_number_is_refused(raw):
    with pytest.raises(CellError):
        cells.parse_decimal(raw)


@pytest.mark.parametrize(("raw", "expected"), [(3, 3), (3.0, 3), (" 12 ", 12), ("-1", -1)])
def test_whole_numbers(raw, expected):
    assert cells.parse_integer(raw) == expected


@pytest.mark.parametrize("raw", [2.5, "two", True])
def test_fractions_and_words_are_no_whole_numbers(raw):
    with pytest.raises(CellError):
        cells.parse_integer(raw)


@pytest.mark.parametrize(("raw", "expected"), [
    (dt.datetime(2020, 1, 31), dt.date(2020, 1, 31)),  # noqa: DTZ001
    (dt.date(2020, 1, 31), dt.date(2020, 1, 31)),
    ("2020-01-31", dt.date(2020, 1, 31)), ("31.01.2020", dt.date(2020, 1, 31)),
    ("31/01/2020", dt.date(2020, 1, 31)), (None, None),
])
def test_dates_as_date_cells_or_text(raw, expected):
    assert cells.parse_date(raw) == expected


@pytest.mark.parametrize("raw", ["31.13.2020", "01/31/2020", 43861, "yesterday"])
def test_impossible_or_ambiguous_dates_are_refused(raw):
    with pytest.raises(CellError):
        cells.parse_date(raw)


@pytest.mark.parametrize(("raw", "expected"), [
    (True, True), ("yes", True), ("X", True), (1, True), ("no", False), (0, False), (None, None),
])
def test_yes_no(raw, expected):
    assert cells.parse_boolean(raw) == expected


def test_choices_are_matched_without_regard_to_case():
    assert cells.parse_choice("Apartment", ["apartment", "house"]) == "apartment"
    with pytest.raises(CellError, match="apartment, house"):
        cells.parse_choice("flat", ["apartment", "house"])


def test_lists_split_on_commas_semicolons_and_spaces():
    assert cells.parse_list("SMS; email, viber") == ["sms", "email", "viber"]
