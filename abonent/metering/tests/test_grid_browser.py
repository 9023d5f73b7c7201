"""An operator enters a building's readings with the keyboard, in a real browser.

Proves what the test client cannot: Enter moves to the next meter and saves the value left
behind (htmx), the row shows its consumption or its error at once, a refused value stays in
its input marked invalid, and ↑ goes back to fix it.
"""

import pytest
from django.urls import reverse

from abonent.core.choices import Role
from abonent.core.models import Membership
from abonent.metering.choices import ReadingStatus
from abonent.metering.models import Reading
from abonent.metering.tests.helpers import D, day, meter, read
from abonent.testing import browser
from abonent.testing.browser import assert_no_problems, log_in_as, screenshot, staff_user
from abonent.testing.factories import (
    AccountFactory,
    BuildingFactory,
    OrganizationFactory,
    ServiceFactory,
    UnitFactory,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
chromium, open_page = browser.chromium, browser.open_page  # the fixtures this module uses


@pytest.fixture
def operator():
    org = OrganizationFactory(slug="vake-homes")
    user = staff_user("levan")
    Membership.objects.create(organization=org, user=user, role=Role.TECHNICIAN)
    building = BuildingFactory(organization=org, street="Chavchavadze Avenue",
                               house_number="37")
    water = ServiceFactory(organization=org, code="CW", unit="m³")
    meters = []
    for number, floor in (("1", 1), ("2", 2), ("3", 3)):
        m = meter(account=AccountFactory(unit=UnitFactory(building=building, number=number,
                                                          entrance=1, floor=floor)),
                  service=water, serial=f"CW-{number}")
        read(m, "2026-10-01", "100")
        meters.append(m)
    return user, building, meters


def test_an_operator_types_three_readings_with_the_keyboard_and_fixes_the_low_one(
        open_page, operator):
    user, building, (first, second, third) = operator
    page = open_page()
    log_in_as(page, user, f"{reverse('metering:grid')}?building={building.pk}&date=2026-11-01")

    page.get_by_label("New value of meter CW-1").focus()
    page.keyboard.type("112.5")
    page.keyboard.press("Enter")
    page.keyboard.type("95")  # below 100: refused
    page.keyboard.press("Enter")
    page.keyboard.type("130,25")
    page.keyboard.press("Enter")

    result = page.locator(f"#result-{first.pk}")
    result.get_by_text("Saved: 12.500 m³").wait_for()
    page.locator(f"#result-{third.pk}").get_by_text("Saved: 30.250 m³").wait_for()
    error = page.locator(f"#result-{second.pk}")
    error.get_by_text("95.000 is below the previous reading, 100.000 of 2026-10-01").wait_for()
    refused = page.get_by_label("New value of meter CW-2")
    assert refused.input_value() == "95"  # nothing is lost
    assert refused.get_attribute("aria-invalid") == "true"
    assert page.get_by_label("New value of meter CW-1").get_attribute("readonly") is not None
    screenshot(page, "readings-grid-refused")

    # ↑ from the last row goes back to the refused value; the operator types it again.
    page.get_by_label("New value of meter CW-3").focus()
    page.keyboard.press("ArrowUp")
    assert page.evaluate("document.activeElement.id") == f"value-{second.pk}"
    page.keyboard.press("Control+A")
    page.keyboard.type("105")
    page.keyboard.press("Enter")
    page.locator(f"#result-{second.pk}").get_by_text("Saved: 5.000 m³").wait_for()

    saved = {r.meter_id: r for r in Reading.objects.filter(date=day("2026-11-01"))}
    assert {pk: r.consumption for pk, r in saved.items()} == {
        first.pk: D("12.500"), second.pk: D("5.000"), third.pk: D("30.250")}
    assert all(r.status == ReadingStatus.ACCEPTED and r.author == user for r in saved.values())
    screenshot(page, "readings-grid-done")
    assert_no_problems(page)
