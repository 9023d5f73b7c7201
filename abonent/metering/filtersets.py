"""One FilterSet per model, for the list pages and the API alike."""

from __future__ import annotations

import django_filters
from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from abonent.accounts.models import Account
from abonent.core.filtersets import ClosableFilterMixin, TenantFilterSet, closed_filter
from abonent.metering.choices import ReadingSource, ReadingStatus
from abonent.metering.models import Meter, Reading
from abonent.metering.selectors import local_today, meter_services
from abonent.property.models import Building
from abonent.tariffs.models import Service


class MeterKind:
    INDIVIDUAL = "individual"
    COMMON = "common"
    CHOICES = [(INDIVIDUAL, _("Individual (an account's)")), (COMMON, _("Common (a building's)"))]


def _services_for_meters(filterset: TenantFilterSet) -> None:
    """Services are chosen among the organization's metered ones by anyone who may see
    meters, with or without the tariff right (see selectors.meter_services)."""
    access = getattr(filterset.request, "access", None)
    field = filterset.form.fields["service"]
    field.queryset = meter_services(access) if access is not None else Service.objects.none()
    filterset.filters["service"].queryset = field.queryset


def date_input():
    return forms.DateInput(attrs={"type": "date"})


class MeterFilterSet(ClosableFilterMixin, TenantFilterSet):
    search_fields = ("serial", "account__number", "account__unit__number", "building__street",
                     "building__code")
    building = django_filters.ModelChoiceFilter(queryset=Building.objects.all(),
                                                label=_("building"))
    service = django_filters.ModelChoiceFilter(queryset=Service.objects.all(),
                                               label=_("service"))
    account = django_filters.ModelChoiceFilter(queryset=Account.objects.all(),
                                               label=_("account"))
    kind = django_filters.ChoiceFilter(choices=MeterKind.CHOICES, method="filter_kind",
                                       label=_("individual or common"))
    overdue = django_filters.BooleanFilter(
        method="filter_overdue", label=_("verification overdue"),
        widget=forms.Select(choices=[("", _("All")), ("true", _("Overdue")),
                                     ("false", _("Valid"))]))
    closed = closed_filter()

    class Meta:
        model = Meter
        fields = ["q", "building", "service", "account", "kind", "overdue", "closed"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _services_for_meters(self)

    def filter_kind(self, queryset, name, value):
        if not value:
            return queryset
        return queryset.filter(account__isnull=value == MeterKind.COMMON)

    def filter_overdue(self, queryset, name, value):
        if value is None:
            return queryset
        access = getattr(self.request, "access", None)
        if access is None or access.organization is None:
            return queryset.none()
        today = local_today(access.organization)
        overdue = Q(verified_until__lt=today)
        return queryset.filter(overdue) if value else queryset.exclude(overdue)


class ReadingFilterSet(TenantFilterSet):
    search_fields = ("meter__serial", "meter__account__number", "meter__account__unit__number")
    meter = django_filters.ModelChoiceFilter(queryset=Meter.objects.all(), label=_("meter"))
    building = django_filters.ModelChoiceFilter(queryset=Building.objects.all(),
                                                field_name="meter__building",
                                                label=_("building"))
    service = django_filters.ModelChoiceFilter(queryset=Service.objects.all(),
                                               field_name="meter__service",
                                               label=_("service"))
    source = django_filters.ChoiceFilter(choices=ReadingSource.choices, label=_("source"))
    status = django_filters.ChoiceFilter(choices=ReadingStatus.choices, label=_("status"))
    date_from = django_filters.DateFilter(field_name="date", lookup_expr="gte",
                                          label=_("from"), widget=date_input())
    date_to = django_filters.DateFilter(field_name="date", lookup_expr="lte",
                                        label=_("until"), widget=date_input())

    class Meta:
        model = Reading
        fields = ["q", "meter", "building", "service", "source", "status", "date_from",
                  "date_to"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _services_for_meters(self)
