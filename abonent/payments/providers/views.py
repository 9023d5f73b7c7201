"""Provider pages: the organization's providers (list, add, edit: the secret is never shown
back), the webhook deliveries (list and detail, for staff), and the sandbox: starting a
sandbox payment of a receipt (staff) and the sandbox's own payment page (no sign-in)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core import signing
from django.http import Http404, HttpResponseRedirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View

from abonent.accounts.models import Account
from abonent.billing.models import Receipt
from abonent.billing.views.base import BillingPages, get_restricted
from abonent.core.choices import Action
from abonent.core.models import Organization
from abonent.core.services import object_save
from abonent.core.views import generic
from abonent.payments.choices import PaymentStatus
from abonent.payments.models import Payment, PaymentProvider, WebhookDelivery
from abonent.payments.providers import registry, sandbox, tables, templating
from abonent.payments.providers.choices import DeliveryStatus, EventStatus
from abonent.payments.providers.filtersets import (
    PaymentProviderFilterSet,
    WebhookDeliveryFilterSet,
)
from abonent.payments.providers.forms import PaymentProviderForm
from abonent.payments.providers.services import source_of

NAMESPACE = "providers"


class ProviderPages(BillingPages):
    """The pages of this package live in the ``providers`` URL namespace, not the app's."""

    def url_name(self, action: str) -> str:
        return f"{NAMESPACE}:{self.opts.model_name}_{action}"

    def base_context(self) -> dict[str, Any]:
        context = super().base_context()
        context["url_prefix"] = f"{NAMESPACE}:{self.opts.model_name}"
        return context


class ConfigurationPages(ProviderPages):
    """A provider's configuration holds its webhook secret: adding or changing one takes the
    *change* right on payments (administrator, manager, accountant), not the cashier's *add*."""

    def base_context(self) -> dict[str, Any]:
        context = super().base_context()
        may = self.access.can("payment", Action.CHANGE)
        context["can_add"] = context["can_add"] and may
        context["can_change"] = context["can_change"] and may
        return context


class ProviderList(ConfigurationPages, generic.ObjectListView):
    model = PaymentProvider
    filterset_class = PaymentProviderFilterSet
    columns = tables.PROVIDER_COLUMNS
    default_sort = "code"
    export_name = "payment-providers"


class ProviderDetail(ConfigurationPages, generic.ObjectDetailView):
    model = PaymentProvider
    fields = ["code", "is_active", "secret_hint", "settings", "created_at", "updated_at"]
    related = [(gettext_lazy("Recent webhook deliveries"), "deliveries",
                tables.RECENT_DELIVERY_COLUMNS)]

    def detail_fields(self, obj):
        rows = super().detail_fields(obj)
        url = self.request.build_absolute_uri(
            reverse("providers:webhook", args=[obj.organization.slug, obj.code]))
        return [(_("provider"), str(obj)), *rows, (_("webhook URL"), url)]

    def related_tables(self, obj):
        tables_ = super().related_tables(obj)
        for table in tables_:
            table["add_url"] = None  # deliveries arrive; nobody adds them
        return tables_


class ProviderEdit(ConfigurationPages, generic.ObjectEditView):
    model = PaymentProvider
    form_class = PaymentProviderForm

    def get_instance(self):
        self.access.require("payment", Action.CHANGE)
        return super().get_instance()

    def save(self, form):
        return object_save(access=self.access, instance=form.instance)


class DeliveryList(ProviderPages, generic.ObjectListView):
    model = WebhookDelivery
    addable = editable = False
    filterset_class = WebhookDeliveryFilterSet
    columns = tables.DELIVERY_COLUMNS
    default_sort = "-received_at"
    export_name = "webhook-deliveries"

    def get_queryset(self):
        return super().get_queryset().select_related("provider", "payment__account")


class DeliveryDetail(ProviderPages, generic.ObjectDetailView):
    model = WebhookDelivery
    addable = editable = False
    fields = ["provider", "received_at", "last_received_at", "attempts", "status",
              "http_status", "error", "event", "external_id", "amount", "account_reference",
              "payment", "delivery_key", "body"]


# The sandbox


class SandboxStart(generic.StaffView):
    """``GET`` from a receipt: open a sandbox checkout of its amount due and go to the
    sandbox's payment page (payment *add* right; nothing is written until the payer pays)."""

    def get(self, request, pk: int):
        self.access.require("payment", Action.ADD)
        if not sandbox.enabled():
            raise Http404(_("The sandbox provider is switched off."))
        receipt = get_restricted(Receipt, self.access, pk)
        config = sandbox.sandbox_config(self.access.organization)
        back = receipt.get_absolute_url()
        if config is not None and not config.is_active:
            messages.error(request, _("The sandbox provider is switched off for this "
                                      "organization."))
            return HttpResponseRedirect(back)
        if receipt.amount_due <= 0:
            messages.info(request, _("Receipt %(number)s has nothing to pay.")
                          % {"number": receipt})
            return HttpResponseRedirect(back)
        config = config or PaymentProvider(organization=self.access.organization,
                                           code=sandbox.CODE)
        checkout = registry.adapter(config).create_checkout(receipt, receipt.amount_due, back)
        return HttpResponseRedirect(checkout.url)


class SandboxPay(View):
    """The sandbox's payment page, as a provider's checkout would be: no sign-in, the signed
    token says what is paid. *Pay* and *Decline* make the sandbox send its signed webhook."""

    template = "sandbox_pay.html"

    def load(self, token: str) -> dict[str, Any]:
        if not sandbox.enabled():
            raise Http404(_("The sandbox provider is switched off."))
        try:
            checkout = sandbox.read_token(token)
        except signing.BadSignature:
            raise Http404(_("This payment link is not valid or has expired.")) from None
        organization = Organization.objects.filter(pk=checkout.organization_id).first()
        account = Account.objects.filter(pk=checkout.account_id,
                                         organization_id=checkout.organization_id).first()
        if organization is None or account is None:
            raise Http404
        receipt = None
        if checkout.receipt_id is not None:
            receipt = Receipt.objects.select_related("period").filter(
                pk=checkout.receipt_id, organization=organization).first()
        return {"checkout": checkout, "organization": organization, "account": account,
                "receipt": receipt, "period": receipt.period if receipt else None,
                "state": self.state(organization, checkout), "error": None,
                "return_url": checkout.return_url if url_has_allowed_host_and_scheme(
                    checkout.return_url, allowed_hosts={self.request.get_host()}) else ""}

    @staticmethod
    def state(organization, checkout) -> str:
        """paid, refunded, declined or open: what the sandbox's deliveries have done."""
        payment = Payment.objects.of_org(organization).filter(
            source=source_of(sandbox.CODE), external_id=checkout.payment_id).first()
        if payment is not None:
            return "refunded" if payment.status == PaymentStatus.REVERSED else "paid"
        declined = WebhookDelivery.objects.of_org(organization).filter(
            provider__code=sandbox.CODE, external_id=checkout.payment_id,
            event=EventStatus.FAILED, status=DeliveryStatus.NOTED).exists()
        return "declined" if declined else "open"

    def get(self, request, token: str):
        return templating.render(request, self.template, self.load(token))

    def post(self, request, token: str):
        context = self.load(token)
        action = request.POST.get("action")
        if action not in ("pay", "decline"):
            context["error"] = _("Choose Pay or Decline.")
            return templating.render(request, self.template, context, status=400)
        if context["state"] != "open":
            return HttpResponseRedirect(request.path)
        organization, checkout = context["organization"], context["checkout"]
        config = sandbox.sandbox_config(organization, create=True)
        if not config.is_active:
            context["error"] = _("The sandbox provider is switched off for this organization.")
            return templating.render(request, self.template, context, status=400)
        receipt = context["receipt"]
        payload = sandbox.event_body(
            checkout, account_number=context["account"].number,
            receipt_number=str(receipt) if receipt else "",
            status=EventStatus.PAID if action == "pay" else EventStatus.FAILED)
        answer = sandbox.deliver(config, payload)
        if answer.status != 200:
            context["error"] = answer.body.get("message") or _("The payment was refused.")
            return templating.render(request, self.template, context, status=400)
        return HttpResponseRedirect(request.path)


class SandboxIndex(generic.StaffView):
    """``/money/sandbox/``: pay a receipt through the sandbox, found by its number (for the
    demo: the receipt pages do not link the sandbox)."""

    template = "sandbox_index.html"

    def get(self, request):
        self.access.require("payment", Action.ADD)
        if not sandbox.enabled():
            raise Http404(_("The sandbox provider is switched off."))
        receipts = Receipt.objects.restrict(self.access).filter(amount_due__gt=0)
        number = request.GET.get("receipt", "").strip()
        error = None
        if number:
            found = receipts.filter(number=number).order_by("-version").first()
            if found is not None:
                return HttpResponseRedirect(reverse("providers:sandbox_start",
                                                    args=[found.pk]))
            error = _("No receipt %(number)s with an amount due.") % {"number": number}
        recent = receipts.select_related("account", "period").order_by("-pk")[:10]
        return templating.render(request, self.template, {
            "number": number, "error": error, "recent": recent,
            "currency": self.access.organization.currency}, status=404 if error else 200)
