from abonent.core.filtersets import TenantFilterSet
from abonent.payments.models import PaymentProvider, WebhookDelivery


class PaymentProviderFilterSet(TenantFilterSet):
    search_fields = ("code",)

    class Meta:
        model = PaymentProvider
        fields = ["q", "is_active"]


class WebhookDeliveryFilterSet(TenantFilterSet):
    search_fields = ("external_id", "account_reference", "error", "delivery_key")

    class Meta:
        model = WebhookDelivery
        fields = ["q", "status", "event", "provider"]
