"""One FilterSet per model of collections: the list pages and the API filter alike."""

import django_filters
from django.utils.translation import gettext_lazy as _

from abonent.accounts.models import Account
from abonent.billing.filtersets import ACCOUNT_SEARCH
from abonent.collections.models import CollectionCase, Instalment, PaymentPlan, StageEvent
from abonent.core.filtersets import ClosableFilterMixin, TenantFilterSet, closed_filter


class CollectionCaseFilterSet(ClosableFilterMixin, TenantFilterSet):
    search_fields = (*ACCOUNT_SEARCH, "notes")
    account = django_filters.ModelChoiceFilter(queryset=Account.objects.all())
    closed = closed_filter()

    class Meta:
        model = CollectionCase
        fields = ["q", "stage", "closed", "account", "responsible"]


class StageEventFilterSet(TenantFilterSet):
    search_fields = ("case__account__number", "case__account__holder__last_name", "note")
    date_from = django_filters.DateFilter(field_name="date", lookup_expr="gte",
                                          label=_("from"))
    date_to = django_filters.DateFilter(field_name="date", lookup_expr="lte", label=_("to"))

    class Meta:
        model = StageEvent
        fields = ["q", "stage", "case", "responsible"]


class PaymentPlanFilterSet(TenantFilterSet):
    search_fields = (*ACCOUNT_SEARCH, "notes")
    account = django_filters.ModelChoiceFilter(queryset=Account.objects.all())

    class Meta:
        model = PaymentPlan
        fields = ["q", "status", "account"]


class InstalmentFilterSet(TenantFilterSet):
    search_fields = ("plan__account__number", "plan__account__holder__last_name")
    due_from = django_filters.DateFilter(field_name="due_date", lookup_expr="gte",
                                         label=_("due from"))
    due_to = django_filters.DateFilter(field_name="due_date", lookup_expr="lte",
                                       label=_("due until"))

    class Meta:
        model = Instalment
        fields = ["q", "plan"]
