"""Forms of the billing pages: a new run, an adjustment, absences, interruptions, settings,
a statement's months."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from abonent.accounts.models import Account
from abonent.billing.choices import RunScope
from abonent.billing.models import Absence, Adjustment, BillingRun, BillingSettings, Interruption
from abonent.billing.selectors import add_months
from abonent.core.forms import TenantModelForm

MONTH_FORMAT = "%Y-%m"


class MonthInput(forms.TextInput):
    """The browser's month input (not a DateInput: the tenant form makes those day inputs)."""

    input_type = "month"

    def format_value(self, value):
        if isinstance(value, dt.date):
            return value.strftime(MONTH_FORMAT)
        return super().format_value(value)


class MonthField(forms.DateField):
    """A month written YYYY-MM (the browser's month input); its value is the first day."""

    widget = MonthInput
    input_formats = [MONTH_FORMAT]
    default_error_messages = {"invalid": _("Enter a month as YYYY-MM, e.g. 2026-11.")}


class AccountsPicker(forms.SelectMultiple):
    """Several accounts chosen through a search: the chosen ones stay ticked while the next
    search brings more (htmx; the search sends the ticked ones along)."""

    template_name = "billing/widgets/accounts_picker.html"

    def optgroups(self, name, value, attrs=None):
        chosen = {str(v) for v in value if v not in (None, "")}
        options = [self.create_option(name, option_value, label, True, index)
                   for index, (option_value, label) in enumerate(self.choices)
                   if str(getattr(option_value, "value", option_value)) in chosen]
        return [(None, options, 0)] if options else []

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        context["widget"]["pick_url"] = reverse("billing:pick_accounts")
        context["widget"]["search_label"] = _("Search")
        return context


class RunForm(TenantModelForm):
    month = MonthField(label=_("month"), help_text=_("The period to bill, e.g. 2026-11."))
    accounts = forms.ModelMultipleChoiceField(
        queryset=Account.objects.all(), required=False, widget=AccountsPicker,
        label=_("accounts"), help_text=_("For “chosen accounts”: search by number or holder "
                                         "and tick the accounts to bill."))

    class Meta:
        model = BillingRun
        fields = ["scope", "building"]
        widgets = {"scope": forms.RadioSelect}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["building"].help_text = _("For “one building”.")
        self.order_fields(["month", "scope", "building", "accounts"])

    def clean(self):
        data = super().clean()
        scope = data.get("scope")
        if scope == RunScope.BUILDING and not data.get("building"):
            self.add_error("building", _("Choose the building to bill."))
        if scope == RunScope.ACCOUNTS and not data.get("accounts"):
            self.add_error("accounts", _("Choose at least one account."))
        if scope != RunScope.BUILDING:
            data["building"] = None
            self.instance.building = None
        if scope != RunScope.ACCOUNTS:
            data["accounts"] = []
        return data


class AdjustmentForm(TenantModelForm):
    class Meta:
        model = Adjustment
        fields = ["account", "service", "service_period", "amount", "reason"]


class AbsenceForm(TenantModelForm):
    class Meta:
        model = Absence
        fields = ["account", "person", "persons", "date_from", "date_to", "document_ref"]


class InterruptionForm(TenantModelForm):
    class Meta:
        model = Interruption
        fields = ["building", "service", "kind", "date_from", "date_to", "hours",
                  "reduction_percent", "reason"]


class BillingSettingsForm(TenantModelForm):
    class Meta:
        model = BillingSettings
        fields = ["benefit_combine", "estimate_min_months", "estimate_max_months",
                  "estimate_max_periods", "norm_factor_missing", "norm_factor_unverified",
                  "spike_multiple", "spike_action", "big_change_percent",
                  "approval_threshold", "due_day"]


class StatementForm(forms.Form):
    """The months a statement covers, both included: ``?from=2026-01&to=2026-11``."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["from"] = MonthField(label=_("from"), required=False)
        self.fields["to"] = MonthField(label=_("to"), required=False)

    def clean(self):
        data = super().clean()
        first, last = data.get("from"), data.get("to")
        if first and last and first > last:
            self.add_error("to", _("The last month is before the first."))
        return data

    def months(self, default_last: dt.date) -> tuple[dt.date, dt.date]:
        """The chosen range; by default the twelve months up to ``default_last``."""
        data = self.cleaned_data if self.is_valid() else {}
        last = data.get("to") or default_last
        first = data.get("from") or add_months(last, -11)
        return first, last
