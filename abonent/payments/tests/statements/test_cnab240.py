"""CNAB 240 return files: bank-specific positions, occurrence kinds, record checks."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from abonent.payments.statements import (
    EntryKind,
    Format,
    StatementError,
    movement_kind,
    parse,
    parse_cnab240,
)

from .helpers import shared_statements

SHARED = shared_statements()
pytestmark = pytest.mark.skipif(SHARED is None, reason="shared/data/bank-statements not found")


def read(name: str) -> bytes:
    assert SHARED is not None
    return (SHARED / "cnab240" / name).read_bytes()


def test_banco_do_brasil_titles_paid_with_the_fee_kept_apart() -> None:
    [statement] = parse(read("banco_brasil.ret"), filename="bb.ret")
    assert statement.format is Format.CNAB240
    assert (statement.statement_id, statement.account, statement.currency) == (
        "001-000257-2011-03-21", "328-6/7536-7", "BRL")
    first = statement.entries[0]
    assert first.cnab is not None
    assert (first.amount, first.cnab.title_amount, first.cnab.fee, first.cnab.net_amount) == (
        Decimal("40.00"), Decimal("40.00"), Decimal("5.00"), Decimal("35.00"))
    assert first.cnab.due_date == date(2011, 3, 23)
    assert statement.warnings == ()


def test_caixa_discount_and_our_number_with_its_modality() -> None:
    [statement] = parse_cnab240(read("caixa.ret"), filename="caixa.ret")
    big = statement.entries[7]
    assert big.cnab is not None
    assert big.cnab.our_number == "24000000000031999"
    assert (big.cnab.title_amount, big.cnab.discount, big.amount) == (
        Decimal("480.00"), Decimal("60.00"), Decimal("420.00"))
    assert big.cnab.fee == Decimal("1.25")
    assert statement.account == "1234-2/43210"


def test_btg_entry_confirmed_then_paid_with_short_records_warned() -> None:
    [statement] = parse(read("btg.ret"), filename="btg.ret")
    registered, paid = statement.entries
    assert (registered.kind, registered.amount) == (EntryKind.REGISTERED, Decimal("0.00"))
    assert paid.kind is EntryKind.BOOKED
    assert registered.external_id != paid.external_id
    assert paid.cnab is not None and paid.cnab.payer_document == "52843212000818"
    assert paid.cnab.document_number == "196/1-1"
    codes = [w.code for w in statement.warnings]
    assert codes.count("cnab_line_length") == 3 and "cnab_record_count" in codes


def test_santander_positions_and_a_liquidation_after_write_off() -> None:
    [statement] = parse(read("santander.ret"), filename="santander.ret")
    [entry] = statement.entries
    assert entry.cnab is not None
    assert (entry.kind, entry.bank_code) == (EntryKind.BOOKED, "17")
    assert (entry.cnab.title_amount, entry.cnab.other_credits, entry.amount) == (
        Decimal("10.00"), Decimal("1.00"), Decimal("11.00"))
    assert entry.cnab.due_date == date(2014, 6, 4)
    assert statement.account == "4567-5/11111111-9"
    # its batch trailer miscounts the records: a warning, not a refusal
    assert [w.code for w in statement.warnings] == ["cnab_record_count"]


def test_only_liquidations_are_booked() -> None:
    assert movement_kind("001", "06") is EntryKind.BOOKED
    assert movement_kind("001", "17") is EntryKind.BOOKED
    assert movement_kind("001", "02") is EntryKind.REGISTERED
    assert movement_kind("001", "03") is EntryKind.REJECTED
    assert movement_kind("001", "09") is EntryKind.WRITTEN_OFF
    assert movement_kind("001", "28") is EntryKind.FEE
    assert movement_kind("104", "46") is EntryKind.BOOKED  # Caixa: liquidação on-line
    assert movement_kind("104", "47") is EntryKind.REVERSAL
    assert movement_kind("001", "14") is EntryKind.INFO


def test_a_file_cut_before_its_trailer_is_refused() -> None:
    lines = read("banco_brasil.ret").splitlines(keepends=True)
    with pytest.raises(StatementError) as caught:
        parse_cnab240(b"".join(lines[:-1]), filename="cut.ret")
    assert caught.value.codes == ["cnab_no_trailer"]


def test_a_u_segment_without_its_t_is_refused_with_its_line() -> None:
    lines = read("banco_brasil.ret").splitlines(keepends=True)
    del lines[2]  # the first T
    with pytest.raises(StatementError) as caught:
        parse_cnab240(b"".join(lines), filename="no-t.ret")
    [problem] = caught.value.problems
    assert (problem.code, problem.location, problem.field) == (
        "cnab_segment_order", "line 3", "014 segmento")


def test_a_bad_paid_amount_names_its_positions() -> None:
    lines = read("banco_brasil.ret").splitlines(keepends=True)
    u = lines[3]
    lines[3] = u[:77] + b"00000000000ABCD" + u[92:]
    with pytest.raises(StatementError) as caught:
        parse_cnab240(b"".join(lines), filename="bad.ret")
    [problem] = caught.value.problems
    assert (problem.code, problem.location, problem.field) == (
        "bad_number", "line 4", "078-092 valor pago")
