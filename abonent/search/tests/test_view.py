"""The search box's drop-down: grouped links the keyboard can move through."""

import re

import pytest
from django.urls import reverse

from abonent.testing.factories import AccountFactory, OrganizationFactory, PersonFactory
from abonent.testing.suites import client_for

pytestmark = pytest.mark.django_db
HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def org():
    org = OrganizationFactory()
    holder = PersonFactory(organization=org, first_name="Nino", last_name="Beridze")
    AccountFactory(unit__building__organization=org, holder=holder, number="12345674",
                   unit__building__street="Beridze Street")
    return org


def test_results_are_grouped_links_with_the_option_role(client, org):
    c = client_for(client, org)
    html = c.get(reverse("search"), {"q": "berid"}, **HTMX).content.decode()
    links = re.findall(r"<a [^>]*>", html)
    assert len(links) == 4  # the account, the holder, the building, the unit
    for link in links:
        assert 'role="option"' in link
        assert re.search(r'id="qs-\w+-\d+"', link)
        assert 'href="/' in link
    assert html.count('role="group"') == 4
    for header in ("Accounts", "People", "Buildings", "Units"):
        assert header in html


def test_a_closed_account_says_so(client, org):
    from abonent.accounts.models import Account

    account = Account.objects.get(organization=org)
    account.closed_on = "2024-06-30"
    account.save()
    html = client_for(client, org).get(reverse("search"), {"q": "12345"}, **HTMX)
    assert "closed" in html.content.decode()


def test_too_short_a_query_returns_an_empty_fragment(client, org):
    response = client_for(client, org).get(reverse("search"), {"q": "b"}, **HTMX)
    assert response.status_code == 200
    assert response.content == b""


def test_nothing_found_is_said_and_is_not_a_link(client, org):
    html = client_for(client, org).get(reverse("search"), {"q": "zzqx"}, **HTMX).content
    assert b"Nothing found" in html
    assert b"<a " not in html


def test_without_htmx_the_results_are_a_page(client, org):
    response = client_for(client, org).get(reverse("search"), {"q": "berid"})
    html = response.content.decode()
    assert "<html" in html
    assert 'name="q" value="berid"' in html
    assert html.count("/people/") >= 1


def test_the_search_box_is_on_every_staff_page(client, org):
    html = client_for(client, org).get(reverse("home")).content.decode()
    assert 'id="quick-search"' in html
    assert f'hx-get="{reverse("search")}"' in html


def test_the_typed_text_is_shown_escaped(client, org):
    c = client_for(client, org)
    html = c.get(reverse("search"), {"q": "<script>x"}, **HTMX).content.decode()
    assert "<script>" not in html
    assert "&lt;script&gt;x" in html
