"""reconcile(): opening balance plus the booked entries must give the closing balance."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from decimal import Decimal

from abonent.payments.statements import (
    EntryKind,
    Format,
    Statement,
    StatementEntry,
    reconcile,
)


def statement(*amounts: str, opening: str | None = "100.00", closing: str | None = "130.00",
              closing_currency: str | None = None) -> Statement:
    entries = tuple(
        StatementEntry(index=i, external_id=f"E{i}", booking_date=date(2024, 1, i),
                       value_date=date(2024, 1, i), amount=Decimal(a), currency="EUR")
        for i, a in enumerate(amounts, 1))
    return Statement(
        format=Format.CAMT053, statement_id="S1", account="NL91ABNA0417164300", currency="EUR",
        entries=entries, opening_balance=Decimal(opening) if opening else None,
        closing_balance=Decimal(closing) if closing else None, opening_currency="EUR",
        closing_currency=closing_currency or "EUR", filename="s.xml")


def test_a_statement_that_adds_up_has_no_problem() -> None:
    assert reconcile(statement("50.00", "-20.00")) == []


def test_a_difference_is_reported_with_every_figure() -> None:
    [problem] = reconcile(statement("50.00", "-20.01"))
    assert problem.code == "balance_mismatch"
    assert problem.params == {"opening": "100.00", "total": "29.99", "expected": "129.99",
                              "closing": "130.00", "difference": "0.01", "currency": "EUR"}
    assert problem.message == ("Opening balance 100.00 plus the entries (29.99) makes 129.99, "
                               "but the closing balance is 130.00 (difference 0.01 EUR).")


def test_a_closing_balance_in_another_currency_is_flagged() -> None:
    [problem] = reconcile(statement("30.00", closing_currency="SEK"))
    assert (problem.code, problem.params["balance_currency"]) == ("balance_currency", "SEK")


def test_entries_not_booked_do_not_count() -> None:
    base = statement("30.00", "99.00")
    pending = replace(base.entries[1], kind=EntryKind.PENDING)
    assert reconcile(replace(base, entries=(base.entries[0], pending))) == []


def test_without_balances_there_is_nothing_to_reconcile() -> None:
    assert reconcile(statement("30.00", opening=None, closing=None)) == []


def test_an_entry_in_another_currency_cannot_be_summed() -> None:
    base = statement("30.00")
    odd = replace(base.entries[0], currency="USD")
    [problem] = reconcile(replace(base, entries=(odd,)))
    assert problem.code == "entry_currency"
