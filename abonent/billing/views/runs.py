"""Billing runs: the list, a new run, its page with live progress, approve, issue, cancel.

A new run is created by the form and computed by the next request: the run's page posts to
``compute`` as soon as it opens (htmx, or the button without JavaScript) and polls a small
progress fragment every second meanwhile. Without a Celery broker the compute request does the
work in process, chunk by chunk, each chunk committed on its own, so the polling requests see
``chunks_done`` grow; with a broker it only queues the chunks and the workers do them. No
thread is started by a web request.
"""

from __future__ import annotations

import logging
from decimal import Decimal

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from abonent.accounts.tables import ACCOUNT_COLUMNS_SHORT
from abonent.billing import tables
from abonent.billing.choices import Flag, RunScope, RunStatus
from abonent.billing.filtersets import BillingRunFilterSet
from abonent.billing.forms import RunForm
from abonent.billing.models import BillingRun
from abonent.billing.runs import (
    period_for,
    run_approve,
    run_cancel,
    run_compute,
    run_create,
    run_issue,
    use_workers,
)
from abonent.billing.views.base import BillingPages, ConfirmView
from abonent.core.choices import Action
from abonent.core.views import generic
from abonent.tariffs.models import Service

logger = logging.getLogger(__name__)

#: statuses from which a run may be computed (again)
COMPUTABLE = (RunStatus.DRAFT, RunStatus.PREVIEW, RunStatus.APPROVED, RunStatus.FAILED)
#: statuses in which the page follows the run's progress
WORKING = (RunStatus.COMPUTING, RunStatus.ISSUING)
#: statuses in which the run has bills to review
REVIEWABLE = (RunStatus.PREVIEW, RunStatus.APPROVED, RunStatus.ISSUING, RunStatus.ISSUED)
CANCELLABLE = (RunStatus.DRAFT, RunStatus.PREVIEW, RunStatus.APPROVED, RunStatus.FAILED)


class RunList(BillingPages, generic.ObjectListView):
    model = BillingRun
    editable = False
    filterset_class = BillingRunFilterSet
    columns = tables.RUN_COLUMNS
    default_sort = "-created_at"


class RunCreate(BillingPages, generic.ObjectEditView):
    model = BillingRun
    editable = False
    form_class = RunForm

    def initial(self):
        """``?month=2026-11&scope=accounts&accounts=7`` prefills the form (re-billing an
        account from its statement)."""
        initial = super().initial()
        for name in ("month", "scope", "building"):
            if name in self.request.GET:
                initial[name] = self.request.GET[name]
        if "accounts" in self.request.GET:
            initial["accounts"] = self.request.GET.getlist("accounts")
        return initial

    def save(self, form):
        data = form.cleaned_data
        period = period_for(self.access.organization, data["month"])
        try:
            run = run_create(access=self.access, period=period, scope=data["scope"],
                             building=data.get("building"), accounts=data.get("accounts") or ())
        except ValidationError as exc:
            if hasattr(exc, "error_dict") and "period" in exc.error_dict:
                exc.error_dict["month"] = exc.error_dict.pop("period")
            raise
        form.instance = run  # the generic view's m2m step then has nothing left to do
        return run


def run_buttons(access, run: BillingRun) -> dict[str, bool]:
    """Which actions the run's page offers: the status allows them and the role has the right."""
    status = run.status
    return {
        "auto_compute": status == RunStatus.DRAFT and access.can("billing", Action.ADD),
        "can_compute": status in COMPUTABLE and status != RunStatus.DRAFT
        and access.can("billing", Action.ADD),
        "can_approve": status == RunStatus.PREVIEW and access.can("billing", Action.APPROVE),
        "can_issue": status == RunStatus.APPROVED and access.can("billing", Action.APPROVE),
        "can_cancel": status in CANCELLABLE and access.can("billing", Action.CHANGE),
        "can_review": status in REVIEWABLE,
    }


def polling(access, run: BillingRun) -> bool:
    return run.status in WORKING or (run.status == RunStatus.DRAFT
                                     and access.can("billing", Action.ADD))


class RunDetail(BillingPages, generic.ObjectDetailView):
    model = BillingRun
    editable = False
    template_name = "billing/run_detail.html"
    fields = ["period", "scope", "building", "status", "created_by", "created_at",
              "approved_by", "approved_at", "issued_at", "accounts_total", "error"]
    related = [(gettext_lazy("Chosen accounts"), "accounts", ACCOUNT_COLUMNS_SHORT)]

    def related_tables(self, obj):
        return super().related_tables(obj) if obj.scope == RunScope.ACCOUNTS else []

    def related_add_url(self, related_model, obj):
        return None

    def detail_fields(self, obj):
        return [(label, value) for label, value in super().detail_fields(obj)
                if value not in (None, "")]

    def summary(self, run: BillingRun) -> dict:
        data = run.summary or {}
        by_service = data.get("by_service", {})
        names = dict(Service.objects.restrict(self.access).filter(
            code__in=list(by_service)).values_list("code", "name"))
        review = reverse("billing:run_review", args=[run.pk])
        return {
            "services": [(names.get(code, code), Decimal(total))
                         for code, total in sorted(by_service.items())],
            "total": Decimal(data["total"]) if "total" in data else None,
            "changed": data.get("accounts_changed"),
            "unchanged": data.get("accounts_unchanged"),
            "flags": [(Flag(code).label if code in Flag.values else code, count,
                       f"{review}?flag={code}") for code, count in
                      sorted(data.get("flags", {}).items())],
        }

    def get_object(self, action: str = Action.VIEW):
        if not hasattr(self, "_run"):
            self._run = super().get_object(action)
        return self._run

    def base_context(self):
        run = self.get_object()
        return {**super().base_context(), "run": run, "summary": self.summary(run),
                "polling": polling(self.access, run), "workers": use_workers(),
                **run_buttons(self.access, run)}


def progress_response(request, access, run: BillingRun, follow: bool = False) -> HttpResponse:
    """The progress fragment. Polled with ``follow``, a finished run moves the page on: to the
    review when the preview is ready, else the run's page is reloaded with its new buttons."""
    response = render(request, "billing/_run_progress.html",
                      {"run": run, "polling": polling(access, run)})
    if (follow or request.GET.get("follow")) and not polling(access, run):
        if run.status == RunStatus.PREVIEW:
            response["HX-Redirect"] = reverse("billing:run_review", args=[run.pk])
        else:
            response["HX-Refresh"] = "true"
    return response


class RunProgress(generic.ModelViewMixin):
    model = BillingRun

    def get(self, request, *args, **kwargs):
        return progress_response(request, self.access, self.get_object())


class RunCompute(generic.ModelViewMixin):
    """Compute a new run, or again (after readings were corrected): POST only."""

    model = BillingRun

    def post(self, request, *args, **kwargs):
        self.access.require("billing", Action.ADD)
        run = self.get_object(Action.ADD)
        if not run.period.is_open:
            messages.error(request, _("The period is closed; bill a correction in the open "
                                      "period."))
        # Claim the run first: a second tab opening the page finds it computing and only
        # follows the progress, so the same run is never computed twice at once.
        elif BillingRun.objects.filter(pk=run.pk, status__in=COMPUTABLE).update(
                status=RunStatus.COMPUTING, updated_at=timezone.now()):
            run.refresh_from_db()
            run = self.compute(run)
        run.refresh_from_db()
        if request.headers.get("HX-Request"):
            return progress_response(request, self.access, run, follow=True)
        target = "billing:run_review" if run.status == RunStatus.PREVIEW else \
            "billing:billingrun_detail"
        return HttpResponseRedirect(reverse(target, args=[run.pk]))

    def compute(self, run: BillingRun) -> BillingRun:
        try:
            run = run_compute(run, full=self.request.POST.get("full") == "1")
        except ValidationError as exc:
            messages.error(self.request, " ".join(exc.messages))
            return run
        except Exception:  # the engine marked the run failed with the reason; show it
            logger.exception("billing run %s failed", run.pk)
            run.refresh_from_db()
            messages.error(self.request, _("The run failed: %(error)s") % {"error": run.error})
            return run
        if run.status == RunStatus.PREVIEW and run.accounts_total == 0:
            # an empty run has nothing to review: it is cancelled and the user told why
            run = run_cancel(run, access=self.access)
            messages.error(self.request, _(
                "No account to bill in this scope for %(period)s; the run was cancelled.")
                % {"period": run.period})
        elif run.status == RunStatus.PREVIEW and run.chunks_total == 0:
            messages.info(self.request, _(
                "Nothing changed since %(period)s was issued: no account is billed again.")
                % {"period": run.period})
        return run


class RunApprove(ConfirmView):
    model = BillingRun
    action = Action.APPROVE
    title = gettext_lazy("Approve run %(name)s")
    question = gettext_lazy("You have reviewed run %(name)s. Once approved it can be issued: "
                            "its lines posted to the ledger and its receipts numbered.")
    button = gettext_lazy("Approve")

    def perform(self, obj) -> str:
        run_approve(obj, access=self.access)
        return _("Run %(name)s is approved.") % {"name": obj}


class RunIssue(ConfirmView):
    model = BillingRun
    action = Action.APPROVE
    title = gettext_lazy("Issue run %(name)s")
    question = gettext_lazy("Run %(name)s will be posted to the ledger and its receipts "
                            "numbered. This cannot be undone: a later correction is a new run "
                            "or an adjustment.")
    button = gettext_lazy("Issue")
    danger = True

    def perform(self, obj) -> str:
        run = run_issue(obj, access=self.access)
        if run.status == RunStatus.ISSUED:
            return _("Run %(name)s is issued: %(receipts)s receipt(s).") % {
                "name": run, "receipts": run.receipts.count()}
        return _("Run %(name)s is being issued.") % {"name": run}


class RunCancel(ConfirmView):
    model = BillingRun
    action = Action.CHANGE
    title = gettext_lazy("Cancel run %(name)s")
    question = gettext_lazy("The computed lines of run %(name)s will be deleted. Nothing was "
                            "posted, so the ledger does not change.")
    button = gettext_lazy("Cancel the run")
    danger = True

    def perform(self, obj) -> str:
        run_cancel(obj, access=self.access)
        return _("Run %(name)s is cancelled.") % {"name": obj}
