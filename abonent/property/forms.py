from abonent.core.forms import TenantModelForm
from abonent.property.models import Building, Unit


class BuildingForm(TenantModelForm):
    class Meta:
        model = Building
        fields = ["code", "branch", "city", "street", "house_number", "postal_code",
                  "total_area", "living_area", "common_area", "floors", "entrances",
                  "year_built", "management_start", "notes"]


class UnitForm(TenantModelForm):
    class Meta:
        model = Unit
        fields = ["building", "kind", "number", "entrance", "floor", "area", "living_area",
                  "rooms"]
