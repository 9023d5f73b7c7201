"""Billing: services, tariffs, meters, charges and the ledger.

Only the pure calculation core (``abonent.billing.rating``) exists so far; it has no models
and the app is not yet in INSTALLED_APPS.
"""
