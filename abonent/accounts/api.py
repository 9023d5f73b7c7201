"""API of personal accounts, registered residents, benefit categories and memberships."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from abonent.accounts.filtersets import (
    AccountFilterSet,
    BenefitCategoryFilterSet,
    BenefitMembershipFilterSet,
    ResidentFilterSet,
)
from abonent.accounts.models import Account, BenefitCategory, BenefitMembership, Resident
from abonent.accounts.services import account_save
from abonent.core.api.base import CloseMixin, TenantModelSerializer, TenantViewSet


class AccountSerializer(TenantModelSerializer):
    """The personal account: the unit of billing, with its unit, holder and receipt delivery."""

    number = serializers.CharField(
        max_length=20, required=False, allow_blank=True,
        help_text=_("Left out or empty, the next free number is assigned. It never changes."))

    class Meta:
        model = Account
        fields = ["id", "display", "number", "unit", "holder", "opened_on", "closed_on",
                  "delivery", "notes", "created_at", "updated_at"]
        read_only_fields = ["closed_on"]

    def validate_number(self, value: str) -> str:
        if self.instance is not None and value != self.instance.number:
            raise serializers.ValidationError(_("An account's number never changes."))
        return value

    def save_instance(self, instance):
        return account_save(access=self.access, instance=instance)


class ResidentSerializer(TenantModelSerializer):
    """A person registered as living at an account's unit over a date range."""

    class Meta:
        model = Resident
        fields = ["id", "display", "account", "person", "kind", "date_from", "date_to",
                  "created_at", "updated_at"]


class BenefitCategorySerializer(TenantModelSerializer):
    """A privileged category (pensioner, large family, veteran), its discount, the services it
    discounts and, optionally, the social norm per person the discount is limited to."""

    class Meta:
        model = BenefitCategory
        fields = ["id", "display", "code", "name", "discount_percent", "services",
                  "norm_kind", "norm_per_person", "description", "closed_on", "created_at",
                  "updated_at"]
        read_only_fields = ["closed_on"]


class BenefitMembershipSerializer(TenantModelSerializer):
    """An account's entitlement to a benefit category, with its document and validity."""

    class Meta:
        model = BenefitMembership
        fields = ["id", "display", "account", "category", "person", "persons", "valid_from",
                  "valid_to", "document_ref", "created_at", "updated_at"]


class AccountViewSet(CloseMixin, TenantViewSet):
    """Personal accounts. A new account without a number gets the next free one (with its
    check digit). Closing an account is `POST …/{id}/close/`."""

    model = Account
    serializer_class = AccountSerializer
    filterset_class = AccountFilterSet
    ordering_fields = ["number", "opened_on", "closed_on", "delivery", "created_at"]
    ordering = ["number"]


class ResidentViewSet(CloseMixin, TenantViewSet):
    """Registered residents of accounts. Moving out is closing (`POST …/{id}/close/`)."""

    model = Resident
    serializer_class = ResidentSerializer
    filterset_class = ResidentFilterSet
    select_related = ("person", "account")
    ordering_fields = ["date_from", "date_to", "kind", "created_at"]
    ordering = ["account", "date_from"]


class BenefitCategoryViewSet(CloseMixin, TenantViewSet):
    """Benefit categories. Discontinuing one is closing (`POST …/{id}/close/`)."""

    model = BenefitCategory
    serializer_class = BenefitCategorySerializer
    filterset_class = BenefitCategoryFilterSet
    ordering_fields = ["code", "name", "discount_percent", "created_at"]
    ordering = ["name"]

    def get_queryset(self):
        return super().get_queryset().prefetch_related("services")


class BenefitMembershipViewSet(CloseMixin, TenantViewSet):
    """Accounts' benefit memberships. Ending one is closing (`POST …/{id}/close/`)."""

    model = BenefitMembership
    serializer_class = BenefitMembershipSerializer
    filterset_class = BenefitMembershipFilterSet
    select_related = ("category", "account")
    ordering_fields = ["valid_from", "valid_to", "created_at"]
    ordering = ["account", "valid_from"]


ROUTES = [
    ("accounts", AccountViewSet),
    ("residents", ResidentViewSet),
    ("benefit-categories", BenefitCategoryViewSet),
    ("benefit-memberships", BenefitMembershipViewSet),
]
