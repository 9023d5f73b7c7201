"""Core background tasks.

``touch_organization`` is a diagnostic: it changes one field of an organization from a worker,
so that an operator (and the test suite) can see that workers reach the database and that what
they change is recorded in the audit trail as a background task.
"""

from celery import shared_task
from django.db import transaction


@shared_task
def touch_organization(organization_id: int, phone: str) -> str:
    """Set the organization's phone number; returns the organization's name."""
    from abonent.core.models import Organization

    with transaction.atomic():
        organization = Organization.objects.select_for_update().get(pk=organization_id)
        organization.phone = phone
        organization.full_clean()
        organization.save(update_fields=["phone", "updated_at"])
    return organization.name
