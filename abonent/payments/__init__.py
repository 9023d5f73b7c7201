"""Payments, penalties and collections: money in, exactly once, and what stays unpaid.

See docs/payments.md.
"""
