from django.utils.translation import gettext_lazy as _

from abonent.accounts import forms, tables
from abonent.accounts.filtersets import (
    AccountFilterSet,
    BenefitCategoryFilterSet,
    BenefitMembershipFilterSet,
    ResidentFilterSet,
)
from abonent.accounts.models import Account, BenefitCategory, BenefitMembership, Resident
from abonent.accounts.services import account_save
from abonent.core.tables import Column
from abonent.core.views import generic


class AccountList(generic.ObjectListView):
    model = Account
    filterset_class = AccountFilterSet
    columns = tables.ACCOUNT_COLUMNS
    default_sort = "number"


class AccountDetail(generic.ObjectDetailView):
    model = Account
    template_name = "accounts/account_detail.html"  # links the billing statement
    related = [
        (_("Registered residents"), "residents",
         [Column("person"), Column("kind"), Column("date_from", link=True), Column("date_to")]),
        (_("Benefits"), "benefits",
         [Column("category"), Column("person"), Column("valid_from", link=True),
          Column("valid_to"), Column("document_ref")]),
    ]


class AccountEdit(generic.ObjectEditView):
    model = Account
    form_class = forms.AccountForm

    def save(self, form):
        return account_save(access=self.access, instance=form.instance)


class ResidentList(generic.ObjectListView):
    model = Resident
    filterset_class = ResidentFilterSet
    columns = tables.RESIDENT_COLUMNS
    default_sort = "date_from"


class ResidentDetail(generic.ObjectDetailView):
    model = Resident


class ResidentEdit(generic.ObjectEditView):
    model = Resident
    form_class = forms.ResidentForm


class BenefitCategoryList(generic.ObjectListView):
    model = BenefitCategory
    filterset_class = BenefitCategoryFilterSet
    columns = tables.BENEFIT_CATEGORY_COLUMNS
    default_sort = "name"


class BenefitCategoryDetail(generic.ObjectDetailView):
    model = BenefitCategory
    related = [(_("Services discounted"), "services",
                [Column("code", link=True), Column("name", link=True), Column("method"),
                 Column("closed_on")])]

    def related_add_url(self, related_model, obj):
        return None  # the category's form chooses its services among the existing ones


class BenefitCategoryEdit(generic.ObjectEditView):
    model = BenefitCategory
    form_class = forms.BenefitCategoryForm


class BenefitMembershipList(generic.ObjectListView):
    model = BenefitMembership
    filterset_class = BenefitMembershipFilterSet
    columns = tables.BENEFIT_MEMBERSHIP_COLUMNS
    default_sort = "valid_from"


class BenefitMembershipDetail(generic.ObjectDetailView):
    model = BenefitMembership


class BenefitMembershipEdit(generic.ObjectEditView):
    model = BenefitMembership
    form_class = forms.BenefitMembershipForm
