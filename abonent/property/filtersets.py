import django_filters

from abonent.core.filtersets import ClosableFilterMixin, TenantFilterSet, closed_filter
from abonent.core.models import Branch
from abonent.property.models import Building, Unit


class BuildingFilterSet(ClosableFilterMixin, TenantFilterSet):
    search_fields = ("code", "city", "street", "house_number", "postal_code")
    branch = django_filters.ModelChoiceFilter(queryset=Branch.objects.all())
    closed = closed_filter()

    class Meta:
        model = Building
        fields = ["q", "city", "branch", "closed"]


class UnitFilterSet(ClosableFilterMixin, TenantFilterSet):
    search_fields = ("number", "building__street", "building__house_number", "building__city")
    building = django_filters.ModelChoiceFilter(queryset=Building.objects.all())
    closed = closed_filter()

    class Meta:
        model = Unit
        fields = ["q", "building", "kind", "entrance", "floor", "closed"]
