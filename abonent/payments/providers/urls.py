"""URLs of the payment providers (included at the site's root by ``abonent/urls.py``):
the webhook endpoint, the sandbox's payment page, and the staff pages under ``money/``."""

from django.urls import path

from abonent.core.views.generic import crud_urls
from abonent.payments.providers import views, webhooks

app_name = "providers"
urlpatterns = [
    path("hooks/<slug:org_slug>/<str:code>/", webhooks.webhook, name="webhook"),
    path("pay/sandbox/<str:token>/", views.SandboxPay.as_view(), name="sandbox_pay"),
    path("money/sandbox/", views.SandboxIndex.as_view(), name="sandbox_index"),
    path("money/sandbox/receipts/<int:pk>/pay/", views.SandboxStart.as_view(),
         name="sandbox_start"),
    *crud_urls("money/providers/deliveries", list_view=views.DeliveryList,
               detail_view=views.DeliveryDetail),
    *crud_urls("money/providers", list_view=views.ProviderList,
               detail_view=views.ProviderDetail, edit_view=views.ProviderEdit),
]
