"""The collections pages in a real browser: they load without errors, the debt history chart
arrives after the list, and the pages fit a desktop and a phone."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal as D

import pytest
from django.urls import reverse

from abonent.collections.models import PaymentPlan
from abonent.collections.services import case_advance, case_open, plan_save
from abonent.collections.tests.scenario import billed
from abonent.core.tenancy import Access
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
def test_the_collections_pages_fit_the_window_and_draw_their_charts(open_page, size):
    b = billed()
    user = staff_user("collector")
    MembershipFactory(organization=b.organization, user=user, role="accountant")
    access = Access(user=user, organization=b.organization, role="accountant")
    case = case_open(access=access, account=b.flat2, opened_on=dt.date(2026, 11, 1))
    case_advance(access=access, case=case, stage="reminder", on=dt.date(2026, 11, 2),
                 responsible=user, note="Called")
    plan = plan_save(access=access, plan=PaymentPlan(
        account=b.flat2, total=D("251.23"), start=dt.date(2026, 6, 1), instalments_count=3))
    page = open_page({"desktop": DESKTOP, "phone": PHONE}[size])
    log_in_as(page, user, reverse("collections:debtors") + "?as_of=2027-02-01")
    page.get_by_role("img", name="Total debt at the end of each period").wait_for()
    pages = {"debtors": reverse("collections:debtors") + "?as_of=2027-02-01",
             "account": reverse("collections:account", args=[b.flat2.pk]),
             "case": case.get_absolute_url(), "plan": plan.get_absolute_url(),
             "missed": reverse("collections:missed"), "rate": reverse("collections:rate"),
             "notices": reverse("collections:notices") + f"?account={b.flat1.pk}"
             f"&account={b.flat2.pk}"}
    for name, url in pages.items():
        page.goto(url)
        if name == "debtors":
            page.get_by_role("img", name="Total debt at the end of each period").wait_for()
        screenshot(page, f"{size}-collections-{name}")
        assert horizontal_overflow(page) <= 0, (
            f"{name} at {size} is wider than the window: {elements_sticking_out(page)}")
        if name != "notices":  # the printable page has no frame of its own
            assert elements_sticking_out(page) == [], name
    assert_no_problems(page)
