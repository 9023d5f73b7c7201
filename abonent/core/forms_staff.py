from django import forms
from django.contrib.auth.password_validation import validate_password
from django.utils.translation import gettext_lazy as _

from abonent.core.choices import Language, Role
from abonent.core.forms import TenantModelForm
from abonent.core.models import Branch, Membership, Organization, User


class OrganizationForm(forms.ModelForm):
    website = forms.URLField(label=_("website"), required=False, assume_scheme="https")

    def __init__(self, *args, access=None, **kwargs):
        self.access = access
        super().__init__(*args, **kwargs)

    class Meta:
        model = Organization
        fields = ["name", "country", "currency", "time_zone", "language", "legal_name",
                  "tax_id", "address", "phone", "email", "website", "bank_name",
                  "bank_account", "bank_code"]


class BranchForm(TenantModelForm):
    class Meta:
        model = Branch
        fields = ["code", "name", "kind", "address", "phone"]


class MembershipForm(TenantModelForm):
    class Meta:
        model = Membership
        fields = ["role", "branches", "is_active"]
        widgets = {"branches": forms.CheckboxSelectMultiple}


class StaffAddForm(forms.Form):
    username = forms.CharField(label=_("username"), max_length=150)
    first_name = forms.CharField(label=_("first name"), max_length=150, required=False)
    last_name = forms.CharField(label=_("last name"), max_length=150, required=False)
    email = forms.EmailField(label=_("e-mail"), required=False)
    language = forms.ChoiceField(label=_("language"), choices=Language.choices)
    role = forms.ChoiceField(label=_("role"), choices=Role.choices)
    branches = forms.ModelMultipleChoiceField(
        label=_("branches"), queryset=Branch.objects.none(), required=False,
        widget=forms.CheckboxSelectMultiple, help_text=_("Leave empty for the whole organization."))
    password = forms.CharField(label=_("initial password"), widget=forms.PasswordInput,
                               help_text=_("At least 8 characters, not only digits."))

    def __init__(self, *args, access, **kwargs):
        kwargs.pop("instance", None)
        super().__init__(*args, **kwargs)
        self.access = access
        self.fields["branches"].queryset = Branch.objects.restrict(access)

    def clean_username(self):
        username = self.cleaned_data["username"]
        if User.objects.filter(username__iexact=username).exists():
            raise forms.ValidationError(_("This username is taken."))
        return username

    def clean(self):
        data = super().clean()
        if data.get("password"):
            try:
                validate_password(data["password"], User(username=data.get("username", "")))
            except forms.ValidationError as exc:
                self.add_error("password", exc)
        return data
