import pytest
from django.core.management import CommandError, call_command

from abonent.core.models import AuditEntry, Membership, Organization

pytestmark = pytest.mark.django_db


def test_a_new_install_starts_with_an_organization_and_its_administrator():
    call_command("create_organization", slug="porto-condo", name="Condomínio Porto",
                 country="PT", currency="EUR", time_zone="Europe/Lisbon", language="pt-br",
                 admin="maria", password="a-long-secret-9421")
    org = Organization.objects.get(slug="porto-condo")
    membership = Membership.objects.get(organization=org)
    assert membership.user.username == "maria" and membership.role == "admin"
    assert membership.user.check_password("a-long-secret-9421")
    assert AuditEntry.objects.filter(object_type="core.organization",
                                     object_id=str(org.pk)).exists()


def test_a_wrong_time_zone_is_refused_with_the_field_named():
    with pytest.raises(CommandError, match="time_zone"):
        call_command("create_organization", slug="x", name="X", country="GE", currency="GEL",
                     time_zone="Tbilisi", admin="x", password="a-long-secret-9421")
    assert not Organization.objects.filter(slug="x").exists()
