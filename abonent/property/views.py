from django.utils.translation import gettext_lazy as _

from abonent.accounts.tables import ACCOUNT_COLUMNS_SHORT
from abonent.core.tables import Column
from abonent.core.views import generic
from abonent.people.tables import OWNERSHIP_COLUMNS_FOR_UNIT
from abonent.property.filtersets import BuildingFilterSet, UnitFilterSet
from abonent.property.forms import BuildingForm, UnitForm
from abonent.property.models import Building, Unit
from abonent.property.tables import BUILDING_COLUMNS, UNIT_COLUMNS


class BuildingList(generic.ObjectListView):
    model = Building
    filterset_class = BuildingFilterSet
    columns = BUILDING_COLUMNS
    default_sort = "code"


class BuildingDetail(generic.ObjectDetailView):
    model = Building
    related = [(_("Units"), "units",
                [Column("number", link=True), Column("kind"), Column("entrance"),
                 Column("floor"), Column("area"), Column("rooms")])]


class BuildingEdit(generic.ObjectEditView):
    model = Building
    form_class = BuildingForm


class UnitList(generic.ObjectListView):
    model = Unit
    filterset_class = UnitFilterSet
    columns = UNIT_COLUMNS
    default_sort = "number"


class UnitDetail(generic.ObjectDetailView):
    model = Unit
    related = [
        (_("Accounts"), "accounts", ACCOUNT_COLUMNS_SHORT),
        (_("Ownership and occupancy"), "ownerships", OWNERSHIP_COLUMNS_FOR_UNIT),
    ]


class UnitEdit(generic.ObjectEditView):
    model = Unit
    form_class = UnitForm
