"""Reports over billing: the billing summary, the turnover sheet and common-meter losses.

The app has no models: every figure is aggregated by the database from the ledger
(``LedgerEntry``), the runs' charge lines and meter usages, read through ``restrict``.
"""
