"""What each account owes, per service and period, read from the ledger in one query.

A due is the net of an account's entries for one service and the period they are for: charges,
benefits, recalculations, adjustments, penalties, and the payments and reversals already
applied to it. Penalties are posted on a service of their own, so a group that holds penalty
entries is a penalty due. Entries without a service (a credit left by an overpayment) are not
dues; they are the account's credit.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from abonent.billing import sql
from abonent.billing.choices import EntryKind
from abonent.billing.models import BillingPeriod, LedgerEntry

ZERO = Decimal("0.00")


@dataclass(frozen=True)
class OpenDue:
    service_id: int
    service_period_id: int
    period_start: date
    is_penalty: bool
    amount: Decimal


@dataclass
class AccountDues:
    dues: list[OpenDue]
    credit: Decimal  # what the account holds unallocated (zero or positive)


def open_dues(account_ids: list[int]) -> dict[int, AccountDues]:
    """Each account's positive dues (oldest period first) and its unallocated credit."""
    entries, periods = sql.table(LedgerEntry), sql.table(BillingPeriod)
    where, params = sql.in_ids("e.account_id", account_ids)
    rows = sql.select(f"""
        SELECT e.account_id, e.service_id, e.service_period_id, p.start,
               MAX(CASE WHEN e.kind = %s THEN 1 ELSE 0 END), SUM(e.amount)
        FROM {entries} e JOIN {periods} p ON p.id = e.service_period_id
        WHERE {where}
        GROUP BY e.account_id, e.service_id, e.service_period_id, p.start
        """, [EntryKind.PENALTY, *params],
        [None, None, None, sql.field(BillingPeriod, "start"), None,
         sql.field(LedgerEntry, "amount")])
    result = {account_id: AccountDues([], ZERO) for account_id in account_ids}
    for account_id, service_id, period_id, start, penalty, total in rows:
        if service_id is None:
            result[account_id].credit -= total
        elif total > 0:
            result[account_id].dues.append(
                OpenDue(service_id, period_id, start, bool(penalty), total))
    for account in result.values():
        account.credit = max(account.credit, ZERO)
        account.dues.sort(key=lambda due: (due.period_start, due.is_penalty, due.service_id))
    return result
