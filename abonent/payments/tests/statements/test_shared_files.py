"""Every real file in shared/data/bank-statements either parses to hand-checked figures or is
refused with the expected problem. A file added there without an expectation here fails."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from abonent.payments.statements import EntryKind, StatementError, parse, reconcile

from .helpers import shared_statements

SHARED = shared_statements()
pytestmark = pytest.mark.skipif(SHARED is None, reason="shared/data/bank-statements not found")


@dataclass(frozen=True)
class Figures:
    """One statement: entry count, credits and debits of the booked entries, balances, the
    problem codes ``reconcile`` gives, and fields of one entry (``sample``, by position)."""

    count: int
    credits: str
    debits: str = "0"
    opening: str | None = None
    closing: str | None = None
    reconcile: tuple[str, ...] = ()
    sample: dict[str, Any] = field(default_factory=dict)
    sample_at: int = 0


@dataclass(frozen=True)
class Parsed:
    statements: tuple[Figures, ...]


@dataclass(frozen=True)
class Refused:
    codes: tuple[str, ...]
    location: str = ""
    field: str = ""


# A camt.053 v2 entry of 8.85 EUR credited by NAME NAME (several files share it).
_NAME_NAME = {"amount": Decimal("8.85"), "currency": "EUR", "payer_name": "NAME NAME",
              "payer_account": "NL56AGDH9619008421", "reference": "4654654654654654",
              "booking_date": date(2014, 12, 31), "value_date": date(2015, 1, 2)}

EXPECTED: dict[str, Parsed | Refused] = {
    # camt.053
    "camt/camt053.v2.all-balance-types.xml": Refused(
        ("amount_precision",), "statement 1, entry 1", "Ntry/Amt"),
    "camt/camt053.v2.five.decimals.xml": Refused(
        ("amount_precision", "amount_precision", "amount_precision"),
        "statement 1, entry 1", "Ntry/Amt"),
    "camt/camt053.v2.minimal.xml": Parsed((Figures(
        1, "8.85", opening="18.15", closing="-27.00", reconcile=("balance_currency",),
        sample={**_NAME_NAME, "bank_code": "544", "text": ""}),)),
    "camt/camt053.v2.minimal.ultimate.xml": Parsed((Figures(
        1, "8.85", opening="18.15", closing="-27.00", reconcile=("balance_currency",),
        sample={"payer_name": "DEBTOR NAME NM", "payer_account": "",
                "reference": "4654654654654654"}),)),
    "camt/camt053.v2.multi.statement.xml": Parsed((
        Figures(1, "8.85", opening="18.15", closing="27.00",
                sample={"external_id": "000000001@2014-12-31/8.85",
                        "text": "Transaction Description 1", "payer_name": ""}),
        Figures(1, "0", debits="-7.00", opening="27.00", closing="20.00",
                sample={"external_id": "000000002@2014-12-31/-7.00", "amount": Decimal("-7.00"),
                        "payer_name": "Company Name 2", "payer_account": "NL56AGDH9619008421",
                        "text": "Transaction Description 2"}),
    )),
    "camt/camt053.v2.with-account-name.xml": Parsed((Figures(
        1, "8.85", sample={"booking_date": date(2014, 12, 31), "value_date": None}),)),
    "camt/camt053.v2.with-party-ids.xml": Parsed((Figures(
        1, "8.85", opening="18.15", closing="-27.00", reconcile=("balance_currency",),
        sample=_NAME_NAME),)),
    "camt/camt053.v2.wrong.xml": Refused(("no_statement",), "", "BkToCstmrStmt/Stmt"),
    "camt/camt053.v3.xml": Parsed((Figures(
        1, "8.85", opening="18.15", closing="-27.00", reconcile=("balance_currency",),
        sample={**_NAME_NAME, "external_id": "XXXXXXXXXXXXXXXXXXXXXXEUR",
                "bank_code": "PMNT-RCDT-DMCT"}),)),
    "camt/camt053.v4.xml": Parsed((Figures(
        1, "8.85", opening="18.15", closing="-27.00", reconcile=("balance_currency",),
        sample={**_NAME_NAME, "external_id": "AAAASESS-FP-CN_98765/01",
                "bank_code": "PAYM-0001-0005"}),)),
    "camt/camt053.v8.xml": Parsed((Figures(
        1, "8.85", opening="18.15", closing="-27.00", reconcile=("balance_currency",),
        sample={**_NAME_NAME, "external_id": "AAAASESS-FP-CN_98765/01",
                "bank_code": "PMNT-RCDT-BOOK"}),)),
    # camt.054: notifications, no balances
    "camt/camt054.v2.with-account-name.xml": Parsed((Figures(
        1, "0", debits="-200000.00",
        sample={"currency": "SEK", "booking_date": None, "bank_code": "PMNT-ICDT-DMCT"}),)),
    "camt/camt054.v2.xml": Refused(
        ("transaction_amount_missing",), "statement 1, entry 1", "NtryDtls/TxDtls/Amt"),
    "camt/camt054.v4.xml": Refused(
        ("transaction_sum_mismatch",), "statement 1, entry 1", "NtryDtls/TxDtls/Amt"),
    "camt/camt054.v8.xml": Refused(
        ("transaction_sum_mismatch",), "statement 1, entry 1", "NtryDtls/TxDtls/Amt"),
    "camt/camt054.v8-with-UETR.xml": Parsed((Figures(
        1, "0", debits="-200000.00",
        sample={"external_id": "255ae394-9965-4438-ac86-f406feada396"}),)),
    "camt/camt054.v8-with-financial-institution.xml": Parsed((Figures(
        1, "0", debits="-200000.00",
        sample={"external_id": "ACSR160617103200001",
                "payer_name": "Example Creditor 3 - V1"}),)),
    # CNAB 240: paid amounts of the liquidations (hand-added from the U segments)
    "cnab240/banco_brasil.ret": Parsed((Figures(
        5, "128.80", sample_at=4,
        sample={"external_id": "001:32948600000005048:2011-03-21:06",
                "amount": Decimal("28.80"), "reference": "32948600000005048",
                "booking_date": date(2011, 3, 21), "value_date": date(2011, 3, 23),
                "bank_code": "06", "kind": EntryKind.BOOKED}),)),
    "cnab240/caixa.ret": Parsed((Figures(
        9, "1010.00", sample_at=7,
        sample={"reference": "24000000000031999", "amount": Decimal("420.00"),
                "booking_date": date(2014, 1, 6), "value_date": date(2014, 1, 7)}),)),
    "cnab240/btg.ret": Parsed((Figures(
        2, "800.00", sample_at=1,
        sample={"payer_name": "EMPRESA SACADO EXEMPLO", "amount": Decimal("800.00"),
                "text": "196/1-1 0000695800000001285", "kind": EntryKind.BOOKED}),)),
    "cnab240/santander.ret": Parsed((Figures(
        1, "11.00",
        sample={"reference": "0000000001040", "bank_code": "17",
                "booking_date": date(2014, 6, 4), "value_date": date(2014, 6, 5)}),)),
}


def _data_files() -> list[str]:
    if SHARED is None:
        return []
    return sorted(str(p.relative_to(SHARED)) for p in SHARED.rglob("*")
                  if p.is_file() and not p.name.startswith(("LICENSE", "README")))


def test_every_shared_file_has_an_expectation() -> None:
    assert set(_data_files()) == set(EXPECTED)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_shared_file(name: str) -> None:
    assert SHARED is not None
    path: Path = SHARED / name
    data = path.read_bytes()
    expected = EXPECTED[name]
    if isinstance(expected, Refused):
        with pytest.raises(StatementError) as caught:
            parse(data, filename=path.name)
        assert caught.value.codes == list(expected.codes)
        first = caught.value.problems[0]
        assert (first.file, first.location, first.field) == (path.name, expected.location,
                                                            expected.field)
        assert first.message  # plain English, from the template table
        return
    statements = parse(data, filename=path.name)
    assert len(statements) == len(expected.statements)
    for statement, figures in zip(statements, expected.statements, strict=True):
        assert len(statement.entries) == figures.count
        assert statement.credits_total == Decimal(figures.credits)
        assert statement.debits_total == Decimal(figures.debits)
        assert statement.opening_balance == (
            Decimal(figures.opening) if figures.opening is not None else None)
        assert statement.closing_balance == (
            Decimal(figures.closing) if figures.closing is not None else None)
        assert tuple(p.code for p in reconcile(statement)) == figures.reconcile
        entry = statement.entries[figures.sample_at]
        for attribute, value in figures.sample.items():
            assert getattr(entry, attribute) == value, attribute


def test_a_second_read_gives_the_same_ids() -> None:
    assert SHARED is not None
    for name, expected in EXPECTED.items():
        if isinstance(expected, Parsed):
            data = (SHARED / name).read_bytes()
            first = [e.external_id for s in parse(data, filename=name) for e in s.entries]
            again = [e.external_id for s in parse(data, filename=name) for e in s.entries]
            assert first == again
            assert len(set(first)) == len(first)
