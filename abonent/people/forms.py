from django import forms
from django.utils.translation import gettext_lazy as _

from abonent.core.forms import TenantModelForm
from abonent.people.choices import Channel
from abonent.people.models import Ownership, Person


class PersonForm(TenantModelForm):
    channels = forms.MultipleChoiceField(
        label=_("preferred channels"), choices=Channel.choices, required=False,
        widget=forms.CheckboxSelectMultiple)

    class Meta:
        model = Person
        fields = ["kind", "first_name", "middle_name", "last_name", "company_name",
                  "personal_id", "birth_date", "phone", "phone_alt", "email", "email_alt",
                  "postal_address", "language", "channels", "consent_processing",
                  "consent_electronic", "consent_marketing", "notes"]


class OwnershipForm(TenantModelForm):
    class Meta:
        model = Ownership
        fields = ["person", "unit", "kind", "share_numerator", "share_denominator",
                  "date_from", "date_to", "document_ref"]
