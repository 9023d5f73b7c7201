"""Working out a request's Access: which organization the user acts in, and with which role."""

from __future__ import annotations

from abonent.core.models import Membership, Organization
from abonent.core.tenancy import Access

SESSION_KEY = "abonent_org"
HEADER = "HTTP_X_ORGANIZATION"


def memberships_of(user) -> list[Membership]:
    if user is None or not user.is_authenticated:
        return []
    return list(
        Membership.objects.filter(user=user, is_active=True)
        .select_related("organization")
        .prefetch_related("branches")
        .order_by("organization__name")
    )


def access_for(user, organization: Organization | int | str | None = None) -> Access:
    """The access of ``user`` in ``organization`` (an object, id or slug), or in their first."""
    members = memberships_of(user)
    chosen = None
    if organization is not None:
        for m in members:
            if organization in (m.organization, m.organization_id, m.organization.slug,
                                str(m.organization_id)):
                chosen = m
                break
    elif members:
        chosen = members[0]
    if chosen is None:
        return Access(user=user if user and user.is_authenticated else None,
                      organization=None, role=None, memberships=tuple(members))
    return Access(
        user=user,
        organization=chosen.organization,
        role=chosen.role,
        branch_ids=frozenset(b.pk for b in chosen.branches.all()),
        memberships=tuple(members),
    )


def access_for_request(request) -> Access:
    wanted = request.META.get(HEADER) or request.session.get(SESSION_KEY)
    return access_for(getattr(request, "user", None), wanted)
