"""Importing a workbook in a real browser: choose the file, check it, read the result, import.

Proves what the test client cannot: the htmx upload (multipart) swaps the result into the
page, the confirmation runs in place, and the page fits a phone. Screenshots land in
test-artifacts/.
"""

import pytest
from django.urls import reverse

from abonent.core.choices import Role
from abonent.core.models import Membership
from abonent.imports.tests.workbooks import example_sheets, workbook
from abonent.property.models import Unit
from abonent.testing import browser
from abonent.testing.browser import (
    PHONE,
    assert_no_problems,
    elements_sticking_out,
    horizontal_overflow,
    log_in_as,
    screenshot,
    staff_user,
)
from abonent.testing.factories import OrganizationFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
chromium, open_page = browser.chromium, browser.open_page  # the fixtures this module uses
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@pytest.fixture
def manager():
    org = OrganizationFactory(slug="vake-homes")
    user = staff_user("tamar")
    Membership.objects.create(organization=org, user=user, role=Role.MANAGER)
    return user


def choose(page, sheets, name="onboarding.xlsx"):
    page.get_by_label("Workbook (.xlsx)").set_input_files(
        {"name": name, "mimeType": XLSX, "buffer": workbook(sheets).getvalue()})


def test_a_manager_checks_a_workbook_then_imports_it(open_page, manager):
    page = open_page()
    log_in_as(page, manager, reverse("home"))
    with page.expect_navigation():
        page.get_by_role("link", name="Import a workbook").click()
    choose(page, example_sheets())
    page.get_by_role("button", name="Check the workbook").click()

    result = page.locator("#import-result")
    result.get_by_text("onboarding.xlsx is valid.").wait_for()
    assert result.locator("tr", has_text="Units").inner_text().split() == ["Units", "3", "0", "0"]
    assert not Unit.objects.exists()
    screenshot(page, "import-preview")

    result.get_by_role("button", name="Import").click()
    result.get_by_text("onboarding.xlsx was imported.").wait_for()
    assert Unit.objects.count() == 3
    assert page.url.endswith(reverse("imports:building_import"))  # all in place, no reload
    assert_no_problems(page)


def test_problems_are_listed_in_a_table_that_fits_a_phone(open_page, manager):
    sheets = example_sheets()
    sheets["Units"][2]["entrance"] = 7
    sheets["People"][1]["birth_date"] = "30.02.1951"
    page = open_page(PHONE)
    log_in_as(page, manager, reverse("imports:building_import"))
    choose(page, sheets)
    page.get_by_role("button", name="Check the workbook").click()

    page.get_by_text("2 problems found. Nothing was imported.").wait_for()
    rows = page.locator("table.import-errors tbody tr")
    assert rows.nth(0).inner_text().split("\t")[:4] == ["Units", "4", "entrance", "D4"]
    assert rows.nth(1).inner_text().split("\t")[:4] == ["People", "3", "birth_date", "K3"]
    assert page.get_by_role("button", name="Import").count() == 0
    assert horizontal_overflow(page) <= 0, elements_sticking_out(page)
    screenshot(page, "import-errors-phone")
    assert not Unit.objects.exists()
    assert_no_problems(page)
