"""The report pages in a real browser: they load without errors and fit a desktop and a phone
(the chart scales down, wide tables scroll inside their frame)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from abonent.reports.tests.data import billed_november
from abonent.testing import browser
from abonent.testing.browser import (
    DESKTOP,
    PHONE,
    assert_no_problems,
    elements_sticking_out,
    horizontal_overflow,
    log_in_as,
    screenshot,
    staff_user,
)
from abonent.testing.factories import MembershipFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
chromium, open_page = browser.chromium, browser.open_page  # the fixtures this module uses


@pytest.mark.parametrize("size", {"desktop": DESKTOP, "phone": PHONE})
def test_the_reports_fit_the_window_and_the_chart_is_drawn(open_page, size):
    b = billed_november()
    user = staff_user("reporter")
    MembershipFactory(organization=b.organization, user=user, role="accountant")
    page = open_page({"desktop": DESKTOP, "phone": PHONE}[size])
    log_in_as(page, user, reverse("reports:index"))
    for name in ("index", "summary", "turnover", "losses"):
        page.goto(reverse(f"reports:{name}"))
        screenshot(page, f"{size}-reports-{name}")
        assert horizontal_overflow(page) <= 0, (
            f"{name} at {size} is wider than the window: {elements_sticking_out(page)}")
        assert elements_sticking_out(page) == [], name
    chart = page.get_by_role("img", name="Common meter against billed individually")
    assert chart.is_visible()
    assert chart.bounding_box()["width"] <= page.viewport_size["width"]
    assert_no_problems(page)
