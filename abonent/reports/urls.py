from django.urls import path

from abonent.reports import views

app_name = "reports"
urlpatterns = [
    path("", views.ReportIndex.as_view(), name="index"),
    path("summary/", views.SummaryReport.as_view(), name="summary"),
    path("turnover/", views.TurnoverReport.as_view(), name="turnover"),
    path("losses/", views.LossesReport.as_view(), name="losses"),
]
