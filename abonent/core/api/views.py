"""API endpoints of the core: the current organization, its branches and staff, the audit."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, viewsets

from abonent.core.api.base import ReadOnlyTenantViewSet, RestrictedMixin, TenantViewSet
from abonent.core.api.serializers import (
    AuditEntrySerializer,
    BranchSerializer,
    MembershipCreateSerializer,
    MembershipSerializer,
    OrganizationSerializer,
)
from abonent.core.models import AuditEntry, Branch, Membership, Organization
from abonent.core.views.audit import AuditFilterSet
from abonent.core.views.staff import BranchFilterSet, MembershipFilterSet


class OrganizationViewSet(RestrictedMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin,
                          mixins.UpdateModelMixin, viewsets.GenericViewSet):
    """The organization the request acts in (the list has exactly one); admins change it."""

    model = Organization
    serializer_class = OrganizationSerializer
    ordering_fields = ["name"]
    ordering = ["name"]


class BranchViewSet(TenantViewSet):
    """The organization's offices, departments and warehouses."""

    model = Branch
    serializer_class = BranchSerializer
    filterset_class = BranchFilterSet
    ordering_fields = ["code", "name", "kind", "created_at"]
    ordering = ["name"]


@extend_schema_view(create=extend_schema(request=MembershipCreateSerializer,
                                         responses={201: MembershipSerializer}))
class MembershipViewSet(TenantViewSet):
    """Staff of the organization. Adding staff creates their user account too."""

    model = Membership
    serializer_class = MembershipSerializer
    filterset_class = MembershipFilterSet
    select_related = ("user",)
    ordering_fields = ["user__username", "role", "is_active", "created_at"]
    ordering = ["user__username"]

    def get_queryset(self):
        return super().get_queryset().prefetch_related("branches")

    def get_serializer_class(self):
        if self.action == "create":
            return MembershipCreateSerializer
        return MembershipSerializer


class AuditEntryViewSet(ReadOnlyTenantViewSet):
    """Every recorded change in the organization: who, when, from where, before and after."""

    model = AuditEntry
    serializer_class = AuditEntrySerializer
    filterset_class = AuditFilterSet
    ordering_fields = ["timestamp", "actor_label", "action", "object_type", "source"]
    ordering = ["-timestamp", "-id"]


ROUTES = [
    ("organizations", OrganizationViewSet),
    ("branches", BranchViewSet),
    ("memberships", MembershipViewSet),
    ("audit-entries", AuditEntryViewSet),
]
