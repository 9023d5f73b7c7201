"""Billing: periods, runs, charge lines, the ledger, receipts and corrections.

``rating`` is the pure calculation core (no Django); ``loaders`` feed it a chunk of accounts,
``engine`` computes a chunk, ``posting`` issues it, ``runs`` drives a whole run (in process or
on Celery), ``ledger`` reads balances and statements, ``services`` posts manual adjustments.
See docs/billing.md and docs/billing-runs.md.
"""
