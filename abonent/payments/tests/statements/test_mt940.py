"""MT940: the hand-written files in data/ (figures checked by hand, see data/README.md)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from abonent.payments.statements import Format, StatementError, parse, parse_mt940, reconcile

from .helpers import DATA


def test_two_messages_with_blocks_give_two_reconciled_statements() -> None:
    data = (DATA / "abn_two_statements.sta").read_bytes()
    first, second = parse(data, filename="abn_two_statements.sta")
    assert first.format is Format.MT940
    assert (first.statement_id, first.account, first.currency) == (
        "STMT2301/1/1", "NL91ABNA0417164300", "EUR")
    assert (first.opening_balance, first.closing_balance) == (Decimal("1000.00"),
                                                              Decimal("1134.75"))
    assert (first.from_date, first.to_date) == (date(2023, 1, 1), date(2023, 1, 4))
    assert [e.amount for e in first.entries] == [Decimal("150.25"), Decimal("-25.50"),
                                                 Decimal("10.00")]
    assert reconcile(first) == [] and reconcile(second) == []
    assert [e.index for e in second.entries] == [4]


def test_a_slash_keyed_86_gives_name_account_reference_and_remittance() -> None:
    [credit, *_] = parse_mt940((DATA / "abn_two_statements.sta").read_bytes(),
                               filename="abn")[0].entries
    assert credit.external_id == "BR230102001"  # the bank's reference after //
    assert credit.payer_name == "J. JANSEN"  # wrapped between /NAME and its value
    assert credit.payer_account == "NL20INGB0001234567"
    assert credit.reference == "INV-2023-001"
    assert credit.text == "ACCOUNT 1002003 JANUARY"
    assert (credit.booking_date, credit.value_date) == (date(2023, 1, 2), date(2023, 1, 2))


def test_a_reversal_of_a_debit_is_a_credit() -> None:
    entries = parse_mt940((DATA / "abn_two_statements.sta").read_bytes(),
                          filename="abn")[0].entries
    reversal = entries[2]
    assert reversal.amount == Decimal("10.00") and reversal.is_reversal
    # a :86: wrapped in the middle of a word is joined without a space
    assert reversal.text.endswith("REASON MS03")


def test_the_german_structured_86_gives_purpose_name_and_account() -> None:
    second = parse_mt940((DATA / "abn_two_statements.sta").read_bytes(), filename="abn")[1]
    [credit] = second.entries
    assert credit.amount == Decimal("1000.00")
    assert credit.text == "EREF+ACC1002003SVWZ+RENT FEBRUARY 2023 FLAT 12"
    assert credit.payer_name == "MUELLER HANS"
    assert credit.payer_account == "DE89370400440532013000"
    assert credit.bank_code == "166"
    assert credit.reference == "ACC1002003"  # the account owner's reference in :61:


def test_a_file_without_blocks_and_with_intermediate_balances() -> None:
    [statement] = parse((DATA / "plain_no_blocks.sta").read_bytes(), filename="plain.sta")
    assert statement.opening_balance == Decimal("-50.00")
    assert statement.closing_balance == Decimal("23.02")
    assert reconcile(statement) == []
    rent, fee, same_fee = statement.entries
    # entry date 29 December for a value date of 1 January: the year before
    assert (rent.booking_date, rent.value_date) == (date(2023, 12, 29), date(2024, 1, 1))
    # no bank reference: hashed ids, different for two identical lines
    assert fee.external_id.startswith("h:") and fee.external_id != same_fee.external_id
    again = parse((DATA / "plain_no_blocks.sta").read_bytes(), filename="copy.sta")[0]
    assert [e.external_id for e in again.entries] == [e.external_id for e in statement.entries]


def test_a_broken_statement_line_is_refused_with_its_line_and_tag() -> None:
    data = (b":20:X\n:25:ACC\n:28C:1\n:60F:C240101EUR0,00\n:61:240102C12,34\n"
            b":61:240102C1,001NTRFNONREF\n:62F:C240102EUR12,34\n")
    with pytest.raises(StatementError) as caught:
        parse(data, filename="bad.sta")
    assert [(p.code, p.location, p.field) for p in caught.value.problems] == [
        ("mt940_bad_line", "line 5", ":61:"),
        ("amount_precision", "line 6", ":61: amount"),
    ]


def test_a_statement_without_opening_balance_is_refused() -> None:
    with pytest.raises(StatementError) as caught:
        parse_mt940(b":20:X\n:25:ACC\n:61:240102C12,34NTRFNONREF\n", filename="x.sta")
    assert caught.value.codes == ["mt940_missing_tag"]
