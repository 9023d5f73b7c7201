from django.utils.translation import gettext_lazy as _

from abonent.accounts.models import BenefitCategory
from abonent.core.tables import Column
from abonent.core.views import generic
from abonent.tariffs import forms, tables
from abonent.tariffs.filtersets import (
    ServiceFilterSet,
    SubscriptionFilterSet,
    TariffFilterSet,
    TariffVersionFilterSet,
)
from abonent.tariffs.models import Service, Subscription, Tariff, TariffVersion, format_bands
from abonent.tariffs.selectors import local_today, with_prices_in_force

FORM_WITH_CONDITIONAL_FIELDS = "tariffs/object_form.html"


class ServiceList(generic.ObjectListView):
    model = Service
    filterset_class = ServiceFilterSet
    columns = tables.SERVICE_COLUMNS
    default_sort = "position"


class ServiceDetail(generic.ObjectDetailView):
    model = Service
    related = [
        (_("Tariffs"), "tariffs", tables.TARIFF_COLUMNS_FOR_SERVICE),
        (_("Subscriptions"), "subscriptions", tables.SUBSCRIPTION_COLUMNS_FOR_SERVICE),
        (_("Benefit categories"), "benefit_categories",
         [Column("code", link=True), Column("name", link=True), Column("discount_percent"),
          Column("norm_kind"), Column("norm_per_person"), Column("closed_on")]),
    ]

    def detail_fields(self, obj):
        # Fields of other charge methods mean nothing for this service: leave them out.
        hidden = {name for name, methods in forms.METHOD_FIELDS.items()
                  if obj.method not in methods}
        self.fields = [f.name for f in self.opts.concrete_fields
                       if f.editable and f.name != "id" and f.name not in hidden]
        return super().detail_fields(obj)

    def related_queryset(self, accessor, queryset):
        if accessor == "tariffs":
            return with_prices_in_force(queryset, local_today(self.access))
        return queryset

    def related_add_url(self, related_model, obj):
        if related_model is BenefitCategory:  # a category chooses its services, not here
            return None
        return super().related_add_url(related_model, obj)


class ServiceEdit(generic.ObjectEditView):
    model = Service
    form_class = forms.ServiceForm
    template_name = FORM_WITH_CONDITIONAL_FIELDS


class TariffList(generic.ObjectListView):
    model = Tariff
    filterset_class = TariffFilterSet
    columns = tables.TARIFF_COLUMNS
    default_sort = "service"

    def get_queryset(self):
        return with_prices_in_force(super().get_queryset(), local_today(self.access))


class TariffDetail(generic.ObjectDetailView):
    model = Tariff
    related = [(_("Versions, newest first"), "versions", tables.VERSION_COLUMNS_FOR_TARIFF)]


class TariffEdit(generic.ObjectEditView):
    model = Tariff
    form_class = forms.TariffForm
    template_name = FORM_WITH_CONDITIONAL_FIELDS


class TariffVersionList(generic.ObjectListView):
    model = TariffVersion
    filterset_class = TariffVersionFilterSet
    columns = tables.VERSION_COLUMNS
    default_sort = "-effective_from"


class TariffVersionDetail(generic.ObjectDetailView):
    model = TariffVersion

    def detail_fields(self, obj):
        return [(label, format_bands(value) if isinstance(value, list) else value)
                for label, value in super().detail_fields(obj)]


class TariffVersionEdit(generic.ObjectEditView):
    model = TariffVersion
    form_class = forms.TariffVersionForm


class SubscriptionList(generic.ObjectListView):
    model = Subscription
    filterset_class = SubscriptionFilterSet
    columns = tables.SUBSCRIPTION_COLUMNS
    default_sort = "date_from"


class SubscriptionDetail(generic.ObjectDetailView):
    model = Subscription


class SubscriptionEdit(generic.ObjectEditView):
    model = Subscription
    form_class = forms.SubscriptionForm
