from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from abonent.collections.aging import BUCKETS
from abonent.collections.choices import Stage
from abonent.collections.models import CollectionCase, PaymentPlan
from abonent.core.forms import TenantModelForm, restrict_choices
from abonent.core.models import User
from abonent.core.pickers import use_pickers
from abonent.property.models import Building


def members(access):
    """The active members of the user's organization (who can be responsible)."""
    return User.objects.filter(memberships__organization_id=access.organization_id,
                               memberships__is_active=True).order_by(
        "last_name", "first_name", "username")


class CaseForm(TenantModelForm):
    class Meta:
        model = CollectionCase
        fields = ["account", "opened_on", "responsible", "notes"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["responsible"].queryset = members(self.access)
        if not self.is_bound and self.instance._state.adding:
            self.initial.setdefault("opened_on", timezone.localdate())


class AdvanceForm(forms.Form):
    stage = forms.ChoiceField(label=_("stage"), choices=Stage.choices)
    date = forms.DateField(label=_("date"), widget=forms.DateInput(attrs={"type": "date"}))
    responsible = forms.ModelChoiceField(label=_("responsible"), queryset=User.objects.none(),
                                         required=False)
    note = forms.CharField(label=_("note"), required=False,
                           widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, access, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["responsible"].queryset = members(access)
        self.initial.setdefault("date", timezone.localdate().isoformat())
        if access.user is not None:
            self.initial.setdefault("responsible", access.user.pk)


class PlanForm(TenantModelForm):
    class Meta:
        model = PaymentPlan
        fields = ["account", "total", "start", "instalments_count", "status", "notes"]


class DebtorFilterForm(forms.Form):
    as_of = forms.DateField(label=_("as of"), required=False,
                            widget=forms.DateInput(attrs={"type": "date"}))
    building = forms.ModelChoiceField(Building.objects.all(), label=_("building"),
                                      required=False)
    min_amount = forms.DecimalField(label=_("overdue at least"), required=False, min_value=0,
                                    max_digits=14, decimal_places=2)
    bucket = forms.ChoiceField(label=_("overdue"), required=False, choices=[
        ("", _("any")), *((b.value, b.label) for b in BUCKETS[1:])])
    stage = forms.ChoiceField(label=_("stage"), required=False, choices=[
        ("", _("any")), ("none", _("no case")), *Stage.choices])

    def __init__(self, data=None, *, access):
        super().__init__(data)
        restrict_choices(self, access)
        use_pickers(self)

    def params(self) -> dict:
        data = self.cleaned_data
        return {"as_of": data.get("as_of") or timezone.localdate(),
                "building": data.get("building"), "min_amount": data.get("min_amount"),
                "bucket": data.get("bucket") or "", "stage": data.get("stage") or ""}


class NoticeForm(forms.Form):
    pay_by = forms.DateField(label=_("pay by"), widget=forms.DateInput(attrs={"type": "date"}))
    language = forms.ChoiceField(label=_("language"), required=False)

    def __init__(self, *args, languages, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["language"].choices = [("", _("each holder's language")), *languages]
