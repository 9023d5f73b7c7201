"""Tenancy and permissions, enforced in one place.

Every domain model inherits ``TenantModel``: it belongs to one organization, carries
timestamps, is audited, and its manager offers ``restrict(access, action)``. Views, the API,
exports and the quick search all obtain rows through ``restrict``; none filters by hand.

An ``Access`` is who is asking: a user acting inside one organization with one role and,
optionally, a set of branches. A user with no membership in the organization gets nothing.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied
from django.db import models

from abonent.core import roles
from abonent.core.choices import Action

if TYPE_CHECKING:
    from abonent.core.models import Organization, User


@dataclass(frozen=True)
class Access:
    user: User | None
    organization: Organization | None
    role: str | None
    branch_ids: frozenset[int] = field(default_factory=frozenset)
    #: all the user's active memberships (for the organization switcher), read once
    memberships: tuple[Any, ...] = ()

    @property
    def organization_id(self) -> int | None:
        return self.organization.pk if self.organization else None

    @property
    def role_label(self) -> str:
        from abonent.core.choices import Role

        return str(Role(self.role).label) if self.role else ""

    def can(self, area: str, action: str = Action.VIEW) -> bool:
        return self.organization is not None and roles.can(self.role, area, action)

    def require(self, area: str, action: str = Action.VIEW) -> None:
        if not self.can(area, action):
            raise PermissionDenied(f"{self.role or 'anonymous'} may not {action} {area}")

    @classmethod
    def none(cls) -> Access:
        return cls(user=None, organization=None, role=None)


class TenantQuerySet(models.QuerySet):
    def restrict(self, access: Access, action: str = Action.VIEW) -> TenantQuerySet:
        """Rows of the access's organization that its role may act on, within its branches."""
        model = self.model
        if not access.can(model.permission_area, action):
            return self.none()
        qs = self.filter(organization_id=access.organization_id)
        if access.branch_ids and model.branch_path:
            qs = qs.filter(**{f"{model.branch_path}__in": access.branch_ids})
        return qs

    def of_org(self, organization: Any) -> TenantQuerySet:
        """For system code (commands, tasks) that acts for a whole organization."""
        return self.filter(organization=organization)


class TenantModel(models.Model):
    """Base of every domain model: organization, timestamps, scoped manager, audit."""

    organization = models.ForeignKey(
        "core.Organization", on_delete=models.PROTECT, related_name="+", editable=False
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = TenantQuerySet.as_manager()

    #: the row of roles.AREAS that governs this model
    permission_area: str = ""
    #: lookup from this model to a Branch id, for branch-scoped staff; None if not branch-bound
    branch_path: str | None = None
    #: fields the audit trail leaves out
    audit_exclude: tuple[str, ...] = ("created_at", "updated_at")
    #: False for rows a billing run writes in bulk (charge lines, ledger entries, receipts):
    #: they are their own immutable record, and the run's audited steps say who made them
    audited: bool = True

    class Meta:
        abstract = True

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse(f"{self._meta.app_label}:{self._meta.model_name}_detail", args=[self.pk])
