"""The provider pages: who may configure a provider, the secret never shown back, and the
deliveries staff look at; nobody sees another organization's."""

from __future__ import annotations

import pytest
from django.urls import reverse

from abonent.core import roles
from abonent.core.choices import Action, Role
from abonent.core.models import AuditEntry
from abonent.payments.models import PaymentProvider, WebhookDelivery
from abonent.testing.factories import OrganizationFactory
from abonent.testing.suites import TenantViewSuite, client_for

from .factories import PaymentProviderFactory, WebhookDeliveryFactory

pytestmark = pytest.mark.django_db


class ProviderSuite(TenantViewSuite):
    def url(self, action: str, obj=None) -> str:
        name = f"providers:{self.model._meta.model_name}_{action}"
        return reverse(name, args=[obj.pk]) if obj is not None else reverse(name)


class TestPaymentProviderViews(ProviderSuite):
    model = PaymentProvider
    factory = PaymentProviderFactory
    # add and edit take the *change* right: tested below, role by role
    addable = False
    editable = False


class TestWebhookDeliveryViews(ProviderSuite):
    model = WebhookDelivery
    factory = WebhookDeliveryFactory
    org_path = "provider__organization"
    addable = False
    editable = False


@pytest.mark.parametrize("role", list(Role))
def test_only_roles_that_change_payment_settings_add_or_edit_a_provider(client, role):
    org = OrganizationFactory()
    provider = PaymentProviderFactory(organization=org)
    client_for(client, org, role)
    allowed = roles.can(role, "payment", Action.CHANGE)
    for url in (reverse("providers:paymentprovider_add"),
                reverse("providers:paymentprovider_edit", args=[provider.pk])):
        status = client.get(url).status_code
        assert (status == 200) == allowed, f"{role} {url} -> {status}"
    listing = client.get(reverse("providers:paymentprovider_list"))
    if roles.can(role, "payment", Action.VIEW):
        add_link = f'href="{reverse("providers:paymentprovider_add")}"'
        assert (add_link in listing.content.decode()) == allowed


def test_an_admin_adds_the_sandbox_and_the_secret_is_never_shown_back(client):
    org = OrganizationFactory()
    client_for(client, org, Role.ADMIN)
    secret = "whsec_live_ABCDEFGHIJKLMNOPQRSTUV_9f3k"
    response = client.post(reverse("providers:paymentprovider_add"), {
        "code": "sandbox", "is_active": "on", "new_secret": secret, "settings": "{}"},
        follow=True)
    assert response.status_code == 200, response.content.decode()[:2000]
    provider = PaymentProvider.objects.get()
    assert provider.secret == secret and provider.secret_hint == "…9f3k"
    html = response.content.decode()
    assert secret not in html and "…9f3k" in html
    assert f"/hooks/{org.slug}/sandbox/" in html
    edit = client.get(reverse("providers:paymentprovider_edit", args=[provider.pk]))
    assert secret not in edit.content.decode() and "…9f3k" in edit.content.decode()
    audit = AuditEntry.objects.get(object_type="payments.paymentprovider")
    assert secret not in str(audit.changes) and "secret" not in audit.changes


def test_editing_without_a_new_secret_keeps_it_and_a_new_one_replaces_it(client):
    org = OrganizationFactory()
    provider = PaymentProviderFactory(organization=org, secret="whsec_the_first_secret_1111")
    client_for(client, org, Role.MANAGER)
    url = reverse("providers:paymentprovider_edit", args=[provider.pk])
    client.post(url, {"is_active": "", "new_secret": "", "settings": '{"mode": "test"}'})
    provider.refresh_from_db()
    assert provider.secret == "whsec_the_first_secret_1111"
    assert not provider.is_active and provider.settings == {"mode": "test"}
    client.post(url, {"is_active": "on", "new_secret": "whsec_the_second_secret_2222",
                      "settings": "{}"})
    provider.refresh_from_db()
    assert provider.secret == "whsec_the_second_secret_2222"
    changes = [e.changes for e in AuditEntry.objects.filter(
        object_type="payments.paymentprovider", action="update").order_by("pk")]
    assert changes[-1]["secret_hint"] == ["…1111", "…2222"]
    assert all("secret" not in c for c in changes)


def test_a_new_provider_without_a_secret_gets_a_random_one(client):
    org = OrganizationFactory()
    client_for(client, org, Role.ADMIN)
    client.post(reverse("providers:paymentprovider_add"),
                {"code": "sandbox", "is_active": "on", "new_secret": "", "settings": "{}"})
    assert len(PaymentProvider.objects.get().secret) >= 32


def test_a_short_secret_an_unknown_code_and_a_second_sandbox_are_refused(client):
    org = OrganizationFactory()
    client_for(client, org, Role.ADMIN)
    url = reverse("providers:paymentprovider_add")
    short = client.post(url, {"code": "sandbox", "new_secret": "short", "settings": "{}"})
    assert short.status_code == 400
    unknown = client.post(url, {"code": "paypal", "new_secret": "", "settings": "{}"})
    assert unknown.status_code == 400
    PaymentProviderFactory(organization=org)
    again = client.post(url, {"code": "sandbox", "new_secret": "", "settings": "{}"})
    assert again.status_code == 400
    assert PaymentProvider.objects.count() == 1


def test_staff_see_deliveries_with_their_status_and_error(client):
    delivery = WebhookDeliveryFactory(error="The signature does not match the body.")
    client_for(client, delivery.organization, Role.ACCOUNTANT)
    html = client.get(reverse("providers:webhookdelivery_list")).content.decode()
    assert "The signature does not match the body." in html and "Failed" in html
    detail = client.get(delivery.get_absolute_url())
    assert detail.status_code == 200 and delivery.external_id in detail.content.decode()
    provider_page = client.get(delivery.provider.get_absolute_url()).content.decode()
    assert delivery.get_absolute_url() in provider_page


def test_the_deliveries_list_runs_the_same_queries_for_3_or_12_rows(client):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from abonent.testing.factories import PaymentFactory

    org = OrganizationFactory()
    provider = PaymentProviderFactory(organization=org)
    client_for(client, org, Role.ACCOUNTANT)
    url = reverse("providers:webhookdelivery_list")

    def add(count):
        for _ in range(count):
            payment = PaymentFactory(account__unit__building__organization=org)
            WebhookDeliveryFactory(provider=provider, payment=payment, status="posted",
                                   http_status=200, error="")

    counts = []
    for count in (3, 9):
        add(count)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1], counts
