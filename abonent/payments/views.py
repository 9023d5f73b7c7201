"""Payment pages: the cash desk, the list of payments, one payment with its parts, and its
reversal. Posting goes through ``posting.post_payments`` like every other channel."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language, gettext_lazy, ngettext
from django.utils.translation import gettext as _

from abonent.accounts.models import Account
from abonent.billing import explain
from abonent.billing.views.base import BillingPages, ConfirmView, related_rows, table
from abonent.core.choices import Action
from abonent.core.views import generic
from abonent.payments import tables
from abonent.payments.accrual import breakdown
from abonent.payments.choices import Channel, LineStatus, PaymentStatus
from abonent.payments.filtersets import (
    PaymentFilterSet,
    ReferenceRateFilterSet,
    StatementImportFilterSet,
    StatementLineFilterSet,
)
from abonent.payments.forms import (
    BreakdownForm,
    CashDeskForm,
    MatchLineForm,
    PaymentSettingsForm,
    PenaltySettingsForm,
    ReferenceRateForm,
    ReverseForm,
    StatementUploadForm,
)
from abonent.payments.imports import import_statement, match_line
from abonent.payments.models import (
    Allocation,
    Payment,
    PaymentSettings,
    PenaltySettings,
    ReferenceRate,
    StatementImport,
    StatementLine,
)
from abonent.payments.penalty_rules import penalty_settings
from abonent.payments.posting import Incoming, payment_settings, post_payments, reverse_payment
from abonent.payments.statement_messages import line_reason
from abonent.payments.statements import CsvMapping

CASH_DESK = "cash-desk"


class PaymentList(BillingPages, generic.ObjectListView):
    model = Payment
    editable = False
    filterset_class = PaymentFilterSet
    columns = tables.PAYMENT_COLUMNS
    default_sort = "-received_at"
    export_name = "payments"


class CashDesk(BillingPages, generic.ObjectEditView):
    """Take a payment at the cash desk (cash or card); it is posted at once."""

    model = Payment
    editable = False
    form_class = CashDeskForm
    template_name = "payments/cash_desk.html"

    def post(self, request, *args, **kwargs):
        instance = self.get_instance()
        form = self.form_class(request.POST, instance=instance, access=self.access)
        if form.is_valid():
            data = form.cleaned_data
            incoming = Incoming(
                account_id=data["account"].pk, amount=data["amount"],
                value_date=data["value_date"], channel=data["channel"], source=CASH_DESK,
                external_id=data["token"], payer_name=data["payer_name"],
                reference=data["reference"])
            try:
                posted = post_payments(self.access.organization, [incoming],
                                       user=self.access.user)
            except ValidationError as exc:
                generic.add_errors(form, exc)
            else:
                if posted.duplicates:
                    payment = posted.duplicates[0]
                    messages.info(request, _("This payment was already posted."))
                else:
                    payment = posted.payments[0]
                    messages.success(request, _("Payment of %(amount)s posted to %(account)s.")
                                     % {"amount": payment.amount, "account": payment.account})
                return HttpResponseRedirect(payment.get_absolute_url())
        return self.render_form(form, instance)


class PaymentDetail(BillingPages, generic.ObjectDetailView):
    model = Payment
    editable = False
    template_name = "payments/payment_detail.html"
    fields = ["account", "amount", "value_date", "received_at", "channel", "source",
              "external_id", "payer_name", "reference", "strategy", "allocation_reason",
              "period", "status", "posted_by", "reversal_reason", "reversed_at", "reversed_by"]

    def extra_context(self, obj):
        parts = related_rows(self.access, Allocation, tables.ALLOCATION_COLUMNS, payment=obj)
        return {
            "parts": table(_("What it paid"), Allocation, parts, tables.ALLOCATION_COLUMNS),
            "may_reverse": obj.status == PaymentStatus.POSTED
            and self.access.can("payment", Action.APPROVE),
            "is_cash": obj.channel in (Channel.CASH, Channel.CARD),
        }


class PaymentReceipt(BillingPages, generic.ObjectDetailView):
    """The confirmation handed to the payer at the cash desk (printable)."""

    model = Payment
    template_name = "payments/payment_confirmation.html"

    def extra_context(self, obj):
        parts = related_rows(self.access, Allocation, tables.ALLOCATION_COLUMNS, payment=obj)
        return {"parts": list(parts), "organization": self.access.organization}


class PaymentReverse(ConfirmView):
    model = Payment
    action = Action.APPROVE
    form_class = ReverseForm
    title = gettext_lazy("Reverse the payment %(name)s")
    question = gettext_lazy("The payment %(name)s will be taken back: every part of it is "
                            "reversed in the ledger with your reason. The payment stays in "
                            "the list as reversed.")
    button = gettext_lazy("Reverse the payment")
    danger = True

    def perform(self, obj) -> str:
        reverse_payment(obj, reason=self.cleaned_data["reason"], user=self.access.user)
        return _("The payment is reversed.")


class SettingsEdit(BillingPages, generic.ObjectEditView):
    model = PaymentSettings
    form_class = PaymentSettingsForm

    def get_instance(self):
        self.access.require("payment", Action.CHANGE)
        return payment_settings(self.access.organization)


class StatementImportList(BillingPages, generic.ObjectListView):
    model = StatementImport
    addable = False
    editable = False
    filterset_class = StatementImportFilterSet
    columns = tables.STATEMENT_COLUMNS
    default_sort = "-created_at"
    export_name = "statement-imports"


class StatementUpload(generic.StaffView):
    """Upload a bank file: it is imported at once (all of it or nothing), then shown."""

    template_name = "payments/statement_upload.html"

    def context(self, form):
        recent = StatementImport.objects.restrict(self.access).order_by("-created_at")[:10]
        return {"form": form, "recent": recent}

    def get(self, request):
        self.access.require("payment", Action.IMPORT)
        return render(request, self.template_name,
                      self.context(StatementUploadForm(access=self.access)))

    def post(self, request):
        self.access.require("payment", Action.IMPORT)
        form = StatementUploadForm(request.POST, request.FILES, access=self.access)
        if form.is_valid():
            upload = form.cleaned_data["file"]
            record = form.cleaned_data.get("mapping")
            try:
                imports = import_statement(
                    self.access.organization, upload.read(), filename=upload.name,
                    file_format=form.cleaned_data.get("format") or None,
                    mapping=CsvMapping.from_dict(record.mapping) if record else None,
                    user=self.access.user)
            except ValidationError as exc:
                for message in exc.messages:
                    form.add_error("file", message)
            else:
                messages.success(request, ngettext(
                    "%(count)s statement imported.", "%(count)s statements imported.",
                    len(imports)) % {"count": len(imports)})
                url = imports[0].get_absolute_url() if imports else reverse(
                    "payments:statementimport_list")
                return HttpResponseRedirect(url)
        return render(request, self.template_name, self.context(form), status=400)


class StatementImportDetail(BillingPages, generic.ObjectDetailView):
    model = StatementImport
    editable = False
    template_name = "payments/statementimport_detail.html"
    fields = ["file_name", "format", "statement_account", "currency", "opening_balance",
              "credits", "debits", "closing_balance", "lines_total", "posted", "posted_amount",
              "duplicates", "queued", "skipped", "imported_by", "created_at"]

    def extra_context(self, obj):
        lines = related_rows(self.access, StatementLine, tables.LINE_COLUMNS, statement=obj)
        reconciled = None
        if obj.opening_balance is not None and obj.closing_balance is not None:
            reconciled = obj.opening_balance + obj.credits - obj.debits == obj.closing_balance
        return {"lines": table(_("Lines"), StatementLine, lines.order_by("index")[:500],
                               tables.LINE_COLUMNS),
                "reconciled": reconciled}


class QueueList(BillingPages, generic.ObjectListView):
    """The lines a person must match: no account found, or not sure enough."""

    model = StatementLine
    addable = False
    editable = False
    filterset_class = StatementLineFilterSet
    columns = tables.QUEUE_COLUMNS
    default_sort = "value_date"
    export_name = "unmatched-payments"

    def get_queryset(self):
        return super().get_queryset().filter(status=LineStatus.QUEUED)


class StatementLineDetail(BillingPages, generic.ObjectDetailView):
    """One line of a bank file; a queued one is matched here to the account a person chose."""

    model = StatementLine
    editable = False
    template_name = "payments/statementline_detail.html"
    fields = ["statement", "index", "value_date", "booking_date", "amount", "payer_name",
              "payer_account", "reference", "text", "status", "account", "confidence",
              "payment", "external_id"]

    def extra_context(self, obj, form=None):
        may_match = (obj.status == LineStatus.QUEUED
                     and self.access.can("payment", Action.ADD))
        if may_match and form is None:
            form = MatchLineForm(access=self.access,
                                 initial={"account": obj.account_id} if obj.account_id else None)
        return {"reason": line_reason(obj), "form": form if may_match else None}

    def post(self, request, pk):
        self.access.require("payment", Action.ADD)
        obj = self.get_object(Action.ADD)
        form = MatchLineForm(request.POST, access=self.access)
        if form.is_valid():
            try:
                line = match_line(obj, form.cleaned_data["account"], user=self.access.user)
            except ValidationError as exc:
                generic.add_errors(form, exc)
            else:
                messages.success(request, _("Payment of %(amount)s posted to %(account)s.")
                                 % {"amount": line.amount, "account": line.account})
                following = StatementLine.objects.restrict(self.access).filter(
                    status=LineStatus.QUEUED).order_by("value_date", "pk").first()
                return HttpResponseRedirect(following.get_absolute_url() if following
                                            else reverse("payments:queue"))
        context = {**self.base_context(), "object": obj, "details": self.detail_fields(obj),
                   "related_tables": [], **self.extra_context(obj, form)}
        return render(request, self.template_name, context, status=400)


class PenaltySettingsEdit(BillingPages, generic.ObjectEditView):
    model = PenaltySettings
    form_class = PenaltySettingsForm
    template_name = "payments/penalty_settings.html"

    def get_instance(self):
        self.access.require("payment", Action.CHANGE)
        return penalty_settings(self.access.organization)

    def render_form(self, form, instance):
        rates = ReferenceRate.objects.restrict(self.access).order_by("-effective_from")[:24]
        context = {**self.base_context(), "form": form, "object": instance, "is_new": False,
                   "rates": rates, "can_add_rate": self.access.can("payment", Action.ADD)}
        return render(self.request, self.template_name, context,
                      status=400 if form.is_bound and form.errors else 200)


class ReferenceRateList(BillingPages, generic.ObjectListView):
    model = ReferenceRate
    filterset_class = ReferenceRateFilterSet
    columns = tables.RATE_COLUMNS
    default_sort = "-effective_from"
    export_name = "reference-rates"


class ReferenceRateDetail(BillingPages, generic.ObjectDetailView):
    model = ReferenceRate


class ReferenceRateEdit(BillingPages, generic.ObjectEditView):
    model = ReferenceRate
    form_class = ReferenceRateForm


class PenaltyBreakdown(generic.StaffView):
    """An account's penalties up to a day, debt by debt and step by step (printable)."""

    template_name = "payments/penalty_breakdown.html"

    def get(self, request, account_pk):
        self.access.require("payment")
        account = Account.objects.restrict(self.access).filter(pk=account_pk).select_related(
            "holder", "unit__building").first()
        if account is None:
            raise Http404
        form = BreakdownForm(request.GET or None)
        as_of = (form.cleaned_data.get("as_of") if form.is_valid() else None) or \
            timezone.localdate()
        result = breakdown(account, as_of=as_of)
        language = get_language() or "en"
        debts = []
        for debt in (result.debts if result else ()):
            lines = ([debt.fine.explanation] if debt.fine else []) + [
                step.explanation for step in debt.steps]
            debts.append({"summary": explain.render(debt.explanation, language),
                          "lines": [explain.render(line, language) for line in lines]})
        return render(request, self.template_name, {
            "account": account, "as_of": as_of, "form": form, "result": result,
            "debts": debts, "organization": self.access.organization})
