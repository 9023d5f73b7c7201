from django.urls import path

from abonent.core.views.generic import crud_urls
from abonent.payments import views

app_name = "payments"
urlpatterns = [
    # adding a payment is the cash desk
    *crud_urls("payments", list_view=views.PaymentList, detail_view=views.PaymentDetail,
               edit_view=views.CashDesk, editable=False),
    path("payments/<int:pk>/confirmation/", views.PaymentReceipt.as_view(),
         name="payment_confirmation"),
    path("payments/<int:pk>/reverse/", views.PaymentReverse.as_view(), name="payment_reverse"),
    path("settings/", views.SettingsEdit.as_view(), name="settings"),
    # one row per organization: its "list" is its page
    path("settings/", views.SettingsEdit.as_view(), name="paymentsettings_list"),
    path("penalties/", views.PenaltySettingsEdit.as_view(), name="penalties"),
    path("penalties/", views.PenaltySettingsEdit.as_view(), name="penaltysettings_list"),
    *crud_urls("reference-rates", list_view=views.ReferenceRateList,
               detail_view=views.ReferenceRateDetail, edit_view=views.ReferenceRateEdit),
    path("accounts/<int:account_pk>/penalties/", views.PenaltyBreakdown.as_view(),
         name="penalty_breakdown"),
    path("statements/import/", views.StatementUpload.as_view(), name="statement_upload"),
    *crud_urls("statements", list_view=views.StatementImportList,
               detail_view=views.StatementImportDetail),
    path("statements/queue/", views.QueueList.as_view(), name="queue"),
    *crud_urls("statements/lines", list_view=views.QueueList,
               detail_view=views.StatementLineDetail),
]
