"""The review of a run: every account's bill with the previous period, flags as badges, a
filter by flag, sorting by the difference, exports; one bill's lines and meters."""

from decimal import Decimal as D

import pytest
from django.urls import reverse

from abonent.billing import explain
from abonent.billing.models import AccountBill
from abonent.billing.runs import bill_period
from abonent.billing.tests.factories import AccountBillFactory
from abonent.billing.tests.scenario import NOV, build
from abonent.core.choices import Role
from abonent.testing.factories import MembershipFactory, OrganizationFactory
from abonent.testing.suites import TenantViewSuite, client_for

pytestmark = pytest.mark.django_db


class TestAccountBillViews(TenantViewSuite):
    model = AccountBill
    factory = AccountBillFactory
    org_path = "account__unit__building__organization"
    addable = editable = False


def rows(html: str) -> list[str]:
    return [row for row in html.split("<tr>")[2:] if "<td" in row]


def test_the_review_shows_each_bill_with_readable_flags_and_filters_by_flag(client):
    org = OrganizationFactory()
    calm = AccountBillFactory(account__unit__building__organization=org, flags=[],
                              total=D("50.00"), previous_total=D("49.00"))
    run = calm.run
    jumpy = AccountBillFactory(account__unit__building__organization=org, run=run,
                               flags=["spike", "estimated"], total=D("300.00"),
                               previous_total=D("60.00"))
    c = client_for(client, org, Role.ACCOUNTANT)
    url = reverse("billing:run_review", args=[run.pk])
    html = c.get(url).content.decode()
    assert "Consumption spike" in html and "Estimated consumption" in html
    assert 'class="badge flag flag-spike"' in html
    filtered = c.get(url, {"flag": "spike"}).content.decode()
    assert jumpy.account.number in filtered and calm.account.number not in filtered
    by_difference = rows(c.get(url, {"sort": "-difference"}).content.decode())
    assert jumpy.account.number in by_difference[0]  # +240.00 before +1.00
    by_difference = rows(c.get(url, {"sort": "difference"}).content.decode())
    assert calm.account.number in by_difference[0]


def test_the_review_exports_its_rows_with_the_flags_in_words(client):
    org = OrganizationFactory()
    bill = AccountBillFactory(account__unit__building__organization=org, flags=["spike"])
    c = client_for(client, org, Role.ACCOUNTANT)
    response = c.get(reverse("billing:run_review", args=[bill.run_id]), {"export": "csv"})
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    assert "Consumption spike" in text and "<span" not in text
    assert bill.account.number in text
    xlsx = c.get(reverse("billing:run_review", args=[bill.run_id]), {"export": "xlsx"})
    assert xlsx.status_code == 200
    assert xlsx["Content-Disposition"].startswith(f'attachment; filename="run-{bill.run_id}')


def test_a_bill_shows_its_lines_explained_in_the_readers_language_and_its_meters(
        client, monkeypatch):
    b = build()
    run = bill_period(b.organization, NOV)
    bill = AccountBill.objects.get(run=run, account=b.flat1)
    c = client_for(client, b.organization, Role.CASHIER)
    html = c.get(bill.get_absolute_url()).content.decode()
    assert "10.000 m³ x 3.25 GEL = 32.50 GEL" in html
    assert "100.000" in html and "110.000" in html  # the flat's meter, previous and current
    assert "500.000" in html and "540.000" in html  # the building's common meter
    # A reader in Russian gets the stored explanation rendered with the Russian templates
    # (faked here: the catalogs are translated at the end).
    russian = {**explain.templates("en"), "metered": "{quantity} × {rate} (RU)"}
    monkeypatch.setitem(explain._cache, "ru", russian)
    reader = MembershipFactory(organization=b.organization, role=Role.CASHIER,
                               user__language="ru").user
    client.force_login(reader)
    html = client.get(bill.get_absolute_url()).content.decode()
    assert 'lang="ru"' in html
    assert "10.000 m³ × 3.25 GEL (RU) = 32.50 GEL" in html
