from abonent.core.views.generic import crud_urls
from abonent.property import views

app_name = "property"
urlpatterns = [
    *crud_urls("building", list_view=views.BuildingList, detail_view=views.BuildingDetail,
               edit_view=views.BuildingEdit),
    *crud_urls("unit", list_view=views.UnitList, detail_view=views.UnitDetail,
               edit_view=views.UnitEdit),
]
