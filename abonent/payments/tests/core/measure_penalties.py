"""How long one account's monthly penalty takes: a small timing script, not a test.

    PYTHONPATH=. python -m abonent.payments.tests.core.measure_penalties [--accounts N]

Builds a year of monthly bills per account (one debt per month, or one per service and month)
with payments, and times ``penalty_for_period`` for December, the way a billing run calls it.
Prints microseconds per account for each case and, last, one JSON line.
"""

import argparse
import json
import random
import time
from datetime import date, timedelta
from decimal import Decimal

from abonent.billing.rating.values import DateRange
from abonent.payments.penalties import (
    Debt,
    Payment,
    brazil_condominium,
    compute_penalties,
    penalty_for_period,
    russia_housing_code,
)
from abonent.payments.penalties.applied import paid_by_debt

CENT = Decimal("0.01")
YEAR = 2025
DECEMBER = DateRange.month(YEAR, 12)
KEY_RATES = [(date(2023, 12, 18), Decimal(16)), (date(2024, 7, 29), Decimal(18)),
             (date(2024, 9, 16), Decimal(19)), (date(2024, 10, 28), Decimal(21)),
             (date(2025, 6, 9), Decimal(20)), (date(2025, 7, 28), Decimal(18))]


def account(rng: random.Random, *, services: int, late: bool):
    """A year of bills (due the 15th of the next month) and the payments against them."""
    debts, payments = [], []
    for month in range(1, 12):
        due = date(YEAR, month + 1, 15)
        for service in range(services):
            debts.append(Debt((month, service), Decimal(rng.randint(5000, 30000)) / 100, due))
        total = sum((debt.amount for debt in debts[-services:]), Decimal(0))
        if late:  # pays two thirds, 40 to 100 days late
            payments.append(Payment(due + timedelta(days=rng.randint(40, 100)),
                                    (total * 2 / 3).quantize(CENT)))
        else:  # pays in full before the due date
            payments.append(Payment(due - timedelta(days=rng.randint(0, 10)), total))
    return debts, payments


def open_only(debts, payments):
    """What a billing run's loader passes: the debts still open on the period's first day
    (or paid off within it), with the ledger's allocations of the payments against them."""
    paid, settled = paid_by_debt(debts, payments, DECEMBER.end)
    kept = [debt for debt in debts if settled.get(debt.key, DECEMBER.end) >= DECEMBER.start]
    by_date: dict = {}
    for debt in kept:
        for value_date, part in paid.get(debt.key, ()):
            by_date.setdefault(value_date, {})[debt.key] = part
    return kept, [Payment(day, sum(parts.values()), allocations=parts)
                  for day, parts in sorted(by_date.items())]


def charged_before(rule, debts, payments):
    result = compute_penalties(rule, debts, payments, as_of=DECEMBER.start - timedelta(days=1),
                               quantum=CENT)
    return {debt.key: debt.total for debt in result.debts}


def time_case(rule, accounts, repeat=3):
    """Best of ``repeat`` runs, in CPU time of this process (the machine is shared)."""
    best = float("inf")
    for _ in range(repeat):
        started = time.process_time()
        for debts, payments, charged in accounts:
            penalty_for_period(rule, debts, payments, DECEMBER, charged, quantum=CENT)
        best = min(best, time.process_time() - started)
    return best / len(accounts) * 1e6


def calibration_us(repeat=5, number=20000):
    """CPU microseconds for ``sum(range(100))``: 0.6-0.9 on a quiet recent x86 core."""
    best = float("inf")
    for _ in range(repeat):
        started = time.process_time()
        for _ in range(number):
            sum(range(100))
        best = min(best, time.process_time() - started)
    return best / number * 1e6


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--accounts", type=int, default=2000)
    options = parser.parse_args()
    rng = random.Random(4)
    figures = {"calibration_sum_range_100_us": round(calibration_us(), 2)}
    print(f"{'calibration: sum(range(100))':40} {figures['calibration_sum_range_100_us']:8.2f} us")
    for rule_name, rule in (("russia", russia_housing_code(KEY_RATES)),
                            ("brazil", brazil_condominium())):
        for services in (1, 5):
            for case in ("on_time", "late", "late_open_only"):
                accounts = []
                for _ in range(options.accounts):
                    debts, payments = account(rng, services=services, late=case != "on_time")
                    charged = charged_before(rule, debts, payments)
                    if case == "late_open_only":
                        debts, payments = open_only(debts, payments)
                    accounts.append((debts, payments, charged))
                name = f"{rule_name}_{services}x11debts_{case}_us"
                figures[name] = round(time_case(rule, accounts), 1)
                print(f"{name:40} {figures[name]:8.1f} us/account", flush=True)
    empty = [([], [], {})] * options.accounts
    figures["no_debts_us"] = round(time_case(russia_housing_code(KEY_RATES), empty), 2)
    print(f"{'no_debts_us':40} {figures['no_debts_us']:8.2f} us/account")
    print(json.dumps({"bench": "penalties_core", "accounts": options.accounts, **figures}))


if __name__ == "__main__":
    main()
