"""Does a statement add up? Opening balance plus its booked entries must give the closing
balance, all in the statement's currency."""

from __future__ import annotations

from .model import Statement
from .problems import Problem


def reconcile(statement: Statement) -> list[Problem]:
    """The problems that stop ``statement`` from reconciling; empty when it does.

    Only booked entries count (:attr:`Statement.booked_total`). A statement without both
    balances (a camt.054 notification, a CNAB or CSV file) has nothing to reconcile, unless
    its entries are in another currency than the statement.
    """
    file, currency = statement.filename, statement.currency
    where = f"statement {statement.statement_id}" if statement.statement_id else "statement"
    problems: list[Problem] = []
    for name, balance_currency in (("opening", statement.opening_currency),
                                   ("closing", statement.closing_currency)):
        if balance_currency is not None and balance_currency != currency:
            problems.append(Problem(file, where, f"{name} balance", "balance_currency",
                                    {"balance": name, "balance_currency": balance_currency,
                                     "currency": currency}))
    for entry in statement.booked:
        if entry.currency != currency:
            problems.append(Problem(file, f"{where}, entry {entry.index}", "currency",
                                    "entry_currency",
                                    {"entry_currency": entry.currency, "currency": currency}))
    if problems or statement.opening_balance is None or statement.closing_balance is None:
        return problems
    total = statement.booked_total
    expected = statement.opening_balance + total
    if expected != statement.closing_balance:
        problems.append(Problem(file, where, "closing balance", "balance_mismatch", {
            "opening": str(statement.opening_balance), "total": str(total),
            "expected": str(expected), "closing": str(statement.closing_balance),
            "difference": str(statement.closing_balance - expected), "currency": currency}))
    return problems
