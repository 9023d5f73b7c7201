"""API of services, tariffs, tariff versions and subscriptions."""

from __future__ import annotations

from decimal import Decimal

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from abonent.core.api.base import CloseMixin, TenantModelSerializer, TenantViewSet
from abonent.tariffs.filtersets import (
    ServiceFilterSet,
    SubscriptionFilterSet,
    TariffFilterSet,
    TariffVersionFilterSet,
)
from abonent.tariffs.models import QUANTITY, RATE, Service, Subscription, Tariff, TariffVersion


class ExactDecimalField(serializers.DecimalField):
    # A decimal kept as written ("3.25" stays "3.25", not "3.250000"); digits still bounded.

    def quantize(self, value):
        return value


class BandSerializer(serializers.Serializer):
    """One consumption band: the rate of the consumption up to ``up_to`` (inclusive)."""

    up_to = ExactDecimalField(
        max_digits=QUANTITY["max_digits"], decimal_places=QUANTITY["decimal_places"],
        min_value=Decimal(0), allow_null=True, required=False, default=None,
        help_text=_("The band's upper limit; null (or left out) for the last band, the rest."))
    rate = ExactDecimalField(max_digits=RATE["max_digits"], decimal_places=RATE["decimal_places"],
                             min_value=Decimal(0), help_text=_("The price per unit in the band."))


class ServiceSerializer(TenantModelSerializer):
    """Something billed to accounts and how it is charged. Band mode and bands per resident
    matter for tiered services only; the measured service, distribution, cap per unit and
    negative difference for common-meter distribution only."""

    class Meta:
        model = Service
        fields = ["id", "display", "code", "name", "unit", "method", "tier_mode",
                  "tiers_per_resident", "base_service", "distribution", "cap_per_unit",
                  "negative_rule", "tax_rate", "tax_mode", "position", "closed_on",
                  "created_at", "updated_at"]
        read_only_fields = ["closed_on"]


class TariffSerializer(TenantModelSerializer):
    """The prices of a service for the organization, one building or one account."""

    class Meta:
        model = Tariff
        fields = ["id", "display", "service", "scope", "building", "account", "name",
                  "created_at", "updated_at"]


class TariffVersionSerializer(TenantModelSerializer):
    """The prices of a tariff in force from a date: a rate, a norm, or consumption bands."""

    bands = BandSerializer(
        many=True, required=False,
        help_text=_("Tiered services: the bands in order, the last one without a limit, "
                    "e.g. [{\"up_to\": \"100\", \"rate\": \"3.25\"}, {\"rate\": \"5.80\"}]."))

    class Meta:
        model = TariffVersion
        fields = ["id", "display", "tariff", "effective_from", "effective_until", "rate", "norm",
                  "bands", "created_at", "updated_at"]

    def validate_bands(self, bands):
        """Stored as the UI stores them: decimals written as strings."""
        return [{"up_to": None if band.get("up_to") is None else format(band["up_to"], "f"),
                 "rate": format(band["rate"], "f")} for band in bands]


class SubscriptionSerializer(TenantModelSerializer):
    """A service billed to every account of a building, or to one account, over dates."""

    class Meta:
        model = Subscription
        fields = ["id", "display", "service", "building", "account", "date_from", "date_to",
                  "created_at", "updated_at"]


class ServiceViewSet(CloseMixin, TenantViewSet):
    """Services. Discontinuing one is closing (`POST …/{id}/close/`)."""

    model = Service
    serializer_class = ServiceSerializer
    filterset_class = ServiceFilterSet
    ordering_fields = ["code", "name", "method", "position", "created_at"]
    ordering = ["position", "code"]


class TariffViewSet(TenantViewSet):
    """Tariffs of services, at organization, building or account scope. Their prices are in
    the tariff versions."""

    model = Tariff
    serializer_class = TariffSerializer
    filterset_class = TariffFilterSet
    select_related = ("service", "building", "account")
    ordering_fields = ["scope", "name", "created_at"]
    ordering = ["service", "scope", "pk"]


class TariffVersionViewSet(CloseMixin, TenantViewSet):
    """Tariff versions, each in force from a date. Ending one is closing
    (`POST …/{id}/close/` sets `effective_until`)."""

    model = TariffVersion
    serializer_class = TariffVersionSerializer
    filterset_class = TariffVersionFilterSet
    select_related = ("tariff__service", "tariff__building", "tariff__account")
    ordering_fields = ["effective_from", "effective_until", "created_at"]
    ordering = ["tariff", "-effective_from"]


class SubscriptionViewSet(CloseMixin, TenantViewSet):
    """Subscriptions of buildings and accounts to services. Ending one is closing
    (`POST …/{id}/close/`)."""

    model = Subscription
    serializer_class = SubscriptionSerializer
    filterset_class = SubscriptionFilterSet
    select_related = ("service", "building", "account")
    ordering_fields = ["date_from", "date_to", "created_at"]
    ordering = ["service", "date_from", "pk"]


ROUTES = [
    ("services", ServiceViewSet),
    ("tariffs", TariffViewSet),
    ("tariff-versions", TariffVersionViewSet),
    ("subscriptions", SubscriptionViewSet),
]
