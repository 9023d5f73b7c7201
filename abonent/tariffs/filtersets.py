import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from abonent.accounts.models import Account
from abonent.core.filtersets import ClosableFilterMixin, TenantFilterSet, closed_filter
from abonent.property.models import Building
from abonent.tariffs.models import Service, Subscription, Tariff, TariffVersion


class ServiceFilterSet(ClosableFilterMixin, TenantFilterSet):
    search_fields = ("code", "name")
    closed = closed_filter()

    class Meta:
        model = Service
        fields = ["q", "method", "closed"]


class TariffFilterSet(TenantFilterSet):
    search_fields = ("name", "service__code", "service__name")
    service = django_filters.ModelChoiceFilter(queryset=Service.objects.all())
    building = django_filters.ModelChoiceFilter(queryset=Building.objects.all())
    account = django_filters.ModelChoiceFilter(queryset=Account.objects.all())

    class Meta:
        model = Tariff
        fields = ["q", "service", "scope", "building", "account"]


class TariffVersionFilterSet(ClosableFilterMixin, TenantFilterSet):
    search_fields = ("tariff__name", "tariff__service__code", "tariff__service__name")
    tariff = django_filters.ModelChoiceFilter(queryset=Tariff.objects.all())
    service = django_filters.ModelChoiceFilter(queryset=Service.objects.all(),
                                               field_name="tariff__service",
                                               label=_("service"))
    in_force_on = django_filters.DateFilter(method="filter_in_force_on", label=_("in force on"))
    closed = closed_filter()

    class Meta:
        model = TariffVersion
        fields = ["q", "tariff", "service", "in_force_on", "closed"]

    def filter_in_force_on(self, queryset, name, value):
        return queryset.filter(Q(effective_until__isnull=True) | Q(effective_until__gte=value),
                               effective_from__lte=value)


class SubscriptionFilterSet(ClosableFilterMixin, TenantFilterSet):
    search_fields = ("service__code", "service__name", "building__code", "building__street",
                     "account__number")
    service = django_filters.ModelChoiceFilter(queryset=Service.objects.all())
    building = django_filters.ModelChoiceFilter(queryset=Building.objects.all())
    account = django_filters.ModelChoiceFilter(queryset=Account.objects.all())
    closed = closed_filter()

    class Meta:
        model = Subscription
        fields = ["q", "service", "building", "account", "closed"]
