"""Manual adjustments: requested with a reason, posted at once or after a second person's
approval when above the organization's threshold."""

from __future__ import annotations

from django.contrib import messages
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from abonent.billing import tables
from abonent.billing.choices import AdjustmentStatus
from abonent.billing.filtersets import AdjustmentFilterSet
from abonent.billing.forms import AdjustmentForm
from abonent.billing.models import Adjustment
from abonent.billing.services import adjustment_decide, adjustment_request
from abonent.billing.settings import billing_settings
from abonent.billing.views.base import BillingPages, ConfirmView
from abonent.core.choices import Action
from abonent.core.views import generic


class AdjustmentList(BillingPages, generic.ObjectListView):
    model = Adjustment
    editable = False
    filterset_class = AdjustmentFilterSet
    columns = tables.ADJUSTMENT_COLUMNS
    default_sort = "-created_at"
    export_name = "adjustments"


class AdjustmentCreate(BillingPages, generic.ObjectEditView):
    model = Adjustment
    editable = False
    form_class = AdjustmentForm

    def save(self, form):
        adjustment = adjustment_request(access=self.access, adjustment=form.instance)
        if adjustment.status == AdjustmentStatus.PENDING:
            messages.warning(self.request, _(
                "Above %(threshold)s it waits for a second person's approval before it is "
                "posted.") % {"threshold": billing_settings(self.access.organization)
                              .approval_threshold})
        else:
            messages.info(self.request, _("Posted to the ledger in %(period)s.") % {
                "period": adjustment.entry.period})
        return adjustment


def may_decide(access, adjustment: Adjustment) -> bool:
    """The approve right, a pending adjustment, and someone else than who asked for it."""
    return (adjustment.status == AdjustmentStatus.PENDING
            and access.can("billing", Action.APPROVE)
            and (access.user is None or adjustment.requested_by_id != access.user.pk))


class AdjustmentDetail(BillingPages, generic.ObjectDetailView):
    model = Adjustment
    editable = False
    template_name = "billing/adjustment_detail.html"
    fields = ["account", "service", "service_period", "amount", "reason", "status",
              "requested_by", "created_at", "decided_by", "entry"]

    def get(self, request, *args, **kwargs):
        self.adjustment = self.get_object()
        return super().get(request, *args, **kwargs)

    def base_context(self):
        adjustment = self.adjustment
        waiting = adjustment.status == AdjustmentStatus.PENDING
        return {**super().base_context(), "may_decide": may_decide(self.access, adjustment),
                "own_request": waiting and self.access.user is not None
                and adjustment.requested_by_id == self.access.user.pk}


class AdjustmentApprove(ConfirmView):
    model = Adjustment
    action = Action.APPROVE
    title = gettext_lazy("Approve the adjustment %(name)s")
    question = gettext_lazy("The adjustment %(name)s will be posted to the ledger in the open "
                            "period.")
    button = gettext_lazy("Approve and post")

    def perform(self, obj) -> str:
        adjustment_decide(access=self.access, adjustment=obj, approve=True)
        return _("The adjustment is posted.")


class AdjustmentReject(ConfirmView):
    model = Adjustment
    action = Action.APPROVE
    title = gettext_lazy("Reject the adjustment %(name)s")
    question = gettext_lazy("The adjustment %(name)s will not be posted. It stays in the list "
                            "as rejected.")
    button = gettext_lazy("Reject")
    danger = True

    def perform(self, obj) -> str:
        adjustment_decide(access=self.access, adjustment=obj, approve=False)
        return _("The adjustment is rejected.")
