"""``abonent demo``: both organizations, the demo logins, and a second run that changes nothing."""

from io import StringIO

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.db import DatabaseError, connection, transaction
from django.test import Client
from django.urls import reverse

from abonent.accounts.models import Account
from abonent.billing.models import LedgerEntry
from abonent.core.access import access_for
from abonent.core.choices import AuditAction
from abonent.core.models import AuditEntry, Membership, Organization, User
from abonent.demo.digest import organization_digest, row_counts
from abonent.demo.logins import DEMO_PASSWORD, LOGINS
from abonent.metering.models import Reading
from abonent.property.models import Building
from abonent.testing.factories import BuildingFactory, OrganizationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fast_hashing(settings):
    """Argon2 is slow by design; these tests are about which password, not how it is kept."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def demo(**options) -> str:
    out = StringIO()
    call_command("demo", accounts=40, no_progress=True, stdout=out, **options)
    return out.getvalue()


def test_it_builds_both_organizations_and_prints_every_login():
    output = demo()
    georgia = Organization.objects.get(slug="demo")
    brazil = Organization.objects.get(slug="demo-br")
    assert (georgia.currency, georgia.time_zone, georgia.language) == ("GEL", "Asia/Tbilisi", "ka")
    assert (brazil.currency, brazil.time_zone, brazil.language) == (
        "BRL", "America/Sao_Paulo", "pt-br")
    assert Account.objects.filter(organization=georgia).count() == 40
    assert Account.objects.filter(organization=brazil).count() == 10
    assert "http://127.0.0.1:8000" in output and DEMO_PASSWORD in output
    for login in LOGINS:
        assert login.username in output
        assert Membership.objects.filter(user__username=login.username,
                                         organization=georgia, role=login.role).exists()
    assert set(Membership.objects.filter(organization=brazil).values_list(
        "user__username", flat=True)) == {"admin", "manager", "auditor"}


def test_running_it_again_changes_nothing_and_prints_the_logins():
    demo()
    counts = {org.slug: row_counts(org) for org in Organization.objects.all()}
    audit_rows, users = AuditEntry.objects.count(), User.objects.count()
    output = demo()
    assert "nothing changed" in output and "batumi-manager" in output
    assert {org.slug: row_counts(org) for org in Organization.objects.all()} == counts
    assert (AuditEntry.objects.count(), User.objects.count()) == (audit_rows, users)


def test_each_demo_login_signs_in_with_the_documented_password():
    demo(second_org=False)
    for login in LOGINS:
        client = Client()
        response = client.post(reverse("login"), {"username": login.username,
                                                  "password": DEMO_PASSWORD})
        assert response.status_code == 302, (login.username, response.content[:300])
        assert client.get(reverse("home")).status_code == 200, login.username


def test_the_batumi_manager_sees_only_batumi_buildings():
    demo(second_org=False)
    org = Organization.objects.get(slug="demo")
    access = access_for(User.objects.get(username="batumi-manager"), org)
    visible = Building.objects.restrict(access)
    assert {b.branch.code for b in visible} <= {"BAT"}
    assert visible.count() == Building.objects.filter(organization=org,
                                                      branch__code="BAT").count()
    assert Building.objects.filter(organization=org).exclude(branch__code="BAT").exists()


def test_reset_rebuilds_the_same_data_and_records_the_deletions():
    demo(second_org=False, seed=4)
    org = Organization.objects.get(slug="demo")
    before, counts = organization_digest(org), row_counts(org)
    assert counts["billing.LedgerEntry"] and counts["billing.Receipt"]
    readings = set(Reading.objects.filter(organization=org).values_list("pk", flat=True))
    user = User.objects.get(username="cashier")
    user.set_password("changed-by-someone-9")
    user.save()
    demo(second_org=False, seed=4, reset=True)
    assert Organization.objects.get(slug="demo").pk == org.pk
    assert organization_digest(org) == before and row_counts(org) == counts
    deleted = AuditEntry.objects.filter(organization_id=org.pk, action=AuditAction.DELETE)
    assert deleted.filter(object_type="accounts.account").count() == 40
    assert set(deleted.filter(object_type="metering.reading").values_list(
        "object_id", flat=True)) == {str(pk) for pk in readings}
    assert User.objects.get(username="cashier").check_password(DEMO_PASSWORD)


def test_after_a_reset_the_ledger_is_guarded_again():
    demo(second_org=False)
    demo(second_org=False, reset=True)
    entry = LedgerEntry.objects.filter(organization__slug="demo").first()
    with pytest.raises(ValidationError):
        entry.delete()
    if connection.vendor == "postgresql":  # the trigger is enabled again
        with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cur:
            cur.execute("DELETE FROM billing_ledgerentry WHERE id = %s", [entry.pk])
    assert LedgerEntry.objects.filter(pk=entry.pk).exists()


def test_reset_refuses_an_organization_the_demo_did_not_build():
    org = OrganizationFactory(slug="demo")
    BuildingFactory(organization=org)
    with pytest.raises(CommandError, match="not created by abonent demo"):
        demo(reset=True)
    assert Building.objects.filter(organization=org).count() == 1


def test_an_existing_organization_of_the_same_name_gets_no_demo_logins():
    org = OrganizationFactory(slug="demo")
    output = demo(second_org=False)
    assert "nothing changed" in output
    assert not Membership.objects.filter(organization=org).exists()
    assert not User.objects.filter(username="admin").exists()


def test_it_refuses_a_site_with_its_own_secret_key(settings):
    settings.SECRET_KEY = "a-real-deployment-key-" * 3
    with pytest.raises(CommandError, match="own secret key"):
        demo()
    assert not Organization.objects.exists()
    demo(force=True, second_org=False)
    assert Organization.objects.filter(slug="demo").exists()
