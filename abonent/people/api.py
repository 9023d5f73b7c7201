"""API of people and companies, and of ownership and occupancy of units."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from abonent.core.api.base import CloseMixin, TenantModelSerializer, TenantViewSet
from abonent.people.choices import Channel
from abonent.people.filtersets import OwnershipFilterSet, PersonFilterSet
from abonent.people.models import Ownership, Person


class PersonSerializer(TenantModelSerializer):
    """A person or a company: names, contacts, preferred language and channels, consents."""

    channels = serializers.ListField(child=serializers.ChoiceField(choices=Channel.choices),
                                     required=False, max_length=len(Channel.choices),
                                     help_text=_("In order of preference."))

    class Meta:
        model = Person
        fields = ["id", "display", "kind", "first_name", "middle_name", "last_name",
                  "company_name", "personal_id", "birth_date", "phone", "phone_alt", "email",
                  "email_alt", "postal_address", "language", "channels", "consent_processing",
                  "consent_electronic", "consent_marketing", "closed_on", "notes",
                  "created_at", "updated_at"]
        read_only_fields = ["closed_on"]


class OwnershipSerializer(TenantModelSerializer):
    """A person's ownership, tenancy or occupancy of a unit, with a share and a date range."""

    class Meta:
        model = Ownership
        fields = ["id", "display", "person", "unit", "kind", "share_numerator",
                  "share_denominator", "date_from", "date_to", "document_ref", "created_at",
                  "updated_at"]


class PersonViewSet(CloseMixin, TenantViewSet):
    """People and companies. Archiving a person is closing (`POST …/{id}/close/`)."""

    model = Person
    serializer_class = PersonSerializer
    filterset_class = PersonFilterSet
    ordering_fields = ["last_name", "first_name", "company_name", "kind", "created_at"]
    ordering = ["last_name", "first_name", "company_name"]


class OwnershipViewSet(CloseMixin, TenantViewSet):
    """Ownership and occupancy of units. Ending one is closing (`POST …/{id}/close/`)."""

    model = Ownership
    serializer_class = OwnershipSerializer
    filterset_class = OwnershipFilterSet
    select_related = ("person", "unit__building")
    ordering_fields = ["date_from", "date_to", "kind", "unit", "person", "created_at"]
    ordering = ["unit", "-date_from"]


ROUTES = [
    ("people", PersonViewSet),
    ("ownerships", OwnershipViewSet),
]
