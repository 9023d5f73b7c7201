"""One FilterSet per billing model: the list pages and the API filter alike."""

import django_filters
from django.utils.translation import gettext_lazy as _

from abonent.accounts.models import Account
from abonent.billing.choices import Flag
from abonent.billing.models import (
    Absence,
    AccountBill,
    Adjustment,
    BillingPeriod,
    BillingRun,
    Charge,
    Interruption,
    LedgerEntry,
    Receipt,
)
from abonent.core.filtersets import TenantFilterSet
from abonent.property.models import Building
from abonent.tariffs.models import Service

ACCOUNT_SEARCH = ("account__number", "account__holder__last_name",
                  "account__holder__company_name")


class BillingPeriodFilterSet(TenantFilterSet):
    class Meta:
        model = BillingPeriod
        fields = ["status"]


class BillingRunFilterSet(TenantFilterSet):
    period = django_filters.ModelChoiceFilter(queryset=BillingPeriod.objects.all())

    class Meta:
        model = BillingRun
        fields = ["period", "status", "scope"]


class AccountBillFilterSet(TenantFilterSet):
    search_fields = ACCOUNT_SEARCH
    flag = django_filters.ChoiceFilter(choices=Flag.choices, method="filter_flag",
                                       label=_("flag"))
    run = django_filters.ModelChoiceFilter(queryset=BillingRun.objects.all())
    account = django_filters.ModelChoiceFilter(queryset=Account.objects.all())

    class Meta:
        model = AccountBill
        fields = ["q", "flag", "run", "account"]

    def filter_flag(self, queryset, name, value):
        # flags are a JSON list of codes; the quoted code matches one element on every backend
        return queryset.filter(flags__icontains=f'"{value}"') if value else queryset


class RunBillFilterSet(AccountBillFilterSet):
    """The review of one run: its bills by search, flag or account."""

    class Meta:
        model = AccountBill
        fields = ["q", "flag", "account"]


class ChargeFilterSet(TenantFilterSet):
    account = django_filters.ModelChoiceFilter(queryset=Account.objects.all())
    service = django_filters.ModelChoiceFilter(queryset=Service.objects.all())

    class Meta:
        model = Charge
        fields = ["account", "service", "kind"]


class LedgerEntryFilterSet(TenantFilterSet):
    search_fields = (*ACCOUNT_SEARCH, "text")
    account = django_filters.ModelChoiceFilter(queryset=Account.objects.all())
    period = django_filters.ModelChoiceFilter(queryset=BillingPeriod.objects.all(),
                                              label=_("posted in"))
    service_period = django_filters.ModelChoiceFilter(queryset=BillingPeriod.objects.all(),
                                                      label=_("for period"))
    service = django_filters.ModelChoiceFilter(queryset=Service.objects.all())
    run = django_filters.ModelChoiceFilter(queryset=BillingRun.objects.all())

    class Meta:
        model = LedgerEntry
        fields = ["q", "account", "period", "service_period", "kind", "service", "run"]


class ReceiptFilterSet(TenantFilterSet):
    search_fields = ("number", *ACCOUNT_SEARCH)
    account = django_filters.ModelChoiceFilter(queryset=Account.objects.all())
    period = django_filters.ModelChoiceFilter(queryset=BillingPeriod.objects.all())
    run = django_filters.ModelChoiceFilter(queryset=BillingRun.objects.all())

    class Meta:
        model = Receipt
        fields = ["q", "account", "period", "run"]


class AdjustmentFilterSet(TenantFilterSet):
    search_fields = (*ACCOUNT_SEARCH, "reason")
    account = django_filters.ModelChoiceFilter(queryset=Account.objects.all())
    service = django_filters.ModelChoiceFilter(queryset=Service.objects.all())
    service_period = django_filters.ModelChoiceFilter(queryset=BillingPeriod.objects.all(),
                                                      label=_("for period"))

    class Meta:
        model = Adjustment
        fields = ["q", "status", "account", "service", "service_period"]


class AbsenceFilterSet(TenantFilterSet):
    search_fields = (*ACCOUNT_SEARCH, "document_ref")
    account = django_filters.ModelChoiceFilter(queryset=Account.objects.all())

    class Meta:
        model = Absence
        fields = ["q", "account"]


class InterruptionFilterSet(TenantFilterSet):
    search_fields = ("reason", "building__street", "service__name")
    building = django_filters.ModelChoiceFilter(queryset=Building.objects.all())
    service = django_filters.ModelChoiceFilter(queryset=Service.objects.all())

    class Meta:
        model = Interruption
        fields = ["q", "building", "service", "kind"]
