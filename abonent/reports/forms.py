"""The reports' filter forms: a range of billing periods (the billing reports) or of days (the
payment reports) and what to group by.

The choices (periods, buildings, services, cashiers) are limited to what the user may see;
without a choice the range is the latest period, or the current month up to today.
"""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from abonent.billing.models import BillingPeriod
from abonent.core.forms import restrict_choices
from abonent.core.models import User
from abonent.core.pickers import use_pickers
from abonent.core.tenancy import Access
from abonent.payments.choices import Channel
from abonent.property.models import Building
from abonent.reports import payments, summary, turnover
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
        self.ready = latest is not None
        if not self.ready:  # nothing billed yet: an empty page, not an error
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


class DayRangeForm(forms.Form):
    """A range of days, by default the current month up to today (in the organization's time
    zone). Needs nothing billed: it is always ``ready``."""

    first = forms.DateField(label=_("from"),
                            widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    last = forms.DateField(label=_("to"),
                           widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))

    ready = True
    defaults: dict[str, str] = {}

    def __init__(self, data=None, *, access: Access):
        today = timezone.now().astimezone(payments.zone(access)).date()
        data = data.copy() if data is not None else {}
        for name, default in (("first", today.replace(day=1)), ("last", today)):
            if not data.get(name):
                data[name] = default.isoformat()
        for name, default in self.defaults.items():
            data.setdefault(name, default)
        super().__init__(data)
        self.access = access

    def clean(self):
        data = super().clean()
        first, last = data.get("first"), data.get("last")
        if first and last and first > last:
            self.add_error("last", _("The last day comes before the first."))
        return data

    def params(self) -> dict:
        return dict(self.cleaned_data)


class PaymentsForm(DayRangeForm):
    dated = forms.ChoiceField(label=_("days by"), choices=list(payments.DATED.items()))
    group = forms.ChoiceField(label=_("group by"), choices=list(payments.GROUPS.items()))
    channel = forms.ChoiceField(label=_("channel"), required=False,
                                choices=[("", "—"), *Channel.choices])

    defaults = {"dated": "value_date", "group": "day"}


class CashierChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: User) -> str:
        return str(obj)


class CashDeskForm(DayRangeForm):
    cashier = CashierChoice(User.objects.none(), label=_("cashier"), required=False)

    def __init__(self, data=None, *, access: Access):
        super().__init__(data, access=access)
        # the people who took cash desk payments that this user may see (a cashier: only self)
        self.fields["cashier"].queryset = User.objects.filter(
            pk__in=payments.desk_payments(access).values("posted_by_id")).order_by(
            "last_name", "first_name", "username")

    def params(self) -> dict:
        data = dict(self.cleaned_data)
        cashier = data.pop("cashier")
        return {**data, "cashier_id": cashier.pk if cashier else None}


class ShiftForm(forms.Form):
    """Which shift: a day and a cashier (0: the cash desk payments no person took)."""

    day = forms.DateField()
    cashier = forms.IntegerField(min_value=0)
