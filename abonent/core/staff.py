"""Adding staff: a user account and its membership in the organization, in one step."""

from __future__ import annotations

from django.contrib.auth.password_validation import validate_password
from django.db import transaction

from abonent.core.choices import Action
from abonent.core.models import Membership, User
from abonent.core.services import object_save
from abonent.core.tenancy import Access


@transaction.atomic
def staff_add(*, access: Access, username: str, password: str, role: str, first_name: str = "",
              last_name: str = "", email: str = "", language: str = "en",
              branches=()) -> Membership:
    access.require("organization", Action.ADD)
    user = User(username=username, first_name=first_name, last_name=last_name, email=email,
                language=language)
    validate_password(password, user)
    user.set_password(password)
    user.full_clean()
    user.save()
    membership = object_save(access=access, instance=Membership(user=user, role=role))
    membership.branches.set(branches)
    return membership
