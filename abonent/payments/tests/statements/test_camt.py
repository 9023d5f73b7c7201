"""CAMT behaviour the shared files do not show on their own."""

from __future__ import annotations

from decimal import Decimal

import pytest

from abonent.payments.statements import (
    EntryKind,
    Format,
    StatementError,
    parse,
    parse_camt053,
    parse_camt054,
    reconcile,
)

from .helpers import shared_statements

NS = "urn:iso:std:iso:20022:tech:xsd:camt.053.001.02"


def camt(entries: str, *, balances: str = "", ns: str = NS) -> bytes:
    return (f'<?xml version="1.0" encoding="UTF-8"?><Document xmlns="{ns}"><BkToCstmrStmt>'
            "<GrpHdr><MsgId>M1</MsgId><CreDtTm>2024-01-31T18:00:00+01:00</CreDtTm></GrpHdr>"
            "<Stmt><Id>S1</Id><CreDtTm>2024-01-31T18:00:00+01:00</CreDtTm>"
            "<Acct><Id><IBAN>GE29NB0000000101904917</IBAN></Id><Ccy>GEL</Ccy></Acct>"
            f"{balances}{entries}</Stmt></BkToCstmrStmt></Document>").encode()


def entry(amount: str = "10.00", mark: str = "CRDT", *, status: str = "BOOK",
          details: str = "", extra: str = "") -> str:
    return (f'<Ntry><Amt Ccy="GEL">{amount}</Amt><CdtDbtInd>{mark}</CdtDbtInd>{extra}'
            f"<Sts>{status}</Sts><BookgDt><Dt>2024-01-15</Dt></BookgDt>"
            f"<ValDt><Dt>2024-01-16</Dt></ValDt><NtryDtls>{details}</NtryDtls></Ntry>")


def tx(amount: str | None, name: str, e2e: str = "NOTPROVIDED", text: str = "") -> str:
    own = f'<Amt Ccy="GEL">{amount}</Amt><CdtDbtInd>CRDT</CdtDbtInd>' if amount else ""
    return (f"<TxDtls><Refs><EndToEndId>{e2e}</EndToEndId></Refs>{own}"
            f"<RltdPties><Dbtr><Nm>{name}</Nm></Dbtr></RltdPties>"
            f"<RmtInf><Ustrd>{text}</Ustrd></RmtInf></TxDtls>")


def test_a_batch_entry_becomes_one_entry_per_transaction_with_its_own_amount() -> None:
    data = camt(entry("30.00", details=tx("10.00", "ANNA", "E1", "ACC1")
                      + tx("20.00", "BESO", "E2", "ACC2"), extra="<AcctSvcrRef>B1</AcctSvcrRef>"))
    [statement] = parse_camt053(data, filename="batch.xml")
    assert [(e.amount, e.payer_name, e.text) for e in statement.entries] == [
        (Decimal("10.00"), "ANNA", "ACC1"), (Decimal("20.00"), "BESO", "ACC2")]
    assert [e.index for e in statement.entries] == [1, 2]
    assert [e.external_id for e in statement.entries] == [
        "E1@2024-01-15/10.00", "E2@2024-01-15/20.00"]


def test_transactions_without_their_own_ids_take_the_entry_reference_and_position() -> None:
    data = camt(entry("30.00", details=tx("10.00", "ANNA") + tx("20.00", "BESO"),
                      extra="<AcctSvcrRef>B1</AcctSvcrRef>"))
    [statement] = parse(data, filename="batch.xml")
    assert [e.external_id for e in statement.entries] == ["B1/1", "B1/2"]


def test_the_split_shared_file_adds_up_once_its_entry_is_corrected() -> None:
    shared = shared_statements()
    if shared is None:
        pytest.skip("shared data not found")
    data = (shared / "camt" / "camt054.v4.xml").read_bytes()
    fixed = data.replace(b'<Amt Ccy="SEK">200000</Amt>\n        <CdtDbtInd>DBIT</CdtDbtInd>',
                         b'<Amt Ccy="CHF">9.5</Amt>\n        <CdtDbtInd>CRDT</CdtDbtInd>')
    assert fixed != data
    [statement] = parse_camt054(fixed, filename="camt054.v4.fixed.xml")
    assert statement.format is Format.CAMT054
    assert [e.amount for e in statement.entries] == [Decimal("3.10"), Decimal("3.20"),
                                                     Decimal("3.20")]
    # the second and third transaction repeat their end-to-end id: the ids still differ
    ids = [e.external_id for e in statement.entries]
    assert ids[1] == "UXC06170000006PI00001EE00002@2007-10-18/3.20"
    assert ids[2] == ids[1] + "#2"
    third = statement.entries[2]
    assert third.reference == "Ref number V3 block 1"
    assert "Ref number V3 block 2" in third.text
    assert third.payer_name == "UNIFITS GmbH"  # a credit: the debtor paid


def test_transactions_that_do_not_add_up_are_refused() -> None:
    data = camt(entry("30.00", details=tx("10.00", "ANNA") + tx("25.00", "BESO")))
    with pytest.raises(StatementError) as caught:
        parse(data, filename="bad.xml")
    [problem] = caught.value.problems
    assert problem.code == "transaction_sum_mismatch"
    assert problem.location == "statement 1, entry 1"
    assert "35.00 GEL" in problem.message and "30.00 GEL" in problem.message


def test_too_many_decimals_name_the_entry_and_field_and_nothing_is_rounded() -> None:
    data = camt(entry("10.00") + entry("5.125"))
    with pytest.raises(StatementError) as caught:
        parse(data, filename="dec.xml")
    [problem] = caught.value.problems
    assert (problem.code, problem.location, problem.field) == (
        "amount_precision", "statement 1, entry 2", "Ntry/Amt")
    assert problem.params == {"value": "5.125", "places": 3, "currency": "GEL", "allowed": 2}
    assert str(problem) == ("dec.xml, statement 1, entry 2, Ntry/Amt: The amount 5.125 has 3 "
                            "decimal places, but GEL allows 2; it is not rounded silently.")


def test_every_problem_of_a_file_is_reported_at_once() -> None:
    data = camt(entry("1.001") + entry("x") + entry("2.00", mark="SIDEWAYS"))
    with pytest.raises(StatementError) as caught:
        parse(data, filename="many.xml")
    assert caught.value.codes == ["amount_precision", "bad_amount", "bad_indicator"]


def test_a_debit_is_negative_and_its_counterparty_is_the_creditor() -> None:
    details = ("<TxDtls><RltdPties><Cdtr><Pty><Nm>WATER LLC</Nm></Pty></Cdtr><CdtrAcct><Id>"
               "<Othr><Id>12345</Id></Othr></Id></CdtrAcct></RltdPties></TxDtls>")
    [statement] = parse(camt(entry("7.50", "DBIT", details=details)), filename="d.xml")
    [debit] = statement.entries
    assert (debit.amount, debit.payer_name, debit.payer_account) == (
        Decimal("-7.50"), "WATER LLC", "12345")


def test_a_reversal_keeps_its_booking_direction_and_is_flagged() -> None:
    # ISO 20022: with RvslInd true, CdtDbtInd already gives the direction of the reversal.
    [statement] = parse(camt(entry("10.00", "DBIT", extra="<RvslInd>true</RvslInd>")),
                        filename="r.xml")
    [reversal] = statement.entries
    assert reversal.amount == Decimal("-10.00")
    assert reversal.is_reversal


def test_pending_entries_are_kept_but_not_booked_and_do_not_count() -> None:
    balances = ('<Bal><Tp><CdOrPrtry><Cd>OPBD</Cd></CdOrPrtry></Tp><Amt Ccy="GEL">100.00</Amt>'
                "<CdtDbtInd>CRDT</CdtDbtInd><Dt><Dt>2024-01-01</Dt></Dt></Bal>"
                '<Bal><Tp><CdOrPrtry><Cd>CLBD</Cd></CdOrPrtry></Tp><Amt Ccy="GEL">110.00</Amt>'
                "<CdtDbtInd>CRDT</CdtDbtInd><Dt><Dt>2024-01-31</Dt></Dt></Bal>")
    data = camt(entry("10.00") + entry("99.00", status="PDNG"), balances=balances)
    [statement] = parse(data, filename="p.xml")
    assert [e.kind for e in statement.entries] == [EntryKind.BOOKED, EntryKind.PENDING]
    assert statement.booked_total == Decimal("10.00")
    assert reconcile(statement) == []


def test_a_doctype_is_refused_before_anything_is_parsed() -> None:
    data = (b'<?xml version="1.0"?><!DOCTYPE d [<!ENTITY x "boom">]>'
            + camt(entry()).split(b"?>", 1)[1])
    with pytest.raises(StatementError) as caught:
        parse(data, filename="dtd.xml", format="camt053")
    assert caught.value.codes == ["xml_doctype"]


def test_an_external_entity_is_never_fetched() -> None:
    data = (b'<?xml version="1.0"?>\n<!-- note -->\n<!DOCTYPE d SYSTEM "http://example.invalid/x">'
            + camt(entry()).split(b"?>", 1)[1])
    with pytest.raises(StatementError) as caught:
        parse(data, filename="ext.xml", format="camt053")
    assert caught.value.codes == ["xml_doctype"]


def test_malformed_xml_is_refused_with_its_line() -> None:
    data = camt(entry()).replace(b"</Stmt>", b"</Statement>")
    with pytest.raises(StatementError) as caught:
        parse(data, filename="broken.xml")
    [problem] = caught.value.problems
    assert problem.code == "xml_malformed"
    assert problem.location == "line 1"


def test_other_iso_messages_are_refused_by_name() -> None:
    data = camt(entry(), ns="urn:iso:std:iso:20022:tech:xsd:camt.052.001.02")
    with pytest.raises(StatementError) as caught:
        parse(data, filename="report.xml")
    assert caught.value.codes == ["unsupported_message"]
    assert "camt.052" in caught.value.problems[0].message


def test_asking_for_camt054_on_a_camt053_file_is_refused() -> None:
    with pytest.raises(StatementError) as caught:
        parse_camt054(camt(entry()), filename="x.xml")
    assert caught.value.codes == ["format_mismatch"]


def test_ids_are_hashed_when_the_file_gives_none_and_stay_the_same() -> None:
    data = camt(entry("10.00") + entry("10.00"))
    first = [e.external_id for e in parse(data, filename="a.xml")[0].entries]
    again = [e.external_id for e in parse(data, filename="b.xml")[0].entries]
    assert first == again
    assert len(set(first)) == 2
    assert all(i.startswith("h:") for i in first)
