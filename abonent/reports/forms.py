"""The reports' filter forms: a range of billing periods and what to group by.

The choices (periods, buildings, services) are limited to what the user may see; without a
choice the range is the latest period.
"""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from abonent.billing.models import BillingPeriod
from abonent.core.forms import restrict_choices
from abonent.core.pickers import use_pickers
from abonent.core.tenancy import Access
from abonent.property.models import Building
from abonent.reports import summary, turnover
from abonent.tariffs.choices import ChargeMethod
from abonent.tariffs.models import Service


class PeriodChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: BillingPeriod) -> str:
        return f"{obj.start:%Y-%m}"


class ReportForm(forms.Form):
    first = PeriodChoice(BillingPeriod.objects.all(), label=_("from period"))
    last = PeriodChoice(BillingPeriod.objects.all(), label=_("to period"))
    building = forms.ModelChoiceField(Building.objects.all(), label=_("building"),
                                      required=False)

    def __init__(self, data=None, *, access: Access):
        latest = BillingPeriod.objects.restrict(access).order_by("-start").first()
        data = data.copy() if data is not None else {}
        for name in ("first", "last"):
            if latest is not None and not data.get(name):
                data[name] = latest.pk
        for name, default in self.defaults.items():
            data.setdefault(name, default)
        super().__init__(data)
        self.access = access
        restrict_choices(self, access)
        use_pickers(self)
        self.has_periods = latest is not None
        if not self.has_periods:  # nothing billed yet: an empty page, not an error
            for name in ("first", "last"):
                self.fields[name].required = False

    defaults: dict[str, str] = {}

    def clean(self):
        data = super().clean()
        first, last = data.get("first"), data.get("last")
        if first and last and first.start > last.start:
            self.add_error("last", _("The last period comes before the first."))
        return data

    def params(self) -> dict:
        """The report function's keyword arguments."""
        return {name: value for name, value in self.cleaned_data.items()}


class SummaryForm(ReportForm):
    group = forms.ChoiceField(label=_("group by"), choices=list(summary.GROUP_LABELS.items()))
    dated = forms.ChoiceField(label=_("periods by"), choices=list(summary.DATED.items()))
    service = forms.ModelChoiceField(Service.objects.all(), label=_("service"), required=False)

    defaults = {"group": "service", "dated": "period"}


class TurnoverForm(ReportForm):
    level = forms.ChoiceField(label=_("show"), choices=list(turnover.LEVELS.items()))

    defaults = {"level": "account"}


class LossesForm(ReportForm):
    service = forms.ModelChoiceField(
        Service.objects.filter(method=ChargeMethod.COMMON), label=_("common-meter service"),
        required=False)
