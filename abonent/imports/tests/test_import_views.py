"""The import page: upload, see the check's result, confirm; only for roles that may import."""

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from abonent.core.choices import AuditSource, Role
from abonent.core.models import AuditEntry
from abonent.imports.choices import BatchStatus
from abonent.imports.models import ImportBatch
from abonent.imports.spec import SHEETS
from abonent.imports.tests.workbooks import example_sheets, workbook
from abonent.people.models import Person
from abonent.property.models import Building, Unit
from abonent.testing import factories as f
from abonent.testing.suites import client_for

pytestmark = pytest.mark.django_db
PAGE = reverse("imports:building_import")
HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def org():
    return f.OrganizationFactory()


def upload(client, sheets, **extra):
    return client.post(PAGE, {"workbook": workbook(sheets)}, **extra)


def test_the_page_offers_the_template_and_the_upload_form(client, org):
    response = client_for(client, org, Role.MANAGER).get(PAGE)
    html = response.content.decode()
    assert response.status_code == 200
    assert reverse("imports:template") in html
    assert 'type="file"' in html and "htmx-indicator" in html
    assert f'href="{PAGE}"' in html  # the navigation's "Import a workbook"


def test_uploading_shows_what_would_change_and_confirming_imports_it(client, org):
    c = client_for(client, org, Role.MANAGER)
    preview = upload(c, example_sheets(), **HTMX)

    html = preview.content.decode()
    assert preview.status_code == 200
    assert "is valid" in html and "Nothing has been saved yet" in html
    assert '<th scope="row">Units</th><td class="num" data-outcome="created">3</td>' in html
    assert not Building.objects.filter(organization=org).exists()
    batch = ImportBatch.objects.get(organization=org)
    assert batch.status == BatchStatus.PREVIEWED
    apply_url = reverse("imports:building_import_apply", args=[batch.pk])
    assert f'hx-post="{apply_url}"' in html

    applied = c.post(apply_url, REMOTE_ADDR="198.51.100.4", **HTMX)

    assert applied.status_code == 200
    assert "was imported" in applied.content.decode()
    assert Unit.objects.filter(organization=org).count() == 3
    batch.refresh_from_db()
    assert batch.status == BatchStatus.APPLIED and batch.applied_at and not batch.content
    entry = AuditEntry.objects.filter(organization=org, object_type="property.building").get()
    assert (entry.source, entry.actor_label, entry.remote_addr, entry.source_detail) == (
        AuditSource.IMPORT, batch.user.username, "198.51.100.4", "onboarding.xlsx")
    # The same workbook again: nothing to import, and no button to do it.
    again = upload(c, example_sheets(), **HTMX).content.decode()
    assert "would change nothing" in again and "building_import_apply" not in again
    assert "/apply/" not in again


def test_a_workbook_with_errors_shows_them_as_a_table_and_saves_nothing(client, org):
    sheets = example_sheets()
    sheets["Units"][1]["area"] = 0
    sheets["People"][0]["email"] = "nino-at-example"
    response = upload(client_for(client, org), sheets)

    html = response.content.decode()
    assert response.status_code == 200
    assert "2 problems found. Nothing was imported." in html
    assert "<td>Units</td><td>3</td><td>area</td><td>F3</td>" in html
    assert "<td>People</td><td>2</td><td>email</td><td>F2</td>" in html
    assert "/apply/" not in html
    assert ImportBatch.objects.get(organization=org).status == BatchStatus.INVALID
    assert not Person.objects.filter(organization=org).exists()


def test_a_file_that_is_not_xlsx_is_refused_by_the_form(client, org):
    csv = io.BytesIO(b"code;city\nB1;Tbilisi\n")
    csv.name = "buildings.csv"
    response = client_for(client, org).post(PAGE, {"workbook": csv})
    assert "Upload an Excel workbook (.xlsx)." in response.content.decode()
    assert not ImportBatch.objects.exists()


@pytest.mark.parametrize("role", [Role.ACCOUNTANT, Role.CASHIER, Role.DISPATCHER,
                                  Role.TECHNICIAN, Role.AUDITOR])
def test_roles_without_the_import_right_get_403(client, org, role):
    c = client_for(client, org, role)
    assert c.get(PAGE).status_code == 403
    assert upload(c, example_sheets()).status_code == 403
    assert c.get(reverse("imports:template")).status_code == 403
    assert not ImportBatch.objects.exists()
    assert f'href="{PAGE}"' not in c.get(reverse("home")).content.decode()


def test_a_user_of_one_organization_cannot_import_into_another(client, org):
    other = f.OrganizationFactory()
    c = client_for(client, org, Role.ADMIN)
    response = upload(c, example_sheets(), HTTP_X_ORGANIZATION=str(other.pk))
    assert response.status_code == 403
    assert not Building.objects.filter(organization=other).exists()
    # Nor confirm a workbook uploaded in the other organization.
    theirs = ImportBatch.objects.create(organization=other, file_name="x.xlsx", sha256="0",
                                        content=workbook(example_sheets()).getvalue(),
                                        status=BatchStatus.PREVIEWED)
    url = reverse("imports:building_import_apply", args=[theirs.pk])
    assert c.post(url).status_code == 404
    assert not Building.objects.filter(organization__in=[org, other]).exists()


def test_another_users_upload_cannot_be_confirmed(client, org):
    upload(client_for(client, org), example_sheets())
    batch = ImportBatch.objects.get()
    colleague = client_for(client, org)  # logs in another admin of the same organization
    url = reverse("imports:building_import_apply", args=[batch.pk])
    assert colleague.post(url).status_code == 404


def test_the_template_downloads_with_instructions_and_every_sheet(client, org):
    response = client_for(client, org, Role.MANAGER).get(reverse("imports:template"))
    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    book = load_workbook(io.BytesIO(response.content))
    assert book.sheetnames == ["Instructions", *(s.name for s in SHEETS)]
    units = book["Units"]
    assert [c.value for c in units[1]] == SHEETS[1].names
    assert units["A2"].value == "B1"


def test_the_template_texts_follow_the_users_language(client, org):
    c = client_for(client, org, Role.MANAGER)
    response = c.get(reverse("imports:template"), HTTP_ACCEPT_LANGUAGE="ru")
    book = load_workbook(io.BytesIO(response.content))
    headers = [c.value for c in book["Buildings"][1]]
    assert headers == SHEETS[0].names  # column names stay the same in every language
    assert book["Instructions"]["A1"].value
