"""CSV exports read through a column mapping saved per bank."""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal

import pytest

from abonent.payments.statements import (
    CsvColumns,
    CsvMapping,
    Format,
    StatementError,
    parse,
    parse_csv,
)

GERMAN = CsvMapping(
    name="Sparkasse",
    delimiter=";",
    encoding="cp1252",
    skip_rows=2,
    date_format="%d.%m.%Y",
    decimal_separator=",",
    thousands_separator=".",
    account="DE89370400440532013000",
    columns=CsvColumns(date="Buchungstag", value_date="Valuta", amount="Betrag",
                       payer_name="Auftraggeber", payer_account="IBAN",
                       reference="Kundenreferenz", text=("Verwendungszweck", "Buchungstext")),
)

GERMAN_FILE = (
    "Umsätze Girokonto;;;;;;;\n"
    "Zeitraum: 01.01.2024 - 31.01.2024;;;;;;;\n"
    "Buchungstag;Valuta;Auftraggeber;IBAN;Kundenreferenz;Verwendungszweck;Buchungstext;Betrag\n"
    "02.01.2024;03.01.2024;Müller, Hans;DE12 5001 0517 0648 4898 90;ACC1002003;"
    "Miete Januar;Gutschrift;1.234,50\n"
    "05.01.2024;05.01.2024;Stadtwerke;;;Abschlag Strom;Lastschrift;-85,00\n"
    "05.01.2024;05.01.2024;Stadtwerke;;;Abschlag Strom;Lastschrift;-85,00\n"
).encode("cp1252")


def test_a_german_export_with_title_rows_and_decimal_commas() -> None:
    [statement] = parse(GERMAN_FILE, filename="umsaetze.csv", mapping=GERMAN)
    assert statement.format is Format.CSV
    assert statement.account == "DE89370400440532013000"
    rent, power, power_again = statement.entries
    assert rent.amount == Decimal("1234.50")
    assert (rent.booking_date, rent.value_date) == (date(2024, 1, 2), date(2024, 1, 3))
    assert (rent.payer_name, rent.payer_account, rent.reference) == (
        "Müller, Hans", "DE12500105170648489890", "ACC1002003")
    assert rent.text == "Miete Januar Gutschrift"
    assert power.amount == Decimal("-85.00")
    # no id column: content-based ids, the second identical row counted apart
    assert power_again.external_id == power.external_id + ".2"
    assert (statement.from_date, statement.to_date) == (date(2024, 1, 2), date(2024, 1, 5))


def test_ids_do_not_depend_on_the_rows_before_so_overlapping_exports_agree() -> None:
    full = parse(GERMAN_FILE, filename="a.csv", mapping=GERMAN)[0].entries
    lines = GERMAN_FILE.split(b"\n")
    later = b"\n".join(lines[:3] + lines[4:])  # the same export without its first row
    overlap = parse(later, filename="b.csv", mapping=GERMAN)[0].entries
    assert [e.external_id for e in overlap] == [e.external_id for e in full[1:]]


def test_errors_name_the_row_and_the_column() -> None:
    bad = GERMAN_FILE.replace(b"-85,00\n", b"-85,001\n", 1).replace(b"05.01.2024;05", b"5/1/24;05",
                                                                   1)
    with pytest.raises(StatementError) as caught:
        parse_csv(bad, filename="bad.csv", mapping=GERMAN)
    assert [(p.code, p.location, p.field) for p in caught.value.problems] == [
        ("amount_precision", "row 5", "Betrag"),
        ("bad_date", "row 5", "Buchungstag"),
    ]


def test_a_missing_column_is_named_with_the_mapping() -> None:
    renamed = GERMAN_FILE.replace(b"Betrag\n", b"Umsatz\n")
    with pytest.raises(StatementError) as caught:
        parse_csv(renamed, filename="x.csv", mapping=GERMAN)
    [problem] = caught.value.problems
    assert (problem.code, problem.field) == ("csv_no_column", "Betrag")
    assert "Sparkasse" in problem.message


def test_credit_and_debit_columns_by_number_without_header() -> None:
    mapping = CsvMapping(name="Pair", has_header=False, currency="GEL",
                         columns=CsvColumns(date=1, credit=2, debit=3, external_id=4, text=(5,)))
    data = b"2024-01-02,50.00,,TX1,rent\n2024-01-03,,12.30,TX2,fee\n2024-01-04,1,2,TX3,both\n"
    with pytest.raises(StatementError) as caught:
        parse_csv(data, filename="p.csv", mapping=mapping)
    assert [(p.code, p.location) for p in caught.value.problems] == [
        ("csv_credit_and_debit", "row 3")]
    [statement] = parse_csv(data.rsplit(b"2024-01-04", 1)[0], filename="p.csv", mapping=mapping)
    assert [(e.external_id, e.amount, e.currency) for e in statement.entries] == [
        ("TX1", Decimal("50.00"), "GEL"), ("TX2", Decimal("-12.30"), "GEL")]


def test_amount_notations() -> None:
    mapping = CsvMapping(name="Signs", columns=CsvColumns(date="d", amount="a"),
                         thousands_separator=",")
    data = b'd,a\n2024-01-01,"1,234.56"\n2024-01-01,(7.00)\n2024-01-01,8.00-\n2024-01-01,+.5\n'
    amounts = [e.amount for e in parse_csv(data, filename="s.csv", mapping=mapping)[0].entries]
    assert amounts == [Decimal("1234.56"), Decimal("-7.00"), Decimal("-8.00"), Decimal("0.50")]


def test_a_mapping_round_trips_through_json() -> None:
    stored = json.loads(json.dumps(GERMAN.to_dict()))
    assert stored["columns"]["text"] == ["Verwendungszweck", "Buchungstext"]
    assert CsvMapping.from_dict(stored) == GERMAN


def test_a_mapping_with_a_typo_is_refused() -> None:
    stored = GERMAN.to_dict()
    stored["delimeter"] = ","
    with pytest.raises(ValueError, match="delimeter"):
        CsvMapping.from_dict(stored)
    with pytest.raises(ValueError, match="amount column or credit/debit"):
        CsvColumns(date="d")
    with pytest.raises(ValueError, match="by number"):
        CsvMapping(name="x", has_header=False, columns=CsvColumns(date="d", amount=2))


def test_a_wrong_encoding_is_refused_clearly() -> None:
    mapping = CsvMapping(name="ascii", encoding="ascii", columns=CsvColumns(date=1, amount=2))
    with pytest.raises(StatementError) as caught:
        parse_csv("d,a\n2024-01-01,5\nü".encode(), filename="e.csv", mapping=mapping)
    assert caught.value.codes == ["encoding"]
