import uuid

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from abonent.accounts.models import Account
from abonent.core.forms import TenantModelForm
from abonent.core.pickers import use_pickers
from abonent.payments.choices import Channel, PenaltyPreset, StatementFormat
from abonent.payments.models import (
    CsvMappingRecord,
    Payment,
    PaymentSettings,
    PenaltySettings,
    ReferenceRate,
)
from abonent.payments.statements import CsvMapping


class CashDeskForm(TenantModelForm):
    """A payment taken at the cash desk. The form carries its own id (``token``): submitting
    the same form twice (a double click, a resent page) finds the first payment."""

    token = forms.CharField(widget=forms.HiddenInput)

    class Meta:
        model = Payment
        fields = ["account", "amount", "channel", "value_date", "payer_name", "reference"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["channel"].choices = [(c.value, c.label)
                                          for c in (Channel.CASH, Channel.CARD)]
        if not self.is_bound:
            self.initial.setdefault("token", uuid.uuid4().hex)
            self.initial.setdefault("channel", Channel.CASH)
            self.initial.setdefault("value_date", timezone.localdate())


class ReverseForm(forms.Form):
    reason = forms.CharField(label=_("reason"), widget=forms.Textarea(attrs={"rows": 3}),
                             max_length=500)


class PaymentSettingsForm(TenantModelForm):
    class Meta:
        model = PaymentSettings
        fields = ["strategy"]


class StatementUploadForm(forms.Form):
    file = forms.FileField(label=_("bank file"), help_text=_(
        "CAMT.053 or CAMT.054 (XML), MT940, a CNAB 240 return file, or CSV with a saved "
        "mapping. The whole file is applied or nothing is."))
    format = forms.ChoiceField(label=_("format"), required=False, help_text=_(
        "Leave empty to recognise it from the content."))
    mapping = forms.ModelChoiceField(label=_("CSV mapping"), required=False,
                                     queryset=CsvMappingRecord.objects.none())

    def __init__(self, *args, access, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["format"].choices = [("", _("Recognise from the content")),
                                         *StatementFormat.choices]
        self.fields["mapping"].queryset = CsvMappingRecord.objects.restrict(access)

    def clean(self):
        data = super().clean()
        if data.get("format") == StatementFormat.CSV and not data.get("mapping"):
            self.add_error("mapping", _("A CSV file needs the mapping of its bank."))
        return data


class MatchLineForm(forms.Form):
    account = forms.ModelChoiceField(label=_("account"), queryset=Account.objects.none())

    def __init__(self, *args, access, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["account"].queryset = Account.objects.restrict(access)
        use_pickers(self)


class CsvMappingForm(TenantModelForm):
    class Meta:
        model = CsvMappingRecord
        fields = ["name", "mapping"]

    def clean_mapping(self):
        value = self.cleaned_data["mapping"]
        try:
            CsvMapping.from_dict(value)
        except (TypeError, ValueError, KeyError) as exc:
            raise forms.ValidationError(_("This is not a valid mapping: %(error)s")
                                        % {"error": exc}) from None
        return value


class PenaltySettingsForm(TenantModelForm):
    class Meta:
        model = PenaltySettings
        fields = ["preset", "service", "grace_days", "daily_percent", "fine_percent",
                  "monthly_percent", "cap_percent", "minimum"]

    def clean(self):
        data = super().clean()
        preset = data.get("preset")
        if preset and preset != PenaltyPreset.NONE and not data.get("service"):
            self.add_error("service", _("Choose the service penalties are posted on."))
        if preset == PenaltyPreset.BRAZIL and (data.get("fine_percent") or 0) > 2:
            self.add_error("fine_percent", _("A condominium fine is at most 2% (Código Civil "
                                             "art. 1.336 §1º)."))
        if preset == PenaltyPreset.RUSSIA and not ReferenceRate.objects.restrict(
                self.access).exists():
            self.add_error("preset", _("Enter the key rates first: the rule takes a fraction "
                                       "of the rate in force."))
        return data


class ReferenceRateForm(TenantModelForm):
    class Meta:
        model = ReferenceRate
        fields = ["effective_from", "percent", "source"]


class BreakdownForm(forms.Form):
    as_of = forms.DateField(label=_("as of"), required=False,
                            widget=forms.DateInput(attrs={"type": "date"}))
