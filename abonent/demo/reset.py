"""Emptying a demo organization so that ``abonent demo --reset`` can build it again.

Only an organization that the demo generator created is emptied: the audit trail must show
its creation by ``abonent demo``. Rows are deleted children first (the foreign keys protect
parents), each deletion recorded in the audit trail like any other; the organization itself
and its audit trail stay. Data that other parts of Abonent added on top of the demo (once
they exist: meters, charges, payments) protect the rows they point to, and the reset then
stops with a message instead of deleting them; delete ``var/`` for a clean start instead.
"""

from __future__ import annotations

from django.db import transaction
from django.db.models import ProtectedError, RestrictedError
from django.utils.translation import gettext as _

from abonent.accounts.models import Account, BenefitCategory, BenefitMembership, Resident
from abonent.core.choices import AuditAction, AuditSource
from abonent.core.models import AuditEntry, Branch, Membership, Organization
from abonent.demo.generator import AUDIT_DETAIL, DemoError
from abonent.people.models import Ownership, Person
from abonent.property.models import Building, Unit

DELETE_ORDER = (BenefitMembership, Resident, Account, Ownership, Unit, Building, Person,
                BenefitCategory, Membership, Branch)


def is_demo_organization(org: Organization) -> bool:
    """Whether the audit trail shows that ``abonent demo`` created this organization."""
    return AuditEntry.objects.filter(
        object_type="core.organization", object_id=str(org.pk), action=AuditAction.CREATE,
        source=AuditSource.COMMAND, source_detail__startswith=AUDIT_DETAIL,
    ).exists()


@transaction.atomic
def empty_demo_organization(org: Organization) -> dict[str, int]:
    """Delete the organization's demo rows; returns how many of each were deleted."""
    if not is_demo_organization(org):
        raise DemoError(_("Organization %(slug)s was not created by abonent demo; --reset "
                          "refuses to delete its data.") % {"slug": org.slug})
    deleted = {}
    for model in DELETE_ORDER:
        try:
            _count, per_model = model.objects.filter(organization=org).delete()
        except (ProtectedError, RestrictedError) as exc:
            blocking = sorted({o._meta.label for o in exc.protected_objects
                               } if isinstance(exc, ProtectedError) else
                              {o._meta.label for o in exc.restricted_objects})
            raise DemoError(_(
                "Cannot reset %(slug)s: %(blocking)s rows refer to its %(what)s. Delete the "
                "var/ directory (or the database) and run make demo again for a clean start."
            ) % {"slug": org.slug, "blocking": ", ".join(blocking),
                 "what": model._meta.verbose_name_plural}) from exc
        for label, n in per_model.items():
            deleted[label] = deleted.get(label, 0) + n
    return deleted
