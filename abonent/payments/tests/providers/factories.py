import factory

from abonent.payments.models import PaymentProvider, WebhookDelivery
from abonent.testing.factories import OrganizationFactory


class PaymentProviderFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PaymentProvider
        django_get_or_create = ("organization", "code")

    organization = factory.SubFactory(OrganizationFactory)
    code = "sandbox"
    secret = factory.Sequence(lambda n: f"whsec_factory_secret_{n:06d}_XYZW")


class WebhookDeliveryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = WebhookDelivery

    provider = factory.SubFactory(PaymentProviderFactory)
    organization = factory.SelfAttribute("provider.organization")
    delivery_key = factory.Sequence(lambda n: f"sig:{n:064d}")
    status = "failed"
    http_status = 400
    external_id = factory.Sequence(lambda n: f"sbx_{n}")
    error = "The signature does not match the body."
