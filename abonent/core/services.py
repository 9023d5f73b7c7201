"""Generic writes for tenant models: validate everything, save inside a transaction.

Domain apps add their own services (opening an account assigns its number) and call these.
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from abonent.core.choices import Action
from abonent.core.tenancy import Access, TenantModel


@transaction.atomic
def object_save(*, access: Access, instance: TenantModel) -> TenantModel:
    action = Action.ADD if instance._state.adding else Action.CHANGE
    access.require(instance.permission_area, action)
    if instance._state.adding:
        instance.organization = access.organization
    elif instance.organization_id != access.organization_id:
        raise PermissionDenied("object of another organization")
    instance.full_clean()
    instance.save()
    # Re-check that the saved object is still visible to the user (branch scope): a change
    # that would move it out of their reach is rolled back.
    if not type(instance).objects.restrict(access, Action.VIEW).filter(pk=instance.pk).exists():
        raise PermissionDenied("the change would move the object out of your reach")
    return instance


@transaction.atomic
def object_close(*, access: Access, instance: TenantModel, on: dt.date) -> TenantModel:
    access.require(instance.permission_area, Action.CLOSE)
    field = instance.close_field
    if getattr(instance, field):
        raise ValidationError({field: _("Already closed.")})
    setattr(instance, field, on)
    instance.full_clean()
    instance.save(update_fields=[field, "updated_at"])
    return instance
