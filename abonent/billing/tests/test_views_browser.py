"""In a real browser: a manager starts a run for the scenario building and watches its progress
until the page moves on to the review by itself (htmx: the run's page posts the computation and
polls the progress fragment meanwhile)."""

import pytest
from django.urls import reverse

from abonent.billing.choices import RunStatus
from abonent.billing.models import BillingRun
from abonent.billing.tests.scenario import build
from abonent.core.choices import Role
from abonent.core.models import Membership
from abonent.testing import browser
from abonent.testing.browser import assert_no_problems, log_in_as, screenshot, staff_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
chromium, open_page = browser.chromium, browser.open_page  # the fixtures this module uses


def test_a_manager_starts_a_run_and_follows_its_progress_to_the_review(open_page):
    b = build()
    manager = staff_user("tamar")
    Membership.objects.create(organization=b.organization, user=manager, role=Role.MANAGER)
    page = open_page()
    log_in_as(page, manager, reverse("home"))
    with page.expect_navigation():
        page.get_by_role("link", name="Billing runs").click()
    with page.expect_navigation():
        page.get_by_role("link", name="Add").click()
    page.get_by_label("Month:").fill("2026-11")
    page.get_by_label("One building").check()
    page.get_by_label("Building:").select_option(str(b.building.pk))
    shown = []
    page.on("response", lambda r: shown.append(r.url) if "/progress/" in r.url
            or "/compute/" in r.url else None)
    with page.expect_navigation():
        page.get_by_role("button", name="Save").click()
    run = BillingRun.objects.get()
    assert page.url.endswith(run.get_absolute_url())
    progress = page.locator("#run-progress")
    progress.wait_for()
    assert progress.locator("progress").count() == 1  # the indicator, while it works
    page.wait_for_url(f"**{reverse('billing:run_review', args=[run.pk])}", timeout=20_000)
    run.refresh_from_db()
    assert run.status == RunStatus.PREVIEW, run.error
    assert any("/compute/" in url for url in shown)
    table = page.locator("#object-table")
    assert b.flat1.number in table.inner_text() and b.flat2.number in table.inner_text()
    assert "144.10" in table.inner_text()
    screenshot(page, "billing-run-review")
    with page.expect_navigation():
        page.get_by_role("link", name=b.flat1.number).click()
    page.get_by_text("10.000 m³ x 3.25 GEL = 32.50 GEL").wait_for()
    screenshot(page, "billing-bill")
    assert_no_problems(page)
