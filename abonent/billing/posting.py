"""Issuing a chunk: post its lines to the ledger and number its receipts, in one transaction.

For each account of the chunk whose bill changed: what runs posted before for the same period
is reversed (one reversal entry per entry, pointing at it), the run's lines are posted, and a
receipt is issued (a new number, or a new version of the period's receipt). A chunk already
issued is skipped, so issuing twice changes nothing. The chunk's accounts are locked in
primary-key order first, so two runs issuing the same accounts wait for each other.
"""

from __future__ import annotations

import calendar
from datetime import date
from decimal import Decimal

from django.db import connection, transaction
from django.utils import timezone

from abonent.accounts.models import Account
from abonent.billing import sql
from abonent.billing.choices import ChunkStatus, EntryKind
from abonent.billing.models import (
    AccountBill,
    BillingPeriod,
    BillingRun,
    LedgerEntry,
    Receipt,
    ReceiptCounter,
    RunChunk,
)
from abonent.billing.writers import insert_rows

LINE_KINDS = (EntryKind.CHARGE, EntryKind.BENEFIT, EntryKind.RECALCULATION, EntryKind.PENALTY)
RECEIPT_COLUMNS = ["organization_id", "account_id", "period_id", "run_id", "year", "sequence",
                   "version", "number", "opening_balance", "charged", "amount_due", "due_date",
                   "created_at", "updated_at"]


def due_date(period: BillingPeriod, day: int) -> date:
    year, month = (period.end.year + period.end.month // 12, period.end.month % 12 + 1)
    return date(year, month, min(day, calendar.monthrange(year, month)[1]))


def _reverse_posted(run: BillingRun, period: BillingPeriod, account_ids: list[int],
                    user_id: int | None, now) -> None:
    """Reverse every run-posted line of the accounts for the period not yet reversed."""
    table = LedgerEntry._meta.db_table
    kinds = ", ".join(f"'{kind}'" for kind in LINE_KINDS)
    where, params = sql.in_ids("e.account_id", account_ids)
    with connection.cursor() as cursor:
        cursor.execute(f"""
            INSERT INTO {table} (organization_id, account_id, service_id, period_id,
                service_period_id, kind, amount, tax_amount, text, run_id, charge_id,
                reverses_id, posted_by_id, created_at, updated_at)
            SELECT e.organization_id, e.account_id, e.service_id, %s, e.service_period_id,
                   %s, -e.amount, -e.tax_amount, e.text, %s, NULL, e.id, %s, %s, %s
            FROM {table} e
            WHERE {where} AND e.service_period_id = %s
              AND e.run_id IS NOT NULL AND e.kind IN ({kinds})
              AND NOT EXISTS (SELECT 1 FROM {table} r WHERE r.reverses_id = e.id)
            """, [period.pk, EntryKind.REVERSAL, run.pk, user_id, now, now, *params,
                  period.pk])


def _post_lines(run: BillingRun, account_ids: list[int], user_id: int | None, now) -> None:
    table = LedgerEntry._meta.db_table
    charges = run.charges.model._meta.db_table
    where, params = sql.in_ids("c.account_id", account_ids)
    with connection.cursor() as cursor:
        cursor.execute(f"""
            INSERT INTO {table} (organization_id, account_id, service_id, period_id,
                service_period_id, kind, amount, tax_amount, text, run_id, charge_id,
                reverses_id, posted_by_id, created_at, updated_at)
            SELECT c.organization_id, c.account_id, c.service_id, c.period_id, c.period_id,
                   c.kind, c.amount, c.tax_amount, c.text, c.run_id, c.id, NULL, %s, %s, %s
            FROM {charges} c
            WHERE c.run_id = %s AND {where}
            ORDER BY c.account_id, c.id
            """, [user_id, now, now, run.pk, *params])


def _number_receipts(run: BillingRun, period: BillingPeriod, account_ids: list[int],
                     due_day: int, currency: str, now) -> None:
    org_id = run.organization_id
    year = period.start.year
    existing = {}
    where, params = sql.in_ids("account_id", account_ids)
    for account_id, sequence, version, number in sql.select(
            f"SELECT account_id, sequence, version, number FROM {sql.table(Receipt)} "
            f"WHERE {where} AND period_id = %s ORDER BY version", [*params, period.pk],
            [None, None, None, None]):
        existing[account_id] = (sequence, version, number)
    new_ids = [pk for pk in account_ids if pk not in existing]
    if new_ids:
        counter, _created = ReceiptCounter.objects.select_for_update().get_or_create(
            organization_id=org_id, year=year)
        first = counter.last + 1
        counter.last += len(new_ids)
        counter.save(update_fields=["last", "updated_at"])
        for offset, account_id in enumerate(new_ids):
            sequence = first + offset
            existing[account_id] = (sequence, 0, f"{year}-{sequence:07d}")
    where, params = sql.in_ids("e.account_id", account_ids)
    money = sql.field(LedgerEntry, "amount")
    totals = {row[0]: row[1:] for row in sql.select(
        f"SELECT e.account_id, SUM(e.amount), "
        f"SUM(CASE WHEN p.start < %s THEN e.amount ELSE 0 END), "
        f"SUM(CASE WHEN e.service_period_id = %s AND e.run_id IS NOT NULL "
        f"THEN e.amount ELSE 0 END) "
        f"FROM {sql.table(LedgerEntry)} e JOIN {sql.table(BillingPeriod)} p "
        f"ON p.id = e.period_id WHERE {where} GROUP BY e.account_id",
        [period.start, period.pk, *params], [None, money, money, money])}
    due = due_date(period, due_day)
    rows = []
    for account_id in account_ids:
        sequence, version, number = existing[account_id]
        balance, opening, charged = totals.get(account_id, (None, None, None))
        rows.append((org_id, account_id, period.pk, run.pk, year, sequence, version + 1, number,
                     _money(opening), _money(charged), _money(balance), due, now, now))
    insert_rows(Receipt, RECEIPT_COLUMNS, rows)


def _money(value: Decimal | None) -> Decimal:
    return (value or Decimal(0)).quantize(Decimal("0.01"))


def issue_chunk(run: BillingRun, chunk: RunChunk, *, user_id: int | None, due_day: int) -> int:
    """Post the chunk; returns how many accounts got new entries (0 if already issued)."""
    with transaction.atomic():
        chunk = RunChunk.objects.select_for_update().get(pk=chunk.pk)
        if chunk.status == ChunkStatus.ISSUED:
            return 0
        list(Account.objects.select_for_update().filter(
            pk__in=chunk.account_ids).order_by("pk").values_list("pk", flat=True))
        changed = sorted(AccountBill.objects.filter(
            run=run, account_id__in=chunk.account_ids).values_list("account_id", flat=True))
        period = run.period
        now = timezone.now()
        if changed:
            _reverse_posted(run, period, changed, user_id, now)
            _post_lines(run, changed, user_id, now)
            _number_receipts(run, period, changed, due_day, run.organization.currency, now)
        chunk.status = ChunkStatus.ISSUED
        chunk.save(update_fields=["status", "updated_at"])
    return len(changed)
