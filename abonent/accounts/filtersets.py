import django_filters
from django.utils.translation import gettext_lazy as _

from abonent.accounts.models import Account, BenefitCategory, BenefitMembership, Resident
from abonent.core.filtersets import ClosableFilterMixin, TenantFilterSet, closed_filter
from abonent.people.models import Person
from abonent.property.models import Building
from abonent.tariffs.models import Service


class AccountFilterSet(ClosableFilterMixin, TenantFilterSet):
    search_fields = ("number", "holder__first_name", "holder__last_name",
                     "holder__company_name", "unit__number", "unit__building__street")
    building = django_filters.ModelChoiceFilter(queryset=Building.objects.all(),
                                                field_name="unit__building", label=_("building"))
    holder = django_filters.ModelChoiceFilter(queryset=Person.objects.all())
    benefit = django_filters.ModelChoiceFilter(queryset=BenefitCategory.objects.all(),
                                               field_name="benefits__category",
                                               label=_("benefit category"), distinct=True)
    closed = closed_filter()

    class Meta:
        model = Account
        fields = ["q", "building", "holder", "delivery", "benefit", "closed"]


class ResidentFilterSet(ClosableFilterMixin, TenantFilterSet):
    search_fields = ("person__first_name", "person__last_name", "account__number")
    account = django_filters.ModelChoiceFilter(queryset=Account.objects.all())
    closed = closed_filter()

    class Meta:
        model = Resident
        fields = ["q", "account", "kind", "closed"]


class BenefitCategoryFilterSet(ClosableFilterMixin, TenantFilterSet):
    search_fields = ("code", "name")
    service = django_filters.ModelChoiceFilter(queryset=Service.objects.all(),
                                               field_name="services", label=_("service"),
                                               distinct=True)
    closed = closed_filter()

    class Meta:
        model = BenefitCategory
        fields = ["q", "service", "norm_kind", "closed"]


class BenefitMembershipFilterSet(ClosableFilterMixin, TenantFilterSet):
    search_fields = ("account__number", "document_ref", "person__last_name")
    account = django_filters.ModelChoiceFilter(queryset=Account.objects.all())
    category = django_filters.ModelChoiceFilter(queryset=BenefitCategory.objects.all())
    closed = closed_filter()

    class Meta:
        model = BenefitMembership
        fields = ["q", "account", "category", "closed"]
