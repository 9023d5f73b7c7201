"""Opening accounts: the next free number in the organization, with its check digit."""

from __future__ import annotations

from django.db import transaction

from abonent.accounts.models import Account
from abonent.core import checkdigit
from abonent.core.models import Organization
from abonent.core.services import object_save
from abonent.core.tenancy import Access

NUMBER_BODY_DIGITS = 7
FIRST_BODY = 10**(NUMBER_BODY_DIGITS - 1)  # 1000000: numbers never start with 0


def next_account_numbers(organization_id: int, count: int = 1) -> list[str]:
    """The next ``count`` free numbers. Call inside a transaction that locked the organization."""
    bodies = [n[:-1] for n in Account.objects.filter(organization_id=organization_id)
              .values_list("number", flat=True) if len(n) == NUMBER_BODY_DIGITS + 1]
    start = max((int(b) for b in bodies if b.isdigit()), default=FIRST_BODY - 1) + 1
    return [checkdigit.with_check_digit(str(start + i)) for i in range(count)]


def lock_organization(organization_id: int) -> None:
    """Serialize writers that allocate numbers in one organization."""
    Organization.objects.select_for_update().filter(pk=organization_id).first()


@transaction.atomic
def account_save(*, access: Access, instance: Account) -> Account:
    if instance._state.adding and not instance.number:
        lock_organization(access.organization_id)
        instance.number = next_account_numbers(access.organization_id)[0]
    return object_save(access=access, instance=instance)
