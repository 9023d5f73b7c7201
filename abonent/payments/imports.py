"""Importing a bank file: parse it, reconcile it, match each credit to an account, post what
is sure, queue the rest for a person, all in one transaction.

The whole file is applied or nothing is: a file that cannot be read, whose balances do not add
up, or that is in another currency than the organization's is refused with every problem named
(file, statement and entry, field). A payment is identified by the bank account it came in on
(the source) and the bank's id of the transaction, so importing the same file again, or a
camt.054 notification and later the camt.053 statement holding the same transactions, posts
each payment once. A line waiting for a person is matched from the queue (``match_line``).
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils.translation import gettext as _

from abonent.accounts.models import Account
from abonent.billing.models import Receipt
from abonent.core import checkdigit
from abonent.payments import matching
from abonent.payments.choices import Channel, LineStatus
from abonent.payments.models import StatementImport, StatementLine
from abonent.payments.posting import Incoming, known_payments, post_payments
from abonent.payments.statement_messages import problem_text
from abonent.payments.statements import (
    CsvMapping,
    Statement,
    StatementEntry,
    StatementError,
    parse,
    reconcile,
)
from abonent.payments.statements.model import EntryKind as StatementEntryKind

Progress = Callable[[str, int, int], None]
BATCH = 5000


class ImportRefused(ValidationError):
    """A file refused as a whole; ``problems`` name what is wrong and where."""

    def __init__(self, problems: list) -> None:
        self.problems = problems
        super().__init__([problem_text(problem) for problem in problems])


@dataclass
class _Line:
    statement: Statement
    entry: StatementEntry
    status: str
    match: matching.Match | None = None


def source_for(bank_account: str, file_format: str) -> str:
    """Payments are unique per the bank account they came in on (and the bank's id)."""
    return f"bank:{matching.normalize_iban(bank_account) or file_format}"


def source_of(statement: Statement) -> str:
    return source_for(statement.account, str(statement.format))


def directory_for(organization) -> matching.Directory:
    """What matching needs to know about the organization's accounts, read once."""
    accounts: dict[str, int] = {}
    holders: dict[str, list[int]] = defaultdict(list)
    for pk, number, first, last, company in Account.objects.of_org(organization).values_list(
            "pk", "number", "holder__first_name", "holder__last_name", "holder__company_name"):
        accounts[number] = pk
        names = {f"{first} {last}", f"{last} {first}"} if last else set()
        if company:
            names.add(company)
        for name in names:
            holders[matching.normalize_name(name)].append(pk)
    receipts = dict(Receipt.objects.of_org(organization).values_list("number", "account_id"))
    payer_accounts = {matching.normalize_iban(iban): account_id
                      for iban, account_id in StatementLine.objects.of_org(organization)
                      .filter(status=LineStatus.POSTED, account__isnull=False)
                      .exclude(payer_account="").values_list("payer_account", "account_id")}
    return matching.Directory(
        accounts=accounts, receipts=receipts, payer_accounts=payer_accounts,
        holders={name: tuple(sorted(set(ids))) for name, ids in holders.items()},
        is_valid_number=checkdigit.is_valid)


def read_file(data: bytes, *, filename: str, organization, file_format: str | None = None,
              mapping: CsvMapping | None = None) -> list[Statement]:
    """The file's statements, or ``ImportRefused`` naming every problem."""
    try:
        statements = parse(data, filename=filename, format=file_format, mapping=mapping)
    except StatementError as exc:
        raise ImportRefused(exc.problems) from None
    problems = [problem for statement in statements for problem in reconcile(statement)]
    if problems:
        raise ImportRefused(problems)
    wrong = {s.currency for s in statements if s.currency and s.currency !=
             organization.currency}
    if wrong:
        raise ValidationError(_("The file is in %(file)s; the organization bills in "
                                "%(ours)s.") % {"file": ", ".join(sorted(wrong)),
                                                "ours": organization.currency})
    return statements


@transaction.atomic
def import_statement(organization, data: bytes, *, filename: str,
                     file_format: str | None = None, mapping: CsvMapping | None = None,
                     user=None, progress: Progress | None = None) -> list[StatementImport]:
    """Import a bank file: one ``StatementImport`` per statement in it."""
    statements = read_file(data, filename=filename, organization=organization,
                           file_format=file_format, mapping=mapping)
    digest = hashlib.sha256(data).hexdigest()
    directory = directory_for(organization)
    lines: list[_Line] = []
    total = sum(len(statement.entries) for statement in statements)
    for statement in statements:
        for entry in statement.entries:
            if entry.kind is not StatementEntryKind.BOOKED or entry.amount <= 0:
                lines.append(_Line(statement, entry, LineStatus.SKIPPED))
                continue
            found = matching.match(reference=entry.reference, text=entry.text,
                                   payer_name=entry.payer_name,
                                   payer_account=entry.payer_account, directory=directory)
            lines.append(_Line(statement, entry, LineStatus.QUEUED, found))
            if progress and len(lines) % BATCH == 0:
                progress("match", len(lines), total)
    credits = [line for line in lines if line.status == LineStatus.QUEUED]
    known = known_payments(organization, [(source_of(line.statement), line.entry.external_id)
                                          for line in credits])
    sure = [line for line in credits if line.match.automatic and
            (source_of(line.statement), line.entry.external_id) not in known]
    posted = post_payments(organization, [_incoming(line, line.match.account_id)
                                          for line in sure], user=user,
                           progress=(lambda done, count: progress("post", done, count))
                           if progress else None)
    payments = {**known, **{(p.source, p.external_id): p for p in posted.payments}}
    for line in credits:
        key = (source_of(line.statement), line.entry.external_id)
        if key in known:
            line.status = LineStatus.DUPLICATE
        elif key in payments:
            line.status = LineStatus.POSTED
    return [_store(organization, statement, [line for line in lines
                                             if line.statement is statement],
                   payments, filename, digest, user) for statement in statements]


def _incoming(line: _Line, account_id: int) -> Incoming:
    entry = line.entry
    return Incoming(account_id=account_id, amount=entry.amount,
                    value_date=entry.effective_date, channel=Channel.BANK,
                    source=source_of(line.statement), external_id=entry.external_id,
                    payer_name=entry.payer_name[:200], reference=entry.reference[:200])


def _store(organization, statement: Statement, lines: list[_Line], payments: dict,
           filename: str, digest: str, user) -> StatementImport:
    counts: dict[str, int] = defaultdict(int)
    for line in lines:
        counts[line.status] += 1
    source = source_of(statement)
    posted = [payments[(source, line.entry.external_id)] for line in lines
              if line.status == LineStatus.POSTED]
    record = StatementImport.objects.create(
        organization=organization, file_name=filename[:255], file_sha256=digest,
        format=statement.format, statement_account=statement.account[:64],
        currency=statement.currency, opening_balance=statement.opening_balance,
        closing_balance=statement.closing_balance, credits=statement.credits_total,
        debits=-statement.debits_total, lines_total=len(lines),
        posted=counts[LineStatus.POSTED], duplicates=counts[LineStatus.DUPLICATE],
        queued=counts[LineStatus.QUEUED], skipped=counts[LineStatus.SKIPPED],
        posted_amount=sum((p.amount for p in posted), start=0), imported_by=user)
    rows = []
    for line in lines:
        entry, found = line.entry, line.match
        payment = payments.get((source, entry.external_id))
        rows.append(StatementLine(
            organization=organization, statement=record, index=entry.index,
            external_id=entry.external_id, booking_date=entry.booking_date,
            value_date=entry.effective_date, amount=entry.amount,
            payer_name=entry.payer_name[:200], payer_account=entry.payer_account[:64],
            reference=entry.reference[:200], text=entry.text, status=line.status,
            account_id=payment.account_id if payment else (found.account_id if found else None),
            confidence=found.confidence if found else 0,
            reason=(found.reason if found else str(entry.kind))[:30],
            reason_params=dict(found.params) if found else {},
            payment=payment))
    StatementLine.objects.bulk_create(rows, batch_size=BATCH)
    return record


@transaction.atomic
def match_line(line: StatementLine, account: Account, *, user=None) -> StatementLine:
    """A person chose the account of a queued line: its payment is posted now."""
    line = StatementLine.objects.select_for_update().select_related("statement").get(
        pk=line.pk)
    if line.status != LineStatus.QUEUED:
        raise ValidationError(_("This line is not waiting for a person any more."))
    if account.organization_id != line.organization_id:
        raise ValidationError(_("Choose an account of your organization."))
    source = source_for(line.statement.statement_account, line.statement.format)
    posted = post_payments(line.organization, [Incoming(
        account_id=account.pk, amount=line.amount, value_date=line.value_date,
        channel=Channel.BANK, source=source, external_id=line.external_id,
        payer_name=line.payer_name, reference=line.reference)], user=user)
    line.payment = (posted.payments or posted.duplicates)[0]
    line.account = account
    line.status = LineStatus.POSTED if posted.payments else LineStatus.DUPLICATE
    line.reason, line.reason_params, line.confidence = "manual", {}, 100
    line.save()
    StatementImport.objects.filter(pk=line.statement_id).update(
        queued=F("queued") - 1, **({"posted": F("posted") + 1,
                                    "posted_amount": F("posted_amount") + line.amount}
                                   if posted.payments else {"duplicates": F("duplicates") + 1}))
    return line
