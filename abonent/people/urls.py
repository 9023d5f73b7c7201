from abonent.core.views.generic import crud_urls
from abonent.people import views

app_name = "people"
urlpatterns = [
    *crud_urls("person", list_view=views.PersonList, detail_view=views.PersonDetail,
               edit_view=views.PersonEdit),
    *crud_urls("ownership", list_view=views.OwnershipList, detail_view=views.OwnershipDetail,
               edit_view=views.OwnershipEdit),
]
