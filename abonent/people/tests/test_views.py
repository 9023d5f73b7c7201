from abonent.people.models import Ownership, Person
from abonent.testing.factories import OwnershipFactory, PersonFactory
from abonent.testing.suites import TenantViewSuite


class TestPersonViews(TenantViewSuite):
    model = Person
    factory = PersonFactory

    def search_term(self, obj):
        return obj.last_name


class TestOwnershipViews(TenantViewSuite):
    model = Ownership
    factory = OwnershipFactory
    org_path = "unit__building__organization"
