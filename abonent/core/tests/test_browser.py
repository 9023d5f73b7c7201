"""A staff member's day in a real browser: Debian's Chromium driven by Playwright.

These tests click and type like a person: they sign in through the form, find an account
with the quick search and the keyboard, change it, and read the change in its history. They
also check the keyboard shortcuts, the language switch, and that list, detail and form pages
fit both a 1280px screen and a phone. Screenshots land in test-artifacts/.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import pytest
from django.urls import reverse
from django.utils import translation

from abonent.accounts.choices import Delivery
from abonent.accounts.models import Account
from abonent.core import checkdigit
from abonent.core.choices import AuditAction, AuditSource
from abonent.core.models import AuditEntry, User
from abonent.testing import browser
from abonent.testing.browser import (
    DESKTOP,
    PHONE,
    assert_no_problems,
    elements_sticking_out,
    horizontal_overflow,
    log_in,
    log_in_as,
    screenshot,
    staff_user,
)
from abonent.testing.factories import (
    AccountFactory,
    BuildingFactory,
    MembershipFactory,
    OrganizationFactory,
    PersonFactory,
    ResidentFactory,
    UnitFactory,
)

pytestmark = pytest.mark.browser
chromium, open_page = browser.chromium, browser.open_page  # the fixtures this module uses

VIEWPORTS = {"desktop": DESKTOP, "phone": PHONE}
MTAVRULI = re.compile("[\u1c90-\u1cbf]")  # Georgian capitals, for ALL-CAPS text only


@dataclass
class Office:
    """One organization with a manager, a few buildings and accounts."""

    user: User
    account: Account  # the account the tests look for
    twin: Account  # another account whose number starts the same way


@pytest.fixture
def office(live_server) -> Office:
    org = OrganizationFactory(name="Vake Housing Partnership", slug="vake")
    user = staff_user("anna", first_name="Anna", last_name="Kapanadze")
    MembershipFactory(organization=org, user=user, role="manager")
    building = BuildingFactory(organization=org, street="Chavchavadze Avenue", house_number="37")
    holder = PersonFactory(organization=org, first_name="Nino", last_name="Beridze",
                           email="nino.beridze@example.ge")
    account = AccountFactory(unit=UnitFactory(building=building, number="12"), holder=holder,
                             number=checkdigit.with_check_digit("7310452"))
    twin = AccountFactory(unit=UnitFactory(building=building, number="14"),
                          number=checkdigit.with_check_digit("7318801"))
    ResidentFactory(account=account, person=holder)
    for i in range(10):  # enough rows for the list to look like a list
        AccountFactory(unit=UnitFactory(building=building, number=str(20 + i)),
                       notes="Meter in the stairwell" if i % 3 == 0 else "")
    # The quick-search index follows model saves; rebuilding it as well keeps this fixture
    # independent of how the index is kept.
    from abonent.search.indexing import reindex_organization

    reindex_organization(org.pk)
    return Office(user=user, account=account, twin=twin)


def quick_search_open(page, term: str, target_url: str) -> None:
    """Type ``term`` into the quick search, walk the results with ArrowDown, open with Enter."""
    box = page.locator("#quick-search")
    box.click()
    box.press_sequentially(term, delay=60)
    results = page.locator("#quick-search-results a")
    results.first.wait_for(state="visible")
    hrefs = [a.get_attribute("href") for a in results.all()]
    assert target_url in hrefs, f"{target_url} not among the quick-search results {hrefs}"
    selected = page.locator('#quick-search-results a[aria-selected="true"]')
    if len(hrefs) > 1:  # ArrowDown moves the selection to the next result
        first = selected.get_attribute("href")
        box.press("ArrowDown")
        assert selected.get_attribute("href") != first
    for _ in hrefs:
        if selected.get_attribute("href") == target_url:
            break
        box.press("ArrowDown")
    assert selected.get_attribute("href") == target_url
    dropdown = page.locator("#quick-search-results").bounding_box()
    assert dropdown["x"] >= 0
    assert dropdown["x"] + dropdown["width"] <= page.viewport_size["width"]
    screenshot(page, f"{'phone' if page.viewport_size['width'] < 800 else 'desktop'}-quick-search",
               full_page=False)
    with page.expect_navigation():
        box.press("Enter")


def change_delivery_and_notes_then_read_history(page, account, username: str) -> None:
    """On the account's page: edit it, see the change saved, and find it in History."""
    page.get_by_role("link", name="Edit", exact=True).click()
    page.get_by_label("Receipt delivery").select_option(Delivery.PORTAL)
    page.get_by_label("Notes").fill("Keys with the neighbour in flat 14")
    screenshot(page, "desktop-account-form")
    with page.expect_navigation():
        page.get_by_role("button", name="Save").click()

    assert page.url.endswith(account.get_absolute_url())
    details = page.locator("#tab-details .details")
    assert "Residents' portal" in details.inner_text()
    assert "Keys with the neighbour in flat 14" in details.inner_text()
    account.refresh_from_db()
    assert (account.delivery, account.notes) == (Delivery.PORTAL,
                                                 "Keys with the neighbour in flat 14")

    page.get_by_role("tab", name="History").click()
    history = page.locator("#tab-history table.history")
    history.wait_for(state="visible")
    assert page.locator("#tab-details").is_hidden()
    update = history.locator("tbody tr").filter(has_text="Keys with the neighbour in flat 14")
    assert update.count() == 1
    assert username in update.inner_text()
    assert "portal" in update.inner_text().lower()  # the new delivery, before and after
    change = AuditEntry.objects.get(object_type="accounts.account", object_id=str(account.pk),
                                    action=AuditAction.UPDATE)
    assert (change.actor.username, change.source) == (username, AuditSource.WEB)


def test_staff_member_finds_an_account_edits_it_and_sees_the_change_in_history(open_page,
                                                                                office):
    account = office.account
    page = open_page(DESKTOP)
    log_in(page, office.user.username)
    # Our own CSS and JavaScript arrived: the top bar has its colour.
    assert page.locator(".topbar").evaluate(
        "el => getComputedStyle(el).backgroundColor") == "rgb(20, 48, 79)"

    quick_search_open(page, account.number[:3], account.get_absolute_url())
    assert page.url.endswith(account.get_absolute_url())
    page.get_by_role("heading", level=1).filter(has_text=account.number).wait_for()
    screenshot(page, "desktop-account-detail")

    change_delivery_and_notes_then_read_history(page, account, office.user.username)
    screenshot(page, "desktop-account-history")
    assert_no_problems(page)


def test_question_mark_lists_the_shortcuts_and_g_a_goes_to_accounts(open_page, office):
    page = open_page(DESKTOP)
    log_in_as(page, office.user)
    dialog = page.locator("dialog#shortcuts")
    assert dialog.is_hidden()

    page.keyboard.press("?")
    dialog.wait_for(state="visible")
    assert "Go to accounts" in dialog.inner_text()
    screenshot(page, "desktop-shortcuts", full_page=False)
    page.keyboard.press("Escape")
    dialog.wait_for(state="hidden")

    with page.expect_navigation():
        page.keyboard.press("g")
        page.keyboard.press("a")
    assert page.url.endswith(reverse("accounts:account_list"))
    assert office.account.number in page.locator("#object-table").inner_text()

    # "/" jumps to the quick search without typing a slash into it.
    page.keyboard.press("/")
    assert page.evaluate("document.activeElement.id") == "quick-search"
    assert page.locator("#quick-search").input_value() == ""
    assert_no_problems(page)


@pytest.mark.parametrize("size", VIEWPORTS)
def test_list_detail_and_form_pages_fit_the_window(open_page, office, size):
    page = open_page(VIEWPORTS[size])
    page.goto(reverse("login"))
    screenshot(page, f"{size}-login")
    assert horizontal_overflow(page) <= 0, elements_sticking_out(page)
    log_in(page, office.user.username)  # the login form, on both screens
    pages = {
        "dashboard": reverse("home"),
        "account-list": reverse("accounts:account_list"),
        "account-detail": office.account.get_absolute_url(),
        "account-form": reverse("accounts:account_edit", args=[office.account.pk]),
        "building-list": reverse("property:building_list"),
    }
    for name, url in pages.items():
        page.goto(url)
        screenshot(page, f"{size}-{name}")
        assert horizontal_overflow(page) <= 0, (
            f"{name} at {size} is wider than the window: {elements_sticking_out(page)}")
        assert elements_sticking_out(page) == [], name
    assert_no_problems(page)


def test_on_a_phone_the_menu_button_opens_the_navigation(open_page, office):
    page = open_page(PHONE)
    log_in_as(page, office.user, path=reverse("accounts:account_list"))
    nav = page.locator("#sidenav")
    toggle = page.locator("[data-menu-toggle]")
    assert toggle.is_visible()
    assert nav.is_hidden()

    toggle.click()
    nav.wait_for(state="visible")
    assert toggle.get_attribute("aria-expanded") == "true"
    assert horizontal_overflow(page) <= 0
    screenshot(page, "phone-menu-open")
    with page.expect_navigation():
        nav.get_by_role("link", name="Buildings").click()
    assert page.url.endswith(reverse("property:building_list"))
    assert page.locator("#sidenav").is_hidden()

    # The table scrolls inside its frame instead of widening the page.
    wrap = page.locator(".table-wrap").first
    assert wrap.evaluate("el => getComputedStyle(el).overflowX") == "auto"
    assert_no_problems(page)


def test_on_a_phone_the_quick_search_fits_the_screen(open_page, office):
    account = office.account
    page = open_page(PHONE)
    log_in_as(page, office.user, path=reverse("accounts:account_list"))
    box = page.locator("#quick-search")
    assert box.is_visible()
    quick_search_open(page, account.number[:3], account.get_absolute_url())
    assert page.url.endswith(account.get_absolute_url())
    assert horizontal_overflow(page) <= 0
    assert_no_problems(page)


def test_on_desktop_the_navigation_is_always_shown(open_page, office):
    page = open_page(DESKTOP)
    log_in_as(page, office.user)
    assert page.locator("#sidenav").is_visible()
    assert page.locator("[data-menu-toggle]").is_hidden()


def test_choosing_georgian_switches_the_page_language(open_page, office):
    page = open_page(DESKTOP)
    log_in_as(page, office.user, path=reverse("accounts:account_list"))
    assert page.locator("html").get_attribute("lang") == "en"

    with page.expect_navigation():
        page.locator("#lang-switch").select_option("ka")
    assert page.locator("html").get_attribute("lang") == "ka"
    assert page.url.endswith(reverse("accounts:account_list"))  # stays on the same page
    with translation.override("ka"):
        expected = [str(translation.gettext(s)) for s in ("Sign out", "Personal accounts")]
    body = page.locator("body").inner_text()
    for english, georgian in zip(("Sign out", "Personal accounts"), expected, strict=True):
        if georgian != english:  # translated in the catalog: the page must show it
            assert georgian in body
            assert english not in body
    assert re.search("[\u10d0-\u10ff]", page.locator("#lang-switch").inner_text())  # ქართული
    screenshot(page, "desktop-account-list-ka")

    # Georgian has no capital at a sentence start: Mtavruli letters (which most fonts lack,
    # so they show as empty boxes) must not appear where English capitalises a label.
    for url in (reverse("home"), reverse("accounts:account_list"),  # the choice sticks
                office.account.get_absolute_url(),
                reverse("accounts:account_edit", args=[office.account.pk])):
        page.goto(url)
        assert page.locator("html").get_attribute("lang") == "ka"
        capitals = MTAVRULI.findall(page.locator("body").inner_text())
        assert capitals == [], f"Mtavruli on {url}: {capitals}"
    screenshot(page, "desktop-account-form-ka")
    assert_no_problems(page)
