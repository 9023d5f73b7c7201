from abonent.property.models import Building, Unit
from abonent.testing.factories import BuildingFactory, UnitFactory
from abonent.testing.suites import TenantViewSuite


class TestBuildingViews(TenantViewSuite):
    model = Building
    factory = BuildingFactory

    def search_term(self, obj):
        return obj.street[:6]


class TestUnitViews(TenantViewSuite):
    model = Unit
    factory = UnitFactory
    org_path = "building__organization"
