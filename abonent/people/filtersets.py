import django_filters

from abonent.core.filtersets import ClosableFilterMixin, TenantFilterSet, closed_filter
from abonent.people.models import Ownership, Person
from abonent.property.models import Building, Unit


class PersonFilterSet(ClosableFilterMixin, TenantFilterSet):
    search_fields = ("first_name", "last_name", "middle_name", "company_name", "phone",
                     "phone_alt", "email", "email_alt", "personal_id")
    closed = closed_filter()

    class Meta:
        model = Person
        fields = ["q", "kind", "language", "closed"]


class OwnershipFilterSet(ClosableFilterMixin, TenantFilterSet):
    search_fields = ("person__first_name", "person__last_name", "person__company_name",
                     "unit__number", "unit__building__street", "document_ref")
    person = django_filters.ModelChoiceFilter(queryset=Person.objects.all())
    unit = django_filters.ModelChoiceFilter(queryset=Unit.objects.all())
    building = django_filters.ModelChoiceFilter(queryset=Building.objects.all(),
                                                field_name="unit__building")
    closed = closed_filter()

    class Meta:
        model = Ownership
        fields = ["q", "kind", "person", "unit", "building", "closed"]
