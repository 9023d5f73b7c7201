"""Properties: files written from random entries read back to the same entries, ids are stable
and unique, and reconcile uses exactly the sum of the entries."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from abonent.payments.statements import (
    CsvColumns,
    CsvMapping,
    parse,
    parse_csv,
    parse_mt940,
    reconcile,
)

from .helpers import Line, csv_file, mt940

WORD = st.text(alphabet="ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789.,'()+",
               min_size=1, max_size=12)
TEXT = st.lists(WORD, min_size=1, max_size=20).map(" ".join).filter(
    lambda t: t[0].isalpha())  # a :86: starting with a letter is plain text
AMOUNT = st.integers(min_value=-10_000_000, max_value=10_000_000).filter(bool).map(
    lambda cents: Decimal(cents).scaleb(-2))
DAY = st.integers(min_value=0, max_value=3000).map(lambda n: date(2020, 1, 1) + timedelta(n))
REF = st.text(alphabet="ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789", min_size=1, max_size=16)


@st.composite
def lines(draw: st.DrawFn, bank_refs: bool) -> list[Line]:
    count = draw(st.integers(min_value=1, max_value=15))
    result = []
    for _ in range(count):
        result.append(Line(
            day=draw(DAY), amount=draw(AMOUNT), text=draw(TEXT),
            payer_name=draw(st.one_of(st.just(""), WORD)),
            reference=draw(st.one_of(st.just(""), REF)),
            bank_reference=draw(REF) if bank_refs and draw(st.booleans()) else ""))
    return result


@settings(max_examples=60, deadline=None)
@given(written=lines(bank_refs=True), opening=AMOUNT)
def test_mt940_written_from_entries_reads_back_the_same(written: list[Line],
                                                        opening: Decimal) -> None:
    data = mt940(written, opening=opening)
    [statement] = parse_mt940(data, filename="prop.sta")
    read = statement.entries
    assert [(e.value_date, e.amount, e.text, e.reference) for e in read] == [
        (w.day, w.amount, w.text, w.reference) for w in written]
    ids = [e.external_id for e in read]
    assert len(set(ids)) == len(ids)
    for entry, line in zip(read, written, strict=True):
        if line.bank_reference:
            assert entry.external_id.split("#")[0] == line.bank_reference
    again = parse(data, filename="other-name.sta")[0]
    assert [e.external_id for e in again.entries] == ids
    assert statement.closing_balance == opening + statement.booked_total
    assert reconcile(statement) == []


@settings(max_examples=60, deadline=None)
@given(written=lines(bank_refs=False), delimiter=st.sampled_from([",", ";", "\t", "|"]),
       decimal=st.sampled_from([".", ","]))
def test_csv_written_from_entries_reads_back_the_same(written: list[Line], delimiter: str,
                                                      decimal: str) -> None:
    mapping = CsvMapping(
        name="prop", delimiter=delimiter, decimal_separator=decimal, date_format="%d/%m/%Y",
        columns=CsvColumns(date="Date", amount="Amount", payer_name="Name",
                           reference="Reference", text=("Details",)))
    data = csv_file(written, mapping)
    [statement] = parse_csv(data, filename="prop.csv", mapping=mapping)
    assert [(e.booking_date, e.amount, e.payer_name, e.reference, e.text)
            for e in statement.entries] == [
        (w.day, w.amount, w.payer_name, w.reference, w.text) for w in written]
    ids = [e.external_id for e in statement.entries]
    assert len(set(ids)) == len(ids)
    assert [e.external_id for e in parse_csv(data, filename="again.csv",
                                             mapping=mapping)[0].entries] == ids
    # round trip of the mapping itself
    assert CsvMapping.from_dict(mapping.to_dict()) == mapping


@settings(max_examples=40, deadline=None)
@given(written=lines(bank_refs=True), opening=AMOUNT, off_by=AMOUNT)
def test_reconcile_uses_exactly_the_sum_of_the_entries(written: list[Line], opening: Decimal,
                                                       off_by: Decimal) -> None:
    [statement] = parse_mt940(mt940(written, opening=opening), filename="p.sta")
    total = sum((e.amount for e in statement.entries), Decimal(0))
    assert statement.booked_total == total
    assert statement.credits_total + statement.debits_total == total
    from dataclasses import replace

    wrong = replace(statement, closing_balance=opening + total + off_by)
    [problem] = reconcile(wrong)
    assert problem.code == "balance_mismatch"
    assert Decimal(str(problem.params["difference"])) == off_by
