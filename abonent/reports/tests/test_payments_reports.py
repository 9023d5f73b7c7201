"""The payment reports on the billing scenario (billing/tests/scenario.py), computed by hand.

The organization's clock is Tbilisi's (UTC+4). November is billed (flat 1 owes 89.16, flat 2
144.10); then, in December 2026 (times below are Tbilisi's; UTC is 4 hours earlier):

| id | who | day | time | channel | account | amount | value date | |
|---|---|---|---|---|---|---|---|---|
| N1 | Nino (cashier) | 12-03 | 09:05 | cash | flat 1 | 50.00 | 12-03 | |
| N2 | Nino | 12-03 | 11:30 | card | flat 2 | 30.00 | 12-03 | |
| N3 | Nino | 12-03 | 17:45 | cash | flat 2 | 20.00 | 12-03 | reversed 12-03 18:10 |
| G1 | Giorgi (cashier) | 12-03 | 10:00 | cash | flat 1 | 15.00 | 12-03 | reversed 12-04 12:00 |
| G2 | Giorgi | 12-04 | 02:30 | card | flat 2 | 40.00 | 12-04 | (12-03 22:30 UTC) |
| G3 | Giorgi | 12-04 | 09:00 | cash | flat 1 | 25.00 | 12-04 | |
| B1 | the bank | 12-03 | 10:30 | bank | flat 2 | 60.00 | 12-02 | |
| B2 | the bank | 12-04 | 11:00 | bank | flat 1 | 24.16 | 12-04 | |
| O1 | online | 12-04 | 16:00 | online | flat 2 | 10.00 | 12-04 | |
"""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass
from decimal import Decimal as D

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from abonent.core import roles
from abonent.core.choices import Action, Role
from abonent.core.tenancy import Access
from abonent.payments.choices import Channel
from abonent.payments.models import Payment
from abonent.payments.posting import Incoming, post_payments, reverse_payment
from abonent.payments.views import CASH_DESK
from abonent.reports.payments import cash_desk_closing, desk_payments, payments_report
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
)
from abonent.testing.factories import MembershipFactory, OrganizationFactory, UserFactory

pytestmark = pytest.mark.django_db
chromium, open_page = browser.chromium, browser.open_page  # the browser test's fixtures

UTC = dt.UTC
BANK = "bank:GE29NB0000000101904917"
DEC1, DEC2, DEC3, DEC4 = (dt.date(2026, 12, day) for day in (1, 2, 3, 4))


@dataclass
class Desk:
    b: object
    nino: object
    giorgi: object
    accountant: object
    payments: dict


def utc(day: int, hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime(2026, 12, day, hour, minute, tzinfo=UTC)


def take(b, key, *, user, channel, account, amount, value_date, received_at, source=CASH_DESK):
    return post_payments(b.organization, [Incoming(
        account_id=account.pk, amount=D(amount), value_date=value_date, channel=channel,
        source=source, external_id=key, payer_name=f"payer {key}", received_at=received_at)],
        user=user).payments[0]


def reverse_at(payment, when: dt.datetime, user) -> None:
    reverse_payment(payment, reason=f"{payment.external_id} taken by mistake", user=user)
    # as if it had been reversed then (reverse_payment stamps the present moment)
    Payment.objects.filter(pk=payment.pk).update(reversed_at=when)


def december(organization=None) -> Desk:
    b = billed_november(organization)
    org = b.organization
    nino = UserFactory(first_name="Nino", last_name="Beridze")
    giorgi = UserFactory(first_name="Giorgi", last_name="Kapanadze")
    accountant = UserFactory(first_name="Ana", last_name="Lomidze")
    for user, role in ((nino, Role.CASHIER), (giorgi, Role.CASHIER),
                       (accountant, Role.ACCOUNTANT)):
        MembershipFactory(organization=org, user=user, role=role)
    cash, card = Channel.CASH, Channel.CARD
    p = {}
    p["N1"] = take(b, "N1", user=nino, channel=cash, account=b.flat1, amount="50.00",
                   value_date=DEC3, received_at=utc(3, 5, 5))
    p["N2"] = take(b, "N2", user=nino, channel=card, account=b.flat2, amount="30.00",
                   value_date=DEC3, received_at=utc(3, 7, 30))
    p["N3"] = take(b, "N3", user=nino, channel=cash, account=b.flat2, amount="20.00",
                   value_date=DEC3, received_at=utc(3, 13, 45))
    p["G1"] = take(b, "G1", user=giorgi, channel=cash, account=b.flat1, amount="15.00",
                   value_date=DEC3, received_at=utc(3, 6))
    p["G2"] = take(b, "G2", user=giorgi, channel=card, account=b.flat2, amount="40.00",
                   value_date=DEC4, received_at=utc(3, 22, 30))
    p["G3"] = take(b, "G3", user=giorgi, channel=cash, account=b.flat1, amount="25.00",
                   value_date=DEC4, received_at=utc(4, 5))
    p["B1"] = take(b, "B1", user=None, channel=Channel.BANK, account=b.flat2, amount="60.00",
                   value_date=DEC2, received_at=utc(3, 6, 30), source=BANK)
    p["B2"] = take(b, "B2", user=None, channel=Channel.BANK, account=b.flat1, amount="24.16",
                   value_date=DEC4, received_at=utc(4, 7), source=BANK)
    p["O1"] = take(b, "O1", user=None, channel=Channel.ONLINE, account=b.flat2,
                   amount="10.00", value_date=DEC4, received_at=utc(4, 12), source="sandbox")
    reverse_at(p["N3"], utc(3, 14, 10), accountant)
    reverse_at(p["G1"], utc(4, 8), accountant)
    return Desk(b=b, nino=nino, giorgi=giorgi, accountant=accountant, payments=p)


@pytest.fixture
def desk() -> Desk:
    return december()


def access(desk: Desk, role: str = Role.ACCOUNTANT, user=None) -> Access:
    return Access(user=user or desk.accountant, organization=desk.b.organization, role=role)


def figures(report, *names) -> dict:
    return {row.label: tuple(row[name] for name in names) for row in report.all_rows()}


def payments_by(desk, group, dated="value_date", first=DEC1, last=DEC4, **options):
    report = payments_report(access=access(desk), first=first, last=last, dated=dated,
                             group=group, **options)
    return figures(report, "payments", "amount")


# --- payments by day, channel, cashier, source ---------------------------------------------

def test_payments_by_value_date_leave_the_reversed_ones_out(desk):
    assert payments_by(desk, "day") == {
        DEC2: (1, D("60.00")),                 # B1
        DEC3: (2, D("80.00")),                 # N1 50 + N2 30 (N3 and G1 reversed)
        DEC4: (4, D("99.16")),                 # G2 40 + G3 25 + B2 24.16 + O1 10
        "Total": (7, D("239.16")),
    }


def test_payments_by_the_day_received_in_the_organizations_time_zone(desk):
    # G2 reached us at 22:30 UTC on the 3rd: in Tbilisi it is 02:30 on the 4th
    assert payments_by(desk, "day", dated="received") == {
        DEC3: (3, D("140.00")),                # N1 50 + N2 30 + B1 60
        DEC4: (4, D("99.16")),                 # G2 40 + G3 25 + B2 24.16 + O1 10
        "Total": (7, D("239.16")),
    }
    assert payments_by(desk, "day", dated="received", first=DEC3, last=DEC3) == {
        DEC3: (3, D("140.00")), "Total": (3, D("140.00"))}


def test_payments_by_channel_in_the_channels_order(desk):
    assert list(payments_by(desk, "channel").items()) == [
        ("Cash", (2, D("75.00"))),                     # N1 50 + G3 25
        ("Card at the cash desk", (2, D("70.00"))),    # N2 30 + G2 40
        ("Bank transfer", (2, D("84.16"))),            # B1 60 + B2 24.16
        ("Online payment", (1, D("10.00"))),           # O1
        ("Total", (7, D("239.16"))),
    ]


def test_payments_by_cashier_with_bank_and_system_for_those_no_person_posted(desk):
    assert list(payments_by(desk, "cashier").items()) == [
        ("Nino Beridze", (2, D("80.00"))),      # N1 + N2
        ("Giorgi Kapanadze", (2, D("65.00"))),  # G2 + G3
        ("bank", (2, D("84.16"))),
        ("system", (1, D("10.00"))),
        ("Total", (7, D("239.16"))),
    ]


def test_payments_by_source_and_for_one_channel(desk):
    assert payments_by(desk, "source") == {
        BANK: (2, D("84.16")), CASH_DESK: (4, D("145.00")), "sandbox": (1, D("10.00")),
        "Total": (7, D("239.16"))}
    assert payments_by(desk, "cashier", channel=Channel.CASH) == {
        "Nino Beridze": (1, D("50.00")), "Giorgi Kapanadze": (1, D("25.00")),
        "Total": (2, D("75.00"))}


def test_reversed_payments_are_listed_apart_with_the_day_they_were_reversed(desk):
    report = payments_report(access=access(desk), first=DEC1, last=DEC4)
    [part] = report.parts
    rows = list(part.all_rows())
    assert [(r.day, r.account, r.channel, r.cashier, r.amount, r.reversed_on)
            for r in rows] == [
        (DEC3, desk.b.flat2.number, "Cash", "Nino Beridze", D("20.00"), "2026-12-03 18:10"),
        (DEC3, desk.b.flat1.number, "Cash", "Giorgi Kapanadze", D("15.00"),
         "2026-12-04 12:00"),
        ("Total", "", "", "", D("35.00"), ""),
    ]
    assert rows[0].reason == "N3 taken by mistake"


def test_the_chart_has_every_day_of_the_range_and_says_every_figure(desk, client):
    report = payments_report(access=access(desk), first=DEC1, last=DEC4)
    assert [(day.day, day.payments, day.amount) for day in report.extra["days"]] == [
        (DEC1, 0, D("0.00")), (DEC2, 1, D("60.00")), (DEC3, 2, D("80.00")),
        (DEC4, 4, D("99.16"))]
    c = client_for(client, desk.accountant)
    html = page(c, "reports:payments", first=DEC1, last=DEC4)
    assert '<svg xmlns="http://www.w3.org/2000/svg" class="chart"' in html
    assert ('<desc id="payments-chart-desc">Payments by day, 2026-12-01 to 2026-12-04. '
            "2026-12-02: 60.00 GEL in 1 payment. 2026-12-03: 80.00 GEL in 2 payments. "
            "2026-12-04: 99.16 GEL in 4 payments. No payments on the other 1 day.</desc>") in html
    assert "<title>2026-12-04: paid 99.16 GEL</title>" in html
    # grouped otherwise, no chart
    html = page(c, "reports:payments", first=DEC1, last=DEC4, group="channel")
    assert 'class="chart"' not in html and "84.16" in html


# --- the cash desk closing report ---------------------------------------------------------

SHIFT = ("cashier", "opened", "closed", "payments", "cash", "card", "reversals", "reversed",
         "net")


def shifts(report) -> list[tuple]:
    return [(row.label, *(row[name] for name in SHIFT)) for row in report.all_rows()]


def test_each_cashiers_day_is_a_shift_with_its_figures(desk):
    report = cash_desk_closing(access=access(desk), first=DEC1, last=DEC4)
    assert shifts(report) == [
        # N1 cash 50 + N3 cash 20, N2 card 30; N3 reversed the same day: net 100 - 20
        (DEC3, "Nino Beridze", "09:05", "17:45", 3, D("70.00"), D("30.00"), 1, D("20.00"),
         D("80.00")),
        # G1 was reversed the next day: not in this shift's figures
        (DEC3, "Giorgi Kapanadze", "10:00", "10:00", 1, D("15.00"), D("0.00"), 0,
         D("0.00"), D("15.00")),
        # G2 at 02:30 Tbilisi time (22:30 UTC the day before) opens the 4th
        (DEC4, "Giorgi Kapanadze", "02:30", "09:00", 2, D("25.00"), D("40.00"), 0,
         D("0.00"), D("65.00")),
        ("Total", "", "", "", 6, D("110.00"), D("70.00"), 1, D("20.00"), D("160.00")),
    ]
    # the bank's and the online payment are not the cash desk's
    [part] = report.parts
    assert [row.account and row.time for row in part.all_rows()][:-1] == [
        "09:05", "11:30", "17:45", "10:00", "02:30", "09:00"]


def test_a_cashier_sees_only_their_own_shifts(desk):
    nino = access(desk, Role.CASHIER, desk.nino)
    giorgi = access(desk, Role.CASHIER, desk.giorgi)
    assert set(desk_payments(nino).values_list("external_id", flat=True)) == {
        "N1", "N2", "N3"}
    assert set(desk_payments(giorgi).values_list("external_id", flat=True)) == {
        "G1", "G2", "G3"}
    assert desk_payments(access(desk)).count() == 6  # the accountant sees every cashier's
    assert desk_payments(Access(user=None, organization=desk.b.organization,
                                role=Role.CASHIER)).count() == 0
    assert [row[:2] for row in shifts(cash_desk_closing(access=nino, first=DEC1,
                                                        last=DEC4))] == [
        (DEC3, "Nino Beridze"), ("Total", "")]
    # naming another cashier does not help
    report = cash_desk_closing(access=nino, first=DEC1, last=DEC4, cashier_id=desk.giorgi.pk)
    assert shifts(report)[-1][4] == 0


@pytest.mark.parametrize("role", [Role.ACCOUNTANT, Role.MANAGER, Role.ADMIN, Role.AUDITOR])
def test_staff_other_than_cashiers_see_every_cashiers_shifts(desk, role):
    report = cash_desk_closing(access=access(desk, role), first=DEC1, last=DEC4)
    assert len(shifts(report)) == 4


def test_the_shift_sheet_prints_the_figures_the_payments_and_the_lines_to_sign(desk, client):
    c = client_for(client, desk.accountant)
    html = page(c, "reports:cash_desk", first=DEC1, last=DEC4)
    sheet = reverse("reports:cash_desk_shift") + f"?day=2026-12-03&amp;cashier={desk.nino.pk}"
    assert f'href="{sheet}"' in html
    response = c.get(reverse("reports:cash_desk_shift"),
                     {"day": "2026-12-03", "cashier": desk.nino.pk})
    html = response.content.decode()
    assert response.status_code == 200
    assert "@media print" in html and "window.print()" in html
    for text in ("Nino Beridze", "09:05", "17:45", "GEL\xa070.00", "GEL\xa030.00",
                 "1 · GEL\xa020.00", "GEL\xa080.00", "2026-12-03 18:10", "Accepted by",
                 desk.b.flat1.number):
        assert text in html, text
    assert "G1" not in html and "payer N1" in html


def test_a_cashier_cannot_open_another_cashiers_shift(desk, client):
    c = client_for(client, desk.nino)
    url = reverse("reports:cash_desk_shift")
    assert c.get(url, {"day": "2026-12-03", "cashier": desk.nino.pk}).status_code == 200
    assert c.get(url, {"day": "2026-12-03", "cashier": desk.giorgi.pk}).status_code == 404
    assert c.get(url, {"day": "not a day", "cashier": desk.nino.pk}).status_code == 404
    html = page(c, "reports:cash_desk", first=DEC1, last=DEC4)
    assert "Nino Beridze" in html and "Giorgi Kapanadze" not in html


# --- pages, exports, rights, tenancy -----------------------------------------------------------

def client_for(client, user):
    client.force_login(user)
    return client


def page(c, name, **params) -> str:
    response = c.get(reverse(name), {key: str(value) for key, value in params.items()})
    assert response.status_code == 200, response.content[:500]
    return response.content.decode()


def workbook_rows(response) -> list[tuple]:
    """The sheet's rows without the empty cells at their ends (the parts are wider); a day
    written as a date reads back as a datetime at midnight, and is compared as the day."""
    assert response.status_code == 200
    rows = []
    for row in load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True):
        row = [value.date() if isinstance(value, dt.datetime) else value for value in row]
        while row and row[-1] is None:
            row.pop()
        rows.append(tuple(row))
    return rows


def test_the_payments_export_holds_the_figures_and_the_reversed_payments(desk, client):
    c = client_for(client, desk.accountant)
    rows = workbook_rows(c.get(reverse("reports:payments"), {
        "first": "2026-12-01", "last": "2026-12-04", "group": "day", "export": "xlsx"}))
    assert rows[:5] == [
        ("day", "payments", "amount"),
        (DEC2, 1, 60), (DEC3, 2, 80), (DEC4, 4, 99.16), ("Total", 7, 239.16)]
    assert rows[6][0] == "Reversed payments (not in the figures above)"
    assert rows[7] == ("value date", "account", "channel", "cashier", "amount",
                       "reversed on", "reason for the reversal")
    assert rows[8][1:6] == (desk.b.flat2.number, "Cash", "Nino Beridze", 20,
                            "2026-12-03 18:10")
    assert rows[10][0] == "Total" and rows[10][4] == 35
    response = c.get(reverse("reports:payments"), {
        "first": "2026-12-01", "last": "2026-12-04", "group": "cashier", "export": "csv"})
    text = b"".join(response.streaming_content).decode("utf-8-sig").splitlines()
    assert text[:6] == ["cashier,payments,amount", "Nino Beridze,2,80.00",
                        "Giorgi Kapanadze,2,65.00", "bank,2,84.16", "system,1,10.00",
                        "Total,7,239.16"]


def test_the_cash_desk_export_holds_the_shifts_and_their_payments(desk, client):
    c = client_for(client, desk.accountant)
    rows = workbook_rows(c.get(reverse("reports:cash_desk"), {
        "first": "2026-12-01", "last": "2026-12-04", "export": "xlsx"}))
    assert rows[0] == ("day", "cashier", "opening", "closing", "payments", "cash", "card",
                       "reversals that day", "reversed that day", "net")
    assert rows[1] == (DEC3, "Nino Beridze", "09:05", "17:45", 3, 70, 30, 1, 20, 80)
    assert rows[4] == ("Total", None, None, None, 6, 110, 70, 1, 20, 160)
    assert rows[6][0] == "Payments taken"
    assert [row[2] for row in rows[8:14]] == ["09:05", "11:30", "17:45", "10:00", "02:30",
                                              "09:00"]
    assert rows[14][0] == "Total" and rows[14][6] == 180


@pytest.mark.parametrize("role", list(Role))
def test_each_role_sees_and_exports_the_payment_reports_as_its_rights_say(desk, client, role):
    user = UserFactory()
    MembershipFactory(organization=desk.b.organization, user=user, role=role)
    c = client_for(client, user)
    can_view = roles.can(role, "payment", Action.VIEW)
    can_export = roles.can(role, "payment", Action.EXPORT)
    index = c.get(reverse("reports:index"))
    if index.status_code == 200:
        assert (reverse("reports:payments") in index.content.decode()) == can_view
    for name in ("reports:payments", "reports:cash_desk"):
        response = c.get(reverse(name))
        assert response.status_code == (200 if can_view else 403)
        if can_view:
            assert ("export=xlsx" in response.content.decode()) == can_export
        assert c.get(reverse(name), {"export": "xlsx"}).status_code == \
            (200 if can_export else 403)
    shift = c.get(reverse("reports:cash_desk_shift"), {"day": "2026-12-03",
                                                      "cashier": desk.nino.pk})
    assert shift.status_code == (200 if can_view and role != Role.CASHIER else
                                 404 if can_view else 403)


def test_another_organizations_payments_never_appear(desk, client):
    theirs = december(OrganizationFactory())
    type(theirs.nino).objects.filter(pk=theirs.nino.pk).update(first_name="Tamar",
                                                               last_name="Gelashvili")
    mine = access(desk)
    assert payments_by(desk, "day")["Total"] == (7, D("239.16"))
    report = cash_desk_closing(access=mine, first=DEC1, last=DEC4)
    assert shifts(report)[-1][4] == 6
    assert theirs.nino.pk not in {row.get("posted_by_id") for row in report.rows}
    c = client_for(client, desk.accountant)
    for name in ("reports:payments", "reports:cash_desk"):
        html = page(c, name, first=DEC1, last=DEC4, group="cashier")
        assert theirs.b.flat1.number not in html and theirs.b.flat2.number not in html
        assert "Gelashvili" not in html
    # their cashier's shift is not found, and cannot be chosen in the filter
    assert c.get(reverse("reports:cash_desk_shift"), {
        "day": "2026-12-03", "cashier": theirs.nino.pk}).status_code == 404
    response = c.get(reverse("reports:cash_desk"), {"cashier": theirs.nino.pk})
    assert response.status_code == 400


def test_a_wrong_range_is_shown_and_not_exported(desk, client):
    c = client_for(client, desk.accountant)
    params = {"first": "2026-12-04", "last": "2026-12-01"}
    response = c.get(reverse("reports:payments"), params)
    assert response.status_code == 400
    assert "The last day comes before the first." in response.content.decode()
    assert c.get(reverse("reports:payments"), {**params, "export": "csv"}).status_code == 400


def test_without_a_range_the_report_is_of_this_month_up_to_today(desk, client):
    c = client_for(client, desk.accountant)
    html = page(c, "reports:payments")
    assert 'name="first"' in html and "Reversed payments" in html


def test_the_number_of_queries_does_not_grow_with_the_payments_or_cashiers(desk, client):
    c = client_for(client, desk.accountant)
    pages = [("reports:payments", {"group": "cashier"}), ("reports:payments", {}),
             ("reports:cash_desk", {})]
    counts = []
    for round_ in range(2):
        for name, params in pages:
            with CaptureQueriesContext(connection) as queries:
                page(c, name, first=DEC1, last=DEC4, **params)
            counts.append(len(queries))
        for n in range(3):  # three more cashiers, each with a payment and a reversed one
            cashier = UserFactory()
            for key in (f"X{round_}{n}", f"Y{round_}{n}"):
                payment = take(desk.b, key, user=cashier, channel=Channel.CASH,
                               account=desk.b.flat2, amount="1.00", value_date=DEC3,
                               received_at=utc(3, 9))
            reverse_at(payment, utc(3, 10), desk.accountant)
    assert counts[:3] == counts[3:]


# --- in a real browser -------------------------------------------------------------------------

@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("size", ["desktop", "phone"])
def test_the_payment_reports_fit_the_window_and_the_shift_sheet_prints_bare(open_page, size):
    d = december()
    page = open_page({"desktop": DESKTOP, "phone": PHONE}[size])
    days = "?first=2026-12-01&last=2026-12-04"
    log_in_as(page, d.accountant, reverse("reports:index"))
    for name in ("payments", "cash_desk"):
        page.goto(reverse(f"reports:{name}") + days)
        screenshot(page, f"{size}-reports-{name}")
        assert horizontal_overflow(page) <= 0, elements_sticking_out(page)
        assert elements_sticking_out(page) == [], name
    page.goto(reverse("reports:payments") + days)
    chart = page.get_by_role("img", name="Payments by day")
    assert chart.is_visible()
    assert chart.bounding_box()["width"] <= page.viewport_size["width"]
    page.emulate_media(media="print")
    assert not page.locator("#sidenav").is_visible()
    assert not page.locator("form.filters").is_visible()
    page.emulate_media(media="screen")
    page.goto(reverse("reports:cash_desk") + days)
    page.locator(f'a[href*="day=2026-12-03&cashier={d.nino.pk}"]').click()
    page.wait_for_load_state()
    assert page.get_by_role("heading", name="Cash desk closing").is_visible()
    screenshot(page, f"{size}-reports-cash-desk-shift")
    assert horizontal_overflow(page) <= 0
    assert page.get_by_role("button", name="Print").is_visible()
    page.emulate_media(media="print")
    assert not page.get_by_role("button", name="Print").is_visible()
    assert page.get_by_text("Accepted by").is_visible()
    assert_no_problems(page)

