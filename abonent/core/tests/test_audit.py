"""The audit trail: every create, update and delete of every model, by whom, when, from where,
with field-level before and after; append-only; shown on History tabs and the Audit page.

Changes made by other processes (the ``abonent`` CLI, the shell, a Celery worker) are proved in
test_audit_processes.py.
"""

import datetime as dt
from decimal import Decimal

import pytest
from django.db import DatabaseError, connection, transaction
from django.urls import reverse
from django.utils import timezone

from abonent.accounts.forms import AccountForm
from abonent.core import audit, roles
from abonent.core.choices import Action, AuditAction, AuditSource, Role
from abonent.core.models import AuditEntry, Membership
from abonent.core.services import object_close
from abonent.core.tasks import touch_organization
from abonent.core.tenancy import Access
from abonent.payments.tests.providers.factories import PaymentProviderFactory
from abonent.property.forms import BuildingForm
from abonent.testing import factories as f
from abonent.testing.suites import client_for

OFFICE_ADDRESS = "203.0.113.7"

# For each audited model: a factory and a change to make. A new audited model must be added
# here, so that its audit trail is proved like the others'.
SPECS = {
    "core.organization": (f.OrganizationFactory, {"phone": "+995 32 200 00 00"}),
    "core.user": (f.UserFactory, {"first_name": "Nana", "email": "nana@example.ge"}),
    "core.branch": (f.BranchFactory, {"name": "Vake office"}),
    "core.membership": (f.MembershipFactory, {"role": Role.CASHIER}),
    "property.building": (f.BuildingFactory, {"floors": 12}),
    "property.unit": (f.UnitFactory, {"rooms": 3, "area": Decimal("61.20")}),
    "people.person": (f.PersonFactory, {"phone": "+995 555 999999"}),
    "people.ownership": (f.OwnershipFactory, {"share_numerator": 2, "share_denominator": 3}),
    "accounts.account": (f.AccountFactory, {"notes": "Key with the neighbour"}),
    "accounts.resident": (f.ResidentFactory, {"kind": "temporary"}),
    "accounts.benefitcategory": (f.BenefitCategoryFactory,
                                 {"discount_percent": Decimal("30.00")}),
    "accounts.benefitmembership": (f.BenefitMembershipFactory, {"document_ref": "PENS-777"}),
    "tariffs.service": (f.ServiceFactory, {"name": "Cold water supply"}),
    "tariffs.tariff": (f.TariffFactory, {"name": "Standard"}),
    "tariffs.tariffversion": (f.TariffVersionFactory, {"rate": Decimal("3.400000")}),
    "tariffs.subscription": (f.SubscriptionFactory, {"date_from": dt.date(2024, 2, 1)}),
    "metering.meter": (f.MeterFactory, {"multiplier": Decimal("10.0000")}),
    "metering.reading": (f.ReadingFactory, {"value": Decimal("130.000")}),
    "billing.billingperiod": (f.BillingPeriodFactory, {"status": "closed"}),
    "billing.adjustment": (f.AdjustmentFactory, {"reason": "Duplicate reading"}),
    "billing.absence": (f.AbsenceFactory, {"persons": 2}),
    "billing.interruption": (f.InterruptionFactory, {"reduction_percent": Decimal("50.00")}),
    "billing.billingsettings": (f.BillingSettingsFactory, {"due_day": 20}),
    "billing.billingrun": (f.BillingRunFactory, {"error": "stopped"}),
    "payments.payment": (f.PaymentFactory, {"reversal_reason": "Paid to the wrong account"}),
    "payments.paymentsettings": (f.PaymentSettingsFactory, {"strategy": "proportional"}),
    "payments.statementimport": (f.StatementImportFactory, {"file_name": "renamed.xml"}),
    "payments.csvmappingrecord": (f.CsvMappingRecordFactory, {"name": "TBC export"}),
    "payments.penaltysettings": (f.PenaltySettingsFactory, {"grace_days": 10}),
    "payments.referencerate": (f.ReferenceRateFactory, {"percent": Decimal("16.50")}),
    "payments.paymentprovider": (PaymentProviderFactory, {"is_active": False}),
    "collections.collectioncase": (f.CollectionCaseFactory, {"notes": "Called, no answer"}),
    "collections.stageevent": (f.StageEventFactory, {"note": "Letter sent"}),
    "collections.paymentplan": (f.PaymentPlanFactory, {"status": "cancelled"}),
}


def entries_of(obj, action=None):
    qs = AuditEntry.objects.filter(object_type=obj._meta.label_lower, object_id=str(obj.pk))
    return qs.filter(action=action) if action else qs


def only_entry(obj, action):
    found = list(entries_of(obj, action))
    assert len(found) == 1, f"{obj._meta.label} {action}: {len(found)} entries"
    return found[0]


def admin_access(organization):
    membership = f.MembershipFactory(organization=organization, role=Role.ADMIN)
    return Access(user=membership.user, organization=organization, role=Role.ADMIN)


def form_data(form) -> dict:
    """What a browser would post back for an unchanged form."""
    data = {}
    for name, field in form.fields.items():
        value = form.initial.get(name, field.initial)
        if isinstance(value, list | tuple):
            data[name] = [str(v) for v in value]
        elif value is None:
            data[name] = ""
        elif isinstance(value, bool):
            if value:
                data[name] = "on"
        elif isinstance(value, dt.date):
            data[name] = value.isoformat()
        else:
            data[name] = str(getattr(value, "pk", value))
    return data


# Every model


def test_every_audited_model_is_covered_here():
    labels = {m._meta.label_lower for m in audit.audited_models()}
    missing = labels - set(SPECS)
    assert not missing, f"add a factory and a change for {sorted(missing)} to SPECS"
    assert "core.auditentry" not in labels


@pytest.mark.django_db
@pytest.mark.parametrize("label", sorted(SPECS))
def test_create_update_close_and_delete_of_each_model_are_recorded(label):
    factory, change = SPECS[label]
    actor = f.UserFactory(username="auditor-of-" + label.replace(".", "-"))
    with audit.audit_context(source=AuditSource.SHELL, detail="test", user=actor):
        obj = factory()
        created = only_entry(obj, AuditAction.CREATE)
        assert created.changes == {k: [None, v] for k, v in audit.snapshot(obj).items()}
        assert "created_at" not in created.changes and "updated_at" not in created.changes
        assert "password" not in created.changes

        before = audit.snapshot(obj)
        for name, value in change.items():
            setattr(obj, name, value)
        obj.save()
        updated = only_entry(obj, AuditAction.UPDATE)
        after = audit.snapshot(obj)
        assert updated.changes == {k: [before[k], after[k]] for k in change}

        close_field = getattr(obj, "close_field", None)
        if close_field:
            object_close(access=admin_access(obj.organization), instance=obj,
                         on=dt.date(2025, 6, 30))
            closed = entries_of(obj, AuditAction.UPDATE).order_by("-id").first()
            assert closed.changes == {close_field: [None, "2025-06-30"]}

        pk, last = obj.pk, audit.snapshot(obj)
        for related in ("residents", "benefits"):  # an account's own rows go with it
            if hasattr(obj, related):
                getattr(obj, related).all().delete()
        obj.delete()
        obj.pk = pk
        deleted = only_entry(obj, AuditAction.DELETE)
        assert deleted.changes == {k: [v, None] for k, v in last.items()}

    for entry in entries_of(obj):
        assert entry.actor == actor
        assert entry.actor_label == actor.username
        assert entry.source == AuditSource.SHELL
        assert entry.organization_id == audit._organization_id(obj)
        assert timezone.now() - entry.timestamp < dt.timedelta(minutes=5)


@pytest.mark.django_db
def test_a_save_that_changes_nothing_records_nothing():
    building = f.BuildingFactory()
    building.save()
    assert not entries_of(building, AuditAction.UPDATE).exists()


@pytest.mark.django_db
def test_changes_outside_any_context_are_the_system_actors_from_the_shell():
    person = f.PersonFactory()
    entry = only_entry(person, AuditAction.CREATE)
    assert entry.actor is None
    assert entry.actor_label == audit.SYSTEM_USERNAME
    assert entry.source == AuditSource.SHELL
    assert entry.remote_addr is None


@pytest.mark.django_db
def test_bulk_writers_record_their_rows_themselves():
    org = f.OrganizationFactory()
    from abonent.people.models import Person

    people = [Person(organization=org, first_name="Ana", last_name=f"Silva {n}")
              for n in range(3)]
    with audit.audit_context(source=AuditSource.IMPORT, detail="people.xlsx"):
        created = Person.objects.bulk_create(people)
        assert audit.record_bulk_create(created) == 3
    for person in created:
        entry = only_entry(person, AuditAction.CREATE)
        assert entry.source == AuditSource.IMPORT
        assert entry.source_detail == "people.xlsx"
        assert entry.changes["last_name"] == [None, person.last_name]
        assert entry.organization_id == org.pk


# Web


@pytest.mark.django_db
def test_a_web_edit_records_the_user_the_address_and_only_the_changed_fields(client):
    building = f.BuildingFactory(floors=9)
    entry = web_edit_floors(client, building, 12, REMOTE_ADDR=OFFICE_ADDRESS)
    user = Membership.objects.get(organization=building.organization).user
    assert entry.changes == {"floors": [9, 12]}
    assert entry.actor == user
    assert entry.actor_label == user.username
    assert entry.remote_addr == OFFICE_ADDRESS
    assert entry.source == AuditSource.WEB
    assert entry.source_detail == f"POST /property/building/{building.pk}/edit/"
    assert entry.organization_id == building.organization_id
    assert entries_of(building, AuditAction.UPDATE).count() == 1


def web_edit_floors(client, building, floors, **headers):
    c = client_for(client, building.organization, Role.MANAGER)
    user = Membership.objects.get(organization=building.organization).user
    access = Access(user=user, organization=building.organization, role=Role.MANAGER)
    data = {**form_data(BuildingForm(instance=building, access=access)), "floors": str(floors)}
    response = c.post(reverse("property:building_edit", args=[building.pk]), data, **headers)
    assert response.status_code == 302, response.content.decode()[:2000]
    return entries_of(building, AuditAction.UPDATE).latest("id")


@pytest.mark.django_db
@pytest.mark.parametrize(("proxies", "forwarded", "expected"), [
    (0, "198.51.100.9", "10.0.0.2"),  # no proxy configured: the header is anyone's word
    (1, "198.51.100.9", "198.51.100.9"),
    (1, "192.0.2.66, 198.51.100.9", "198.51.100.9"),  # the client's own claim is ignored
    (2, "192.0.2.66, 198.51.100.9, 10.0.0.5", "198.51.100.9"),
    (1, "not-an-address", "10.0.0.2"),
    (2, "198.51.100.9", "10.0.0.2"),  # fewer entries than proxies: the connection's address
])
def test_behind_a_reverse_proxy_the_clients_address_is_recorded(client, settings, proxies,
                                                                 forwarded, expected):
    settings.ABONENT_PROXY_COUNT = proxies
    building = f.BuildingFactory(floors=9)
    entry = web_edit_floors(client, building, 10, REMOTE_ADDR="10.0.0.2",
                            HTTP_X_FORWARDED_FOR=forwarded)
    assert entry.remote_addr == expected


@pytest.mark.django_db
def test_a_web_create_records_every_field_and_a_web_close_the_closing_date(client):
    unit = f.UnitFactory()
    holder = f.PersonFactory(organization=unit.organization)
    c = client_for(client, unit.organization, Role.ACCOUNTANT)
    response = c.post(reverse("accounts:account_add"),
                      {"unit": unit.pk, "holder": holder.pk, "opened_on": "2025-01-01",
                       "delivery": "paper", "number": "", "notes": ""},
                      REMOTE_ADDR=OFFICE_ADDRESS)
    assert response.status_code == 302, response.content.decode()[:2000]
    from abonent.accounts.models import Account

    account = Account.objects.get(unit=unit)
    entry = only_entry(account, AuditAction.CREATE)
    assert set(entry.changes) == set(audit.snapshot(account))
    assert entry.changes["number"] == [None, account.number]
    assert entry.changes["closed_on"] == [None, None]
    assert entry.remote_addr == OFFICE_ADDRESS
    assert set(AccountForm.Meta.fields) <= set(entry.changes)

    response = c.post(reverse("accounts:account_close", args=[account.pk]),
                      {"closed_on": "2025-12-31"}, REMOTE_ADDR=OFFICE_ADDRESS)
    assert response.status_code == 302
    assert only_entry(account, AuditAction.UPDATE).changes == {
        "closed_on": [None, "2025-12-31"]}


@pytest.mark.django_db
def test_changing_a_members_branches_is_recorded(client):
    org = f.OrganizationFactory()
    north, south, east = (f.BranchFactory(organization=org) for _ in range(3))
    member = f.MembershipFactory(organization=org, role=Role.CASHIER)
    member.branches.set([north])
    c = client_for(client, org, Role.ADMIN)
    response = c.post(reverse("core:membership_edit", args=[member.pk]),
                      {"role": Role.CASHIER, "branches": [north.pk, south.pk], "is_active": "on"},
                      REMOTE_ADDR=OFFICE_ADDRESS)
    assert response.status_code == 302, response.content.decode()[:2000]
    web = entries_of(member, AuditAction.UPDATE).filter(source=AuditSource.WEB).get()
    assert web.changes == {"branches": [[north.pk], sorted([north.pk, south.pk])]}
    assert web.remote_addr == OFFICE_ADDRESS

    member.branches.remove(north)
    member.branches.clear()
    east.membership_set.add(member)  # from the branch's side: recorded on the branch
    changes = [e.changes for e in entries_of(member, AuditAction.UPDATE).order_by("id")]
    assert changes == [
        {"branches": [[], [north.pk]]},
        {"branches": [[north.pk], sorted([north.pk, south.pk])]},
        {"branches": [sorted([north.pk, south.pk]), [south.pk]]},
        {"branches": [[south.pk], []]},
    ]
    reverse_entry = entries_of(east, AuditAction.UPDATE).get()
    assert reverse_entry.changes == {"membership_set": [[], [member.pk]]}


# A Celery task run in process (a real worker: test_audit_processes.py)


@pytest.mark.django_db
def test_a_tasks_changes_are_recorded_as_the_task():
    org = f.OrganizationFactory(phone="")
    with audit.audit_context(source=AuditSource.WEB, detail="POST /somewhere/"):
        result = touch_organization.apply(args=[org.pk, "+995 32 222 22 22"])
        assert result.successful(), result.traceback
        after = f.BranchFactory(organization=org)
    entry = only_entry(org, AuditAction.UPDATE)
    assert entry.source == AuditSource.TASK
    assert entry.source_detail == "abonent.core.tasks.touch_organization"
    assert entry.actor is None and entry.actor_label == audit.SYSTEM_USERNAME
    assert entry.changes == {"phone": ["", "+995 32 222 22 22"]}
    # the caller's context is back once the task is done
    assert only_entry(after, AuditAction.CREATE).source == AuditSource.WEB


# Append-only


@pytest.mark.django_db
def test_audit_rows_cannot_be_changed_or_deleted_through_the_application():
    f.PersonFactory()
    entry = AuditEntry.objects.latest("id")
    entry.actor_label = "someone else"
    with pytest.raises(PermissionError):
        entry.save()
    with pytest.raises(PermissionError):
        entry.delete()
    with pytest.raises(PermissionError):
        AuditEntry.objects.filter(pk=entry.pk).update(actor_label="x")
    with pytest.raises(PermissionError):
        AuditEntry.objects.update(actor_label="x")
    with pytest.raises(PermissionError):
        AuditEntry.objects.filter(pk=entry.pk).delete()
    with pytest.raises(PermissionError), transaction.atomic():
        AuditEntry.objects.bulk_update([entry], ["actor_label"])
    assert AuditEntry.objects.get(pk=entry.pk).actor_label == audit.SYSTEM_USERNAME


@pytest.mark.django_db
def test_the_database_refuses_an_sql_update_of_an_audit_row():
    f.PersonFactory()
    entry = AuditEntry.objects.latest("id")
    table = connection.ops.quote_name(AuditEntry._meta.db_table)
    sql = f"UPDATE {table} SET actor_label = %s WHERE id = %s"  # noqa: S608
    with (pytest.raises(DatabaseError, match="audit rows are never changed"),
          transaction.atomic(), connection.cursor() as cursor):
        cursor.execute(sql, ["forger", entry.pk])
    assert AuditEntry.objects.get(pk=entry.pk).actor_label == audit.SYSTEM_USERNAME


# History tab and Audit page


@pytest.mark.django_db
def test_the_history_tab_shows_who_changed_what_from_where(client):
    building = f.BuildingFactory(floors=9)
    c = client_for(client, building.organization, Role.MANAGER)
    user = Membership.objects.get(organization=building.organization).user
    with audit.audit_context(source=AuditSource.WEB, user=user, remote_addr=OFFICE_ADDRESS):
        building.floors = 14
        building.save()
    response = c.get(reverse("property:building_history", args=[building.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    assert user.username in html
    assert OFFICE_ADDRESS in html
    assert "floors" in html and "14" in html
    assert len(response.context["entries"]) == 2  # created, then updated


def audit_rows(c, **params) -> set[int]:
    response = c.get(reverse("core:auditentry_list"), params)
    assert response.status_code == 200
    return {row["obj"].pk for row in response.context["rows"]}


@pytest.mark.django_db
def test_the_audit_page_filters_by_user_object_type_action_and_date(client, monkeypatch):
    org = f.OrganizationFactory()
    c = client_for(client, org, Role.AUDITOR)
    nino, giorgi = f.UserFactory(username="nino"), f.UserFactory(username="giorgi")
    last_year = timezone.now() - dt.timedelta(days=365)
    with monkeypatch.context() as m:
        m.setattr(timezone, "now", lambda: last_year)
        with audit.audit_context(source=AuditSource.WEB, user=giorgi):
            old_building = f.BuildingFactory(organization=org)
    with audit.audit_context(source=AuditSource.WEB, user=nino):
        building = f.BuildingFactory(organization=org)
        person = f.PersonFactory(organization=org)
        person.phone = "+995 599 000000"
        person.save()
    built_old = only_entry(old_building, AuditAction.CREATE).pk
    built = only_entry(building, AuditAction.CREATE).pk
    person_created = only_entry(person, AuditAction.CREATE).pk
    person_changed = only_entry(person, AuditAction.UPDATE).pk

    everything = audit_rows(c)
    assert {built_old, built, person_created, person_changed} <= everything
    assert audit_rows(c, actor="nino") == {built, person_created, person_changed}
    assert audit_rows(c, actor="giorgi") == {built_old}
    assert audit_rows(c, object_type="people.person") == {person_created, person_changed}
    assert audit_rows(c, action=AuditAction.UPDATE) == {person_changed}
    assert audit_rows(c, object_type="property.building", action=AuditAction.CREATE) == {
        built_old, built}
    today = timezone.localdate()
    assert audit_rows(c, object_type="property.building", since=today.isoformat()) == {built}
    until = (today - dt.timedelta(days=300)).isoformat()
    assert audit_rows(c, object_type="property.building", until=until) == {built_old}
    assert audit_rows(c, object_id=str(person.pk), object_type="people.person") == {
        person_created, person_changed}


@pytest.mark.django_db
def test_the_object_type_filter_still_works_after_the_api_schema_was_built(client):
    # The API shares the Audit page's FilterSet; building the schema once used to freeze the
    # object type choices empty, and the page then found nothing for any type.
    org = f.OrganizationFactory()
    c = client_for(client, org, Role.AUDITOR)
    assert c.get(reverse("api_schema")).status_code == 200
    person = f.PersonFactory(organization=org)
    assert audit_rows(c, object_type="people.person") == {
        only_entry(person, AuditAction.CREATE).pk}


@pytest.mark.django_db
def test_the_audit_page_shows_only_the_current_organizations_rows(client):
    mine, theirs = f.OrganizationFactory(), f.OrganizationFactory()
    own = f.BuildingFactory(organization=mine)
    foreign = f.BuildingFactory(organization=theirs)
    c = client_for(client, mine, Role.ADMIN)
    rows = audit_rows(c)
    assert only_entry(own, AuditAction.CREATE).pk in rows
    assert only_entry(foreign, AuditAction.CREATE).pk not in rows
    assert not AuditEntry.objects.filter(pk__in=rows).exclude(organization=mine).exists()
    assert audit_rows(c, object_type="property.building", object_id=str(foreign.pk)) == set()
    export = c.get(reverse("core:auditentry_list"), {"export": "csv"})
    text = b"".join(export.streaming_content).decode("utf-8-sig")
    assert str(own) in text and str(foreign) not in text


@pytest.mark.django_db
@pytest.mark.parametrize("role", list(Role))
def test_only_roles_with_audit_rights_see_the_audit_page_and_history(client, role):
    building = f.BuildingFactory()
    c = client_for(client, building.organization, role)
    allowed = roles.can(role, "audit", Action.VIEW)
    page = c.get(reverse("core:auditentry_list")).status_code
    history = c.get(reverse("property:building_history", args=[building.pk])).status_code
    assert page == (200 if allowed else 403), role
    assert history == (200 if allowed else 403), role
