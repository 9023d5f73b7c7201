"""API of buildings and units: serializers and viewsets on the shared tenant base."""

from __future__ import annotations

from abonent.core.api.base import CloseMixin, TenantModelSerializer, TenantViewSet
from abonent.property.filtersets import BuildingFilterSet, UnitFilterSet
from abonent.property.models import Building, Unit


class BuildingSerializer(TenantModelSerializer):
    """A building under management: address, areas, floors, entrances."""

    class Meta:
        model = Building
        fields = ["id", "display", "code", "branch", "city", "street", "house_number",
                  "postal_code", "total_area", "living_area", "common_area", "floors",
                  "entrances", "year_built", "management_start", "closed_on", "notes",
                  "created_at", "updated_at"]
        read_only_fields = ["closed_on"]


class UnitSerializer(TenantModelSerializer):
    """Premises in a building: an apartment, commercial space or parking place."""

    class Meta:
        model = Unit
        fields = ["id", "display", "building", "kind", "number", "entrance", "floor", "area",
                  "living_area", "rooms", "closed_on", "created_at", "updated_at"]
        read_only_fields = ["closed_on"]


class BuildingViewSet(CloseMixin, TenantViewSet):
    """Buildings under management. Ending management is closing (`POST …/{id}/close/`)."""

    model = Building
    serializer_class = BuildingSerializer
    filterset_class = BuildingFilterSet
    ordering_fields = ["code", "city", "street", "house_number", "floors", "year_built",
                       "management_start", "created_at"]
    ordering = ["city", "street", "house_number"]


class UnitViewSet(CloseMixin, TenantViewSet):
    """Units (premises) of the buildings."""

    model = Unit
    serializer_class = UnitSerializer
    filterset_class = UnitFilterSet
    select_related = ("building",)
    ordering_fields = ["number", "entrance", "floor", "area", "rooms", "building",
                       "created_at"]
    ordering = ["building", "entrance", "floor", "number"]


ROUTES = [
    ("buildings", BuildingViewSet),
    ("units", UnitViewSet),
]
