"""Abonent: billing and CRM for housing-management companies and utility providers."""

from abonent.celery import app as celery_app

__all__ = ["celery_app"]
