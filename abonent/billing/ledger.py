"""Reading the ledger: balances, statements, and the snapshots kept when a period closes.

A balance is never stored as an editable number: it is the sum of the account's entries. A
closed period keeps each account's closing balance per service (``BalanceSnapshot``) so that a
statement starts from the last snapshot instead of summing years of entries.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Sum

from abonent.billing.models import BalanceSnapshot, BillingPeriod, LedgerEntry

ZERO = Decimal("0.00")


def balance(account, *, before: BillingPeriod | None = None) -> Decimal:
    """The account's balance (of entries posted before ``before``, when given)."""
    entries = LedgerEntry.objects.filter(account=account)
    if before is not None:
        entries = entries.filter(period__start__lt=before.start)
    total = entries.aggregate(total=Sum("amount"))["total"] or ZERO
    return total.quantize(ZERO)  # SQLite sums decimal columns as floats


def snapshot_balances(period: BillingPeriod) -> int:
    """Closing balances per account and service, of entries posted up to ``period``."""
    rows = LedgerEntry.objects.filter(
        organization_id=period.organization_id, period__start__lte=period.start).values(
        "account_id", "service_id").annotate(total=Sum("amount")).values_list(
        "account_id", "service_id", "total")
    BalanceSnapshot.objects.filter(period=period).delete()
    snapshots = [BalanceSnapshot(organization_id=period.organization_id, account_id=account_id,
                                 service_id=service_id, period=period, balance=total)
                 for account_id, service_id, total in rows]
    BalanceSnapshot.objects.bulk_create(snapshots, batch_size=5000)
    return len(snapshots)


@dataclass
class ServiceLine:
    service: object
    opening: Decimal = ZERO
    charged: Decimal = ZERO
    benefits: Decimal = ZERO
    adjustments: Decimal = ZERO
    paid: Decimal = ZERO
    penalties: Decimal = ZERO

    @property
    def closing(self) -> Decimal:
        return (self.opening + self.charged + self.benefits + self.adjustments + self.paid
                + self.penalties)


COLUMN = {"charge": "charged", "recalculation": "charged", "benefit": "benefits",
          "adjustment": "adjustments", "payment": "paid", "penalty": "penalties"}


@dataclass
class Statement:
    account: object
    first: BillingPeriod | None
    last: BillingPeriod | None
    opening: Decimal
    entries: list[LedgerEntry]
    services: list[ServiceLine] = field(default_factory=list)

    @property
    def movements(self) -> Decimal:
        return sum((entry.amount for entry in self.entries), ZERO)

    @property
    def closing(self) -> Decimal:
        return self.opening + self.movements


def _opening_by_service(account, first: BillingPeriod | None) -> dict[int | None, Decimal]:
    if first is None:
        return {}
    snapshot = BillingPeriod.objects.filter(
        organization_id=first.organization_id, start__lt=first.start,
        snapshots__account=account).order_by("-start").first()
    opening: dict[int | None, Decimal] = defaultdict(lambda: ZERO)
    since = None
    if snapshot is not None:
        for service_id, amount in BalanceSnapshot.objects.filter(
                period=snapshot, account=account).values_list("service_id", "balance"):
            opening[service_id] += amount
        since = snapshot.start
    entries = LedgerEntry.objects.filter(account=account, period__start__lt=first.start)
    if since is not None:
        entries = entries.filter(period__start__gt=since)
    for service_id, amount in entries.values_list("service_id", "amount"):
        opening[service_id] += amount
    return opening


def statement(account, first: BillingPeriod | None = None,
              last: BillingPeriod | None = None) -> Statement:
    """Opening balance, every movement and closing balance, per service and in total."""
    opening = _opening_by_service(account, first)
    entries = LedgerEntry.objects.filter(account=account).select_related(
        "service", "period", "service_period", "reverses")
    if first is not None:
        entries = entries.filter(period__start__gte=first.start)
    if last is not None:
        entries = entries.filter(period__start__lte=last.start)
    entries = list(entries.order_by("period__start", "created_at", "pk"))
    lines: dict[int | None, ServiceLine] = {}
    services = {entry.service_id: entry.service for entry in entries}
    for service_id, amount in opening.items():
        lines.setdefault(service_id, ServiceLine(services.get(service_id))).opening += amount
    for entry in entries:
        line = lines.setdefault(entry.service_id, ServiceLine(entry.service))
        kind = entry.reverses.kind if entry.reverses_id else entry.kind
        column = COLUMN.get(kind, "adjustments")
        setattr(line, column, getattr(line, column) + entry.amount)
    ordered = sorted(lines.values(), key=lambda line: (
        line.service is None, getattr(line.service, "position", 0),
        getattr(line.service, "code", "")))
    return Statement(account=account, first=first, last=last,
                     opening=sum(opening.values(), ZERO), entries=entries, services=ordered)
