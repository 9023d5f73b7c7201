from django import forms
from django.db.models import Q

from abonent.accounts.models import Account, BenefitCategory, BenefitMembership, Resident
from abonent.core.choices import Action
from abonent.core.forms import TenantModelForm


class AccountForm(TenantModelForm):
    class Meta:
        model = Account
        fields = ["number", "unit", "holder", "opened_on", "delivery", "notes"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["number"].required = False
        if self.instance.pk:
            self.fields["number"].disabled = True  # the number never changes once given
            self.fields["number"].help_text = ""


class ResidentForm(TenantModelForm):
    class Meta:
        model = Resident
        fields = ["account", "person", "kind", "date_from", "date_to"]


class BenefitCategoryForm(TenantModelForm):
    class Meta:
        model = BenefitCategory
        fields = ["code", "name", "discount_percent", "services", "norm_kind", "norm_per_person",
                  "description"]
        widgets = {"services": forms.CheckboxSelectMultiple}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.access.can("tariff", Action.VIEW):
            # Without sight of the services, saving must not empty the category's list.
            del self.fields["services"]
            return
        # The organization's open services, and any discontinued one already chosen.
        services = self.fields["services"]
        chosen = Q(pk__in=self.instance.services.all()) if self.instance.pk else Q(pk__in=[])
        services.queryset = services.queryset.filter(Q(closed_on__isnull=True) | chosen)


class BenefitMembershipForm(TenantModelForm):
    class Meta:
        model = BenefitMembership
        fields = ["account", "category", "person", "persons", "valid_from", "valid_to",
                  "document_ref"]
