"""In a real browser: a cashier opens the sandbox checkout of a receipt, the sandbox's page
shows the receipt, Pay is clicked, the page says Paid, and the account's balance dropped by
the amount (89.16 GEL: flat 1's November bill)."""

from decimal import Decimal as D

import pytest
from django.urls import reverse

from abonent.billing.ledger import balance
from abonent.billing.models import Receipt
from abonent.core.choices import Role
from abonent.core.models import Membership
from abonent.payments.models import Payment
from abonent.testing import browser
from abonent.testing.browser import assert_no_problems, log_in_as, screenshot, staff_user

from .helpers import billed

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
chromium, open_page = browser.chromium, browser.open_page  # the fixtures this module uses


def test_a_receipt_is_paid_on_the_sandbox_page_and_the_balance_drops(open_page):
    b = billed()
    receipt = Receipt.objects.get(account=b.flat1)
    cashier = staff_user("keti")
    Membership.objects.create(organization=b.organization, user=cashier, role=Role.CASHIER)
    before = balance(b.flat1)
    assert before == D("89.16")

    page = open_page()
    log_in_as(page, cashier, reverse("providers:sandbox_start", args=[receipt.pk]))
    assert "/pay/sandbox/" in page.url
    assert page.locator("#sandbox-account").inner_text() == b.flat1.number
    assert "89.16" in page.locator("#sandbox-amount").inner_text()
    page.get_by_text(str(receipt), exact=True).wait_for()
    screenshot(page, "sandbox-checkout")
    with page.expect_navigation():
        page.get_by_role("button", name="Pay").click()
    assert page.locator("#sandbox-state").inner_text() == "Paid"
    assert page.get_by_role("button", name="Pay").count() == 0
    screenshot(page, "sandbox-paid")

    payment = Payment.objects.get()
    assert payment.amount == D("89.16")
    assert balance(b.flat1) == before - payment.amount == D("0.00")
    with page.expect_navigation():
        page.get_by_role("link", name="Back").click()
    assert page.url.endswith(receipt.get_absolute_url())
    assert_no_problems(page)


def test_the_sandbox_page_fits_a_phone(open_page):
    b = billed()
    receipt = Receipt.objects.get(account=b.flat1)
    cashier = staff_user("keti")
    Membership.objects.create(organization=b.organization, user=cashier, role=Role.CASHIER)
    page = open_page(browser.PHONE)
    log_in_as(page, cashier, reverse("providers:sandbox_start", args=[receipt.pk]))
    assert browser.horizontal_overflow(page) <= 0
    assert browser.elements_sticking_out(page) == []
    screenshot(page, "phone-sandbox-checkout")
    assert_no_problems(page)
