from django.urls import path

from abonent.reports import views

app_name = "reports"
urlpatterns = [
    path("", views.ReportIndex.as_view(), name="index"),
    path("summary/", views.SummaryReport.as_view(), name="summary"),
    path("turnover/", views.TurnoverReport.as_view(), name="turnover"),
    path("losses/", views.LossesReport.as_view(), name="losses"),
    path("payments/", views.PaymentsReport.as_view(), name="payments"),
    path("cash-desk/", views.CashDeskReport.as_view(), name="cash_desk"),
    path("cash-desk/shift/", views.CashDeskShift.as_view(), name="cash_desk_shift"),
]
