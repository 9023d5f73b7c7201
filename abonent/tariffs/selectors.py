"""Reads of the tariffs app: which prices are in force on a day."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from django.db.models import JSONField, OuterRef, Q, QuerySet, Subquery
from django.utils import timezone

from abonent.core.tenancy import Access
from abonent.tariffs.models import TariffVersion


def local_today(access: Access) -> dt.date:
    """Today in the organization's time zone (a tariff takes effect on a local date)."""
    organization = access.organization
    zone = ZoneInfo(organization.time_zone) if organization is not None else None
    return timezone.localdate(timezone=zone)


def with_prices_in_force(queryset: QuerySet, day: dt.date) -> QuerySet:
    """Tariffs annotated with the version in force on ``day`` at the tariff's own scope:
    ``in_force_from``, ``in_force_rate``, ``in_force_norm`` and ``in_force_bands`` (all None
    when no version is in force). A fixed number of subqueries, whatever the rows."""
    versions = (TariffVersion.objects
                .filter(tariff=OuterRef("pk"), effective_from__lte=day)
                .filter(Q(effective_until__isnull=True) | Q(effective_until__gte=day))
                .order_by("-effective_from"))

    def latest(field: str, **kwargs) -> Subquery:
        return Subquery(versions.values(field)[:1], **kwargs)

    return queryset.annotate(
        in_force_from=latest("effective_from"),
        in_force_rate=latest("rate"),
        in_force_norm=latest("norm"),
        in_force_bands=latest("bands", output_field=JSONField()),
    )
