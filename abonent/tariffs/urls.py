from abonent.core.views.generic import crud_urls
from abonent.tariffs import views

app_name = "tariffs"
urlpatterns = [
    *crud_urls("service", list_view=views.ServiceList, detail_view=views.ServiceDetail,
               edit_view=views.ServiceEdit),
    *crud_urls("tariff", list_view=views.TariffList, detail_view=views.TariffDetail,
               edit_view=views.TariffEdit),
    *crud_urls("tariff-version", list_view=views.TariffVersionList,
               detail_view=views.TariffVersionDetail, edit_view=views.TariffVersionEdit),
    *crud_urls("subscription", list_view=views.SubscriptionList,
               detail_view=views.SubscriptionDetail, edit_view=views.SubscriptionEdit),
]
