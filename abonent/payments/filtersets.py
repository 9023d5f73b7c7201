import django_filters
from django.utils.translation import gettext_lazy as _

from abonent.accounts.models import Account
from abonent.billing.filtersets import ACCOUNT_SEARCH
from abonent.core.filtersets import TenantFilterSet
from abonent.payments.models import Payment, ReferenceRate, StatementImport, StatementLine


class PaymentFilterSet(TenantFilterSet):
    search_fields = (*ACCOUNT_SEARCH, "payer_name", "reference", "external_id")
    account = django_filters.ModelChoiceFilter(queryset=Account.objects.all())
    value_date_from = django_filters.DateFilter(field_name="value_date", lookup_expr="gte",
                                                label=_("value date from"))
    value_date_to = django_filters.DateFilter(field_name="value_date", lookup_expr="lte",
                                              label=_("value date to"))

    class Meta:
        model = Payment
        fields = ["q", "status", "channel", "account"]


class StatementLineFilterSet(TenantFilterSet):
    search_fields = ("payer_name", "payer_account", "reference", "text", "external_id")

    class Meta:
        model = StatementLine
        fields = ["q"]


class StatementImportFilterSet(TenantFilterSet):
    search_fields = ("file_name", "statement_account")

    class Meta:
        model = StatementImport
        fields = ["q", "format"]


class ReferenceRateFilterSet(TenantFilterSet):
    search_fields = ("source",)

    class Meta:
        model = ReferenceRate
        fields = ["q"]
