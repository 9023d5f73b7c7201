from abonent.accounts.models import Account, BenefitCategory, BenefitMembership, Resident
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
        fields = ["code", "name", "discount_percent", "description"]


class BenefitMembershipForm(TenantModelForm):
    class Meta:
        model = BenefitMembership
        fields = ["account", "category", "person", "valid_from", "valid_to", "document_ref"]
