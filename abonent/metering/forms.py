from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from abonent.core.forms import TenantModelForm
from abonent.metering.choices import ReadingSource
from abonent.metering.models import Meter, Reading
from abonent.metering.selectors import live_readings, local_today, meter_services
from abonent.metering.services import FIXED_ONCE_READ
from abonent.property.models import Building


class MeterForm(TenantModelForm):
    class Meta:
        model = Meter
        fields = ["service", "account", "building", "serial", "digits", "multiplier",
                  "initial_value", "installed_on", "verified_until"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["service"].queryset = meter_services(self.access)
        building = self.fields["building"]
        building.required = False
        building.help_text = _("For a common meter. An individual meter is in its account's "
                               "building; leave it empty.")
        if self.instance.pk and live_readings(self.instance).exists():
            for name in FIXED_ONCE_READ:  # its readings were counted with these
                self.fields[name].disabled = True
                self.fields[name].help_text = _("Fixed once the meter has readings; to "
                                                "replace the meter, close it and add a new one.")

    def clean(self):
        data = super().clean()
        if data.get("account") and not data.get("building"):
            data["building"] = data["account"].unit.building  # before the model's checks
        elif not data.get("account") and not data.get("building") and \
                "building" not in self.errors:
            self.add_error("building", _("A common meter needs its building; an individual "
                                         "meter needs its account."))
        return data


class ReadingForm(TenantModelForm):
    """A new reading; saved through ``reading_record``, which does every check."""

    class Meta:
        model = Reading
        fields = ["meter", "date", "value", "source"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["source"].choices = [c for c in ReadingSource.choices
                                         if c[0] != ReadingSource.IMPORT]
        if not self.is_bound and not self.initial.get("date"):
            self.initial["date"] = local_today(self.access.organization)

    def _post_clean(self):
        """The service checks the reading as a whole; the model's checks run there."""


class ReadingCorrectForm(TenantModelForm):
    class Meta:
        model = Reading
        fields = ["date", "value"]

    def _post_clean(self):
        """``reading_correct`` checks the corrected reading again."""


class RejectForm(forms.Form):
    reason = forms.CharField(label=_("reason"), max_length=300, required=False)


class GridForm(forms.Form):
    """Which readings the grid shows: a building's working meters (of one service) on a day."""

    building = forms.ModelChoiceField(queryset=Building.objects.none(), label=_("building"))
    service = forms.ModelChoiceField(queryset=None, required=False, label=_("service"),
                                     empty_label=_("All services"))
    date = forms.DateField(label=_("reading date"),
                           widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))

    def __init__(self, *args, access, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["building"].queryset = Building.objects.restrict(access).filter(
            closed_on__isnull=True)
        self.fields["service"].queryset = meter_services(access)
