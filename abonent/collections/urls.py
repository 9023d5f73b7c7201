from django.urls import path

from abonent.collections.views import cases, debtors, notices, plans, rate
from abonent.core.views.generic import crud_urls

app_name = "collections"
urlpatterns = [
    path("debtors/", debtors.DebtorList.as_view(), name="debtors"),
    path("debtors/history/", debtors.DebtHistoryChart.as_view(), name="debt_history"),
    path("accounts/<int:account_id>/", debtors.AccountCollection.as_view(), name="account"),
    path("accounts/<int:account_id>/notice/", notices.Notices.as_view(), name="notice"),
    path("notices/", notices.Notices.as_view(), name="notices"),
    *crud_urls("cases", list_view=cases.CaseList, detail_view=cases.CaseDetail,
               edit_view=cases.CaseEdit),
    *crud_urls("steps", list_view=cases.EventList, detail_view=cases.EventDetail),
    *crud_urls("plans", list_view=plans.PlanList, detail_view=plans.PlanDetail,
               edit_view=plans.PlanEdit),
    path("instalments/missed/", plans.MissedList.as_view(), name="missed"),
    *crud_urls("instalments", list_view=plans.InstalmentList,
               detail_view=plans.InstalmentDetail),
    path("rate/", rate.CollectionRate.as_view(), name="rate"),
]
