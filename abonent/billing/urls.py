from django.urls import path

from abonent.billing.views import (
    absences,
    corrections,
    ledger,
    options,
    periods,
    pick,
    receipts,
    review,
    runs,
)
from abonent.core.views.generic import crud_urls

app_name = "billing"
urlpatterns = [
    *crud_urls("periods", list_view=periods.PeriodList, detail_view=periods.PeriodDetail),
    path("periods/<int:pk>/close/", periods.PeriodClose.as_view(), name="billingperiod_close"),
    *crud_urls("runs", list_view=runs.RunList, detail_view=runs.RunDetail,
               edit_view=runs.RunCreate, editable=False),
    path("runs/<int:pk>/progress/", runs.RunProgress.as_view(), name="run_progress"),
    path("runs/<int:pk>/compute/", runs.RunCompute.as_view(), name="run_compute"),
    path("runs/<int:pk>/approve/", runs.RunApprove.as_view(), name="run_approve"),
    path("runs/<int:pk>/issue/", runs.RunIssue.as_view(), name="run_issue"),
    path("runs/<int:pk>/cancel/", runs.RunCancel.as_view(), name="run_cancel"),
    path("runs/<int:pk>/review/", review.RunReview.as_view(), name="run_review"),
    *crud_urls("bills", list_view=review.AccountBillList, detail_view=review.AccountBillDetail),
    *crud_urls("ledger", list_view=ledger.LedgerEntryList, detail_view=ledger.LedgerEntryDetail),
    path("accounts/<int:account_pk>/statement/", ledger.StatementView.as_view(),
         name="statement"),
    *crud_urls("receipts", list_view=receipts.ReceiptList, detail_view=receipts.ReceiptDetail),
    *crud_urls("adjustments", list_view=corrections.AdjustmentList,
               detail_view=corrections.AdjustmentDetail, edit_view=corrections.AdjustmentCreate,
               editable=False),
    path("adjustments/<int:pk>/approve/", corrections.AdjustmentApprove.as_view(),
         name="adjustment_approve"),
    path("adjustments/<int:pk>/reject/", corrections.AdjustmentReject.as_view(),
         name="adjustment_reject"),
    *crud_urls("absences", list_view=absences.AbsenceList, detail_view=absences.AbsenceDetail,
               edit_view=absences.AbsenceEdit),
    *crud_urls("interruptions", list_view=absences.InterruptionList,
               detail_view=absences.InterruptionDetail, edit_view=absences.InterruptionEdit),
    *crud_urls("settings", list_view=options.SettingsHome, detail_view=options.SettingsDetail),
    path("settings/<int:pk>/edit/", options.SettingsEdit.as_view(),
         name="billingsettings_edit"),
    path("pick-accounts/", pick.AccountsPickView.as_view(), name="pick_accounts"),
]
