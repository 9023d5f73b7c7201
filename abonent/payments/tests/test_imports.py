"""Importing a bank file: what is sure is posted, what is not waits for a person, the whole
file or nothing, and the same file twice posts nothing more.

The statement below (camt.053.001.02, GEL, opening 1,000.00) holds four entries for the
billing scenario's flats (flat 1 billed 89.16 for November, flat 2 billed 113.05):
1. 89.16 with flat 1's account number as the creditor reference: posted (99%);
2. 50.00 with flat 2's receipt number in the text: posted (90%);
3. 20.00 from "Unknown Person" with nothing to go by: waits for a person;
4. a debit of 5.00 (the bank's fee): not a payment.
Closing: 1,000.00 + 89.16 + 50.00 + 20.00 - 5.00 = 1,154.16.
"""

from __future__ import annotations

from decimal import Decimal as D
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from abonent.billing.ledger import balance
from abonent.billing.models import Receipt
from abonent.billing.runs import bill_period
from abonent.billing.tests.scenario import NOV, build
from abonent.core.choices import Role
from abonent.payments.choices import LineStatus
from abonent.payments.imports import ImportRefused, import_statement, match_line
from abonent.payments.models import Payment, StatementImport, StatementLine
from abonent.testing.suites import client_for

pytestmark = pytest.mark.django_db

SHARED = Path(__file__).resolve().parents[3].parent / "shared" / "data" / "bank-statements"


def entry(ref: str, amount: str, *, debit=False, reference="", text="", payer="") -> str:
    creditor = f"<Strd><CdtrRefInf><Ref>{reference}</Ref></CdtrRefInf></Strd>" \
        if reference else ""
    return f"""<Ntry><Amt Ccy="GEL">{amount}</Amt>
      <CdtDbtInd>{"DBIT" if debit else "CRDT"}</CdtDbtInd><Sts>BOOK</Sts>
      <BookgDt><Dt>2026-12-04</Dt></BookgDt><ValDt><Dt>2026-12-04</Dt></ValDt>
      <AcctSvcrRef>{ref}</AcctSvcrRef>
      <NtryDtls><TxDtls><RltdPties><Dbtr><Nm>{payer}</Nm></Dbtr></RltdPties>
      <RmtInf><Ustrd>{text}</Ustrd>{creditor}</RmtInf></TxDtls></NtryDtls></Ntry>"""


def statement(b, closing="1154.16") -> bytes:
    receipt = Receipt.objects.get(account=b.flat2).number
    entries = "".join([
        entry("BANK-1", "89.16", reference=b.flat1.number, payer="Nino Beridze"),
        entry("BANK-2", "50.00", text=f"komunaluri {receipt}", payer="Giorgi Kapanadze"),
        entry("BANK-3", "20.00", text="for the flat", payer="Unknown Person"),
        entry("BANK-4", "5.00", debit=True, text="monthly fee"),
    ])
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.02"><BkToCstmrStmt>
<GrpHdr><MsgId>MSG-1</MsgId><CreDtTm>2026-12-05T08:00:00</CreDtTm></GrpHdr>
<Stmt><Id>STMT-1</Id><CreDtTm>2026-12-05T08:00:00</CreDtTm>
<Acct><Id><IBAN>GE29NB0000000101904917</IBAN></Id><Ccy>GEL</Ccy></Acct>
<Bal><Tp><CdOrPrtry><Cd>OPBD</Cd></CdOrPrtry></Tp><Amt Ccy="GEL">1000.00</Amt>
<CdtDbtInd>CRDT</CdtDbtInd><Dt><Dt>2026-12-01</Dt></Dt></Bal>
<Bal><Tp><CdOrPrtry><Cd>CLBD</Cd></CdOrPrtry></Tp><Amt Ccy="GEL">{closing}</Amt>
<CdtDbtInd>CRDT</CdtDbtInd><Dt><Dt>2026-12-05</Dt></Dt></Bal>
{entries}</Stmt></BkToCstmrStmt></Document>""".encode()


@pytest.fixture
def billed():
    b = build()
    bill_period(b.organization, NOV, issue=True)
    return b


def test_sure_lines_are_posted_the_rest_waits_and_the_totals_reconcile(billed):
    [record] = import_statement(billed.organization, statement(billed), filename="dec.xml")
    assert (record.lines_total, record.posted, record.queued, record.skipped) == (4, 2, 1, 1)
    assert record.posted_amount == D("139.16")
    assert record.opening_balance + record.credits - record.debits == record.closing_balance
    assert balance(billed.flat1) == D("0.00")
    lines = {line.external_id: line for line in StatementLine.objects.all()}
    assert lines["BANK-1"].reason == "account_reference" and lines["BANK-1"].confidence == 99
    assert lines["BANK-2"].reason == "receipt"
    assert lines["BANK-3"].status == LineStatus.QUEUED
    assert lines["BANK-4"].status == LineStatus.SKIPPED


def test_the_same_file_again_posts_nothing(billed):
    import_statement(billed.organization, statement(billed), filename="dec.xml")
    [again] = import_statement(billed.organization, statement(billed), filename="dec.xml")
    assert (again.posted, again.duplicates, again.queued) == (0, 2, 1)
    assert Payment.objects.count() == 2


def test_a_person_matches_the_waiting_line_once(billed):
    import_statement(billed.organization, statement(billed), filename="dec.xml")
    line = StatementLine.objects.get(status=LineStatus.QUEUED)
    before = balance(billed.flat2)
    match_line(line, billed.flat2)
    assert balance(billed.flat2) == before - D("20.00")
    line.refresh_from_db()
    assert line.status == LineStatus.POSTED and line.payment.amount == D("20.00")
    record = StatementImport.objects.get()
    assert (record.posted, record.queued) == (3, 0)
    # the file imported again now finds all three payments posted
    [again] = import_statement(billed.organization, statement(billed), filename="dec.xml")
    assert (again.posted, again.duplicates, again.queued) == (0, 3, 0)


def test_a_statement_whose_balances_do_not_add_up_is_refused_whole(billed):
    with pytest.raises(ImportRefused) as refused:
        import_statement(billed.organization, statement(billed, closing="1200.00"),
                         filename="dec.xml")
    assert "closing balance" in " ".join(refused.value.messages)
    assert not StatementImport.objects.exists() and not Payment.objects.exists()


@pytest.mark.parametrize("name", ["camt053.v2.wrong.xml", "camt053.v2.five.decimals.xml",
                                  "camt053.v2.minimal.xml"])
def test_the_odd_shared_files_are_refused_with_a_message_naming_the_place(billed, name):
    with pytest.raises(ImportRefused) as refused:
        import_statement(billed.organization, (SHARED / "camt" / name).read_bytes(),
                         filename=name)
    assert all(name in message for message in refused.value.messages)
    assert not StatementImport.objects.exists()


def test_the_command_prints_the_totals_and_fails_on_a_bad_file(billed, tmp_path):
    good = tmp_path / "dec.xml"
    good.write_bytes(statement(billed))
    out = StringIO()
    call_command("import_payments", str(good), org=billed.organization.slug, stdout=out)
    assert "2 posted" in out.getvalue()
    bad = tmp_path / "bad.xml"
    bad.write_bytes(statement(billed, closing="1.00"))
    with pytest.raises(CommandError):
        call_command("import_payments", str(bad), org=billed.organization.slug,
                     stdout=StringIO(), stderr=StringIO())


def test_an_accountant_imports_through_the_page_and_matches_from_the_queue(client, billed):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client_for(client, billed.organization, Role.ACCOUNTANT)
    upload = SimpleUploadedFile("dec.xml", statement(billed), content_type="text/xml")
    response = client.post(reverse("payments:statement_upload"), {"file": upload},
                           follow=True)
    assert response.status_code == 200
    assert "reconciles" in response.content.decode()
    queue = client.get(reverse("payments:queue"))
    line = StatementLine.objects.get(status=LineStatus.QUEUED)
    assert line.get_absolute_url() in queue.content.decode()
    page = client.get(line.get_absolute_url())
    assert "no account number" in page.content.decode()
    client.post(line.get_absolute_url(), {"account": billed.flat2.pk})
    line.refresh_from_db()
    assert line.status == LineStatus.POSTED


def test_a_cashier_may_not_import_bank_files(client, billed):
    client_for(client, billed.organization, Role.CASHIER)
    assert client.get(reverse("payments:statement_upload")).status_code == 403


def test_every_problem_of_the_parsers_has_a_translatable_wording_with_its_placeholders():
    from string import Formatter

    from abonent.payments.statement_messages import PROBLEMS, REASONS
    from abonent.payments.statements import TEMPLATES
    from abonent.payments.statements.model import EntryKind

    def placeholders(text):
        return sorted(name for _t, name, _s, _c in Formatter().parse(str(text)) if name)

    assert sorted(PROBLEMS) == sorted(TEMPLATES)
    for code, wording in TEMPLATES.items():
        assert placeholders(PROBLEMS[code]) == placeholders(wording), code
    from abonent.payments.matching import CONFIDENCE
    assert set(CONFIDENCE) | {kind.value for kind in EntryKind} <= set(REASONS)
