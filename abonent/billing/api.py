"""REST API of billing: periods, runs (with their bills and lines), the ledger, receipts,
statements, adjustments, absences, interruptions and the settings.

Every row comes through ``restrict`` (the tenancy base classes); what the ledger and the runs
write (entries, receipts, bills, lines) is read-only; actions go through the same functions as
the pages (``runs.py``, ``services.py``).
"""

from __future__ import annotations

from django.http import Http404
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import mixins, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from abonent.accounts.models import Account
from abonent.billing import ledger, selectors
from abonent.billing import serializers as s
from abonent.billing.filtersets import (
    AbsenceFilterSet,
    AccountBillFilterSet,
    AdjustmentFilterSet,
    BillingPeriodFilterSet,
    BillingRunFilterSet,
    ChargeFilterSet,
    InterruptionFilterSet,
    LedgerEntryFilterSet,
    ReceiptFilterSet,
)
from abonent.billing.forms import StatementForm
from abonent.billing.models import (
    Absence,
    AccountBill,
    Adjustment,
    BalanceSnapshot,
    BillingPeriod,
    BillingRun,
    BillingSettings,
    Charge,
    Interruption,
    LedgerEntry,
    Receipt,
)
from abonent.billing.runs import period_close, run_approve, run_cancel, run_issue
from abonent.billing.services import adjustment_decide
from abonent.billing.settings import billing_settings
from abonent.core.api.base import ReadOnlyTenantViewSet, RestrictedMixin, TenantViewSet
from abonent.core.api.schema import VALIDATION_ERROR
from abonent.core.choices import Action


def restricted_or_404(queryset, pk):
    try:
        return queryset.get(pk=pk)
    except (queryset.model.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


class BillingPeriodViewSet(ReadOnlyTenantViewSet):
    """Billing periods (months). A period is opened by its first run; closing it
    (`POST …/{id}/close/`, approve right) stops charges and corrections in it."""

    model = BillingPeriod
    serializer_class = s.BillingPeriodSerializer
    filterset_class = BillingPeriodFilterSet
    http_method_names = ["get", "post", "head", "options"]
    ordering_fields = ["start", "status", "closed_at"]
    ordering = ["-start"]

    @extend_schema(request=None, operation_id="billing_periods_close", summary=_("Close"),
                   description=_("Close the period: it takes no more charges or corrections "
                                 "and each account's closing balance is kept."))
    @action(detail=True, methods=["post"], access_action=Action.APPROVE)
    def close(self, request, pk=None):
        period = period_close(self.get_object(), access=request.access)
        return Response(self.get_serializer(period).data)


def run_action(name: str, description, right: str, perform):
    """A POST route on one run that calls ``perform(run, access)`` and answers the run."""

    def route(self, request, pk=None):
        run = perform(self.get_object(), request.access)
        return Response(self.get_serializer(run).data)

    route.__name__ = name  # before @action, which maps the method to the function's name
    route = action(detail=True, methods=["post"], access_action=right)(route)
    return extend_schema(request=None, responses=s.BillingRunSerializer,
                         operation_id=f"billing_runs_{name}", description=description)(route)


class BillingRunViewSet(RestrictedMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin,
                        mixins.CreateModelMixin, viewsets.GenericViewSet):
    """Billing runs. POST creates a run from `month` and a scope and computes it (in the request
    without a Celery broker, else on the workers: follow `status` and `chunks_done`). Review
    with `…/{id}/bills/` and `…/{id}/charges/`, then approve, issue, or cancel."""

    model = BillingRun
    serializer_class = s.BillingRunSerializer
    filterset_class = BillingRunFilterSet
    select_related = ("period",)
    http_method_names = ["get", "post", "head", "options"]
    ordering_fields = ["created_at", "status", "accounts_total"]
    ordering = ["-created_at"]

    def get_queryset(self):
        """The runs; for ``bills`` and ``charges`` the run's bills or lines (so that their
        filters, ordering and pages apply, and the schema names them)."""
        if self.action not in ("bills", "charges"):
            return super().get_queryset().prefetch_related("accounts")
        if getattr(self, "swagger_fake_view", False):
            return (AccountBill if self.action == "bills" else Charge).objects.none()
        access = self.request.access
        run = restricted_or_404(BillingRun.objects.restrict(access), self.kwargs.get("pk"))
        if self.action == "bills":
            return selectors.with_difference(AccountBill.objects.restrict(access).filter(
                run=run).select_related("account"))
        return Charge.objects.restrict(access).filter(run=run).select_related("service")

    approve = run_action("approve", _("Approve a computed run (approve right)."),
                         Action.APPROVE, lambda run, access: run_approve(run, access=access))
    issue = run_action("issue", _("Post an approved run to the ledger and number its receipts "
                                  "(approve right). Issuing twice changes nothing."),
                       Action.APPROVE, lambda run, access: run_issue(run, access=access))
    cancel = run_action("cancel", _("Cancel a run before it is issued: its lines are deleted."),
                        Action.CHANGE, lambda run, access: run_cancel(run, access=access))

    @extend_schema(operation_id="billing_runs_bills", responses=s.AccountBillSerializer(many=True))
    @action(detail=True, methods=["get"], filterset_class=AccountBillFilterSet,
            ordering_fields=["account__number", "total", "previous_total", "difference"],
            ordering=["account__number"], serializer_class=s.AccountBillSerializer)
    def bills(self, request, pk=None):
        """Every account's bill in the run: total, previous period, difference, flags."""
        return self.list(request)

    @extend_schema(operation_id="billing_runs_charges", responses=s.ChargeSerializer(many=True))
    @action(detail=True, methods=["get"], filterset_class=ChargeFilterSet,
            ordering_fields=["account", "service", "amount"], ordering=["account", "id"],
            serializer_class=s.ChargeSerializer)
    def charges(self, request, pk=None):
        """The run's lines, with their explanations in the language of the request."""
        return self.list(request)


class LedgerEntryViewSet(ReadOnlyTenantViewSet):
    """The ledger: every signed movement on the accounts. Read-only: a correction is a new
    entry (an adjustment, or a run that reverses what it replaces)."""

    model = LedgerEntry
    serializer_class = s.LedgerEntrySerializer
    filterset_class = LedgerEntryFilterSet
    select_related = ("account", "charge", "reverses__charge")
    ordering_fields = ["created_at", "amount", "kind"]
    ordering = ["account", "created_at", "id"]


class ReceiptViewSet(ReadOnlyTenantViewSet):
    """Issued receipts (read-only; a reissue is a new version of the same number)."""

    model = Receipt
    serializer_class = s.ReceiptSerializer
    filterset_class = ReceiptFilterSet
    ordering_fields = ["number", "version", "amount_due", "due_date", "created_at"]
    ordering = ["-year", "-sequence", "-version"]


class AdjustmentViewSet(RestrictedMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin,
                        mixins.CreateModelMixin, viewsets.GenericViewSet):
    """Manual adjustments. POST records one: it is posted at once, or waits (`pending`) when
    its amount is above the organization's threshold, until another person approves or rejects
    it."""

    model = Adjustment
    serializer_class = s.AdjustmentSerializer
    filterset_class = AdjustmentFilterSet
    select_related = ("account", "service")
    http_method_names = ["get", "post", "head", "options"]
    ordering_fields = ["created_at", "amount", "status"]
    ordering = ["-created_at"]

    def _decide(self, request, approve: bool):
        adjustment = adjustment_decide(access=request.access, adjustment=self.get_object(),
                                       approve=approve)
        return Response(self.get_serializer(adjustment).data)

    @extend_schema(request=None, operation_id="adjustments_approve",
                   description=_("Post a pending adjustment (approve right; not its requester)."))
    @action(detail=True, methods=["post"], access_action=Action.APPROVE)
    def approve(self, request, pk=None):
        return self._decide(request, approve=True)

    @extend_schema(request=None, operation_id="adjustments_reject",
                   description=_("Reject a pending adjustment (approve right; not its "
                                 "requester)."))
    @action(detail=True, methods=["post"], access_action=Action.APPROVE)
    def reject(self, request, pk=None):
        return self._decide(request, approve=False)


class AbsenceViewSet(TenantViewSet):
    """Temporary absences of registered residents, with their documents."""

    model = Absence
    serializer_class = s.AbsenceSerializer
    filterset_class = AbsenceFilterSet
    select_related = ("account",)
    ordering_fields = ["date_from", "date_to", "created_at"]
    ordering = ["-date_from", "id"]


class InterruptionViewSet(TenantViewSet):
    """Service interruptions and low quality in buildings: charges are reduced for the time."""

    model = Interruption
    serializer_class = s.InterruptionSerializer
    filterset_class = InterruptionFilterSet
    ordering_fields = ["date_from", "date_to", "created_at"]
    ordering = ["-date_from", "id"]


class BillingSettingsViewSet(RestrictedMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin,
                             mixins.UpdateModelMixin, viewsets.GenericViewSet):
    """The organization's billing settings (the list has exactly one: the defaults are
    recorded on first use)."""

    model = BillingSettings
    serializer_class = s.BillingSettingsSerializer
    ordering_fields = ["id"]
    ordering = ["id"]

    def list(self, request, *args, **kwargs):
        billing_settings(request.access.organization)
        return super().list(request, *args, **kwargs)


@extend_schema(parameters=[
    OpenApiParameter("account_pk", OpenApiTypes.INT, OpenApiParameter.PATH,
                     description=_("The account's id.")),
    OpenApiParameter("from", OpenApiTypes.STR, OpenApiParameter.QUERY, pattern=r"^\d{4}-\d{2}$",
                     description=_("The first month, YYYY-MM (default: eleven months before "
                                   "the last).")),
    OpenApiParameter("to", OpenApiTypes.STR, OpenApiParameter.QUERY, pattern=r"^\d{4}-\d{2}$",
                     description=_("The last month, YYYY-MM (default: the current period).")),
])
class StatementViewSet(RestrictedMixin, viewsets.GenericViewSet):
    """An account's statement: `GET /api/v1/accounts/{id}/statement/?from=2026-01&to=2026-11`.
    Needs the billing view right and the account within reach."""

    # Statements are read from the balance snapshots and the entries after them; the model
    # names the route and the area (billing) the permission asks about.
    model = BalanceSnapshot
    serializer_class = s.StatementSerializer
    filter_backends: list = []
    pagination_class = None

    @extend_schema(operation_id="accounts_statement", responses={
        200: s.StatementSerializer,
        400: OpenApiResponse(VALIDATION_ERROR, description=_("A month not written YYYY-MM, or "
                                                             "the last before the first."))})
    @action(detail=False, methods=["get"])
    def statement(self, request, account_pk=None):
        access = request.access
        account = restricted_or_404(Account.objects.restrict(access), account_pk)
        form = StatementForm(request.query_params)
        if not form.is_valid():
            raise serializers.ValidationError(form.errors)
        organization = access.organization
        first, last = form.months(selectors.current_month(organization))
        statement = ledger.statement(account, selectors.period_of(organization, first),
                                     selectors.period_of(organization, last))
        selectors.entry_explanations(statement.entries, get_language() or "en")
        return Response(s.StatementSerializer({
            "account": account, "start": f"{first:%Y-%m}", "end": f"{last:%Y-%m}",
            "opening": statement.opening, "closing": statement.closing,
            "services": statement.services, "total": selectors.statement_total(statement),
            "entries": statement.entries}).data)


ROUTES = [
    ("billing-periods", BillingPeriodViewSet),
    ("billing-runs", BillingRunViewSet),
    ("ledger-entries", LedgerEntryViewSet),
    ("receipts", ReceiptViewSet),
    ("adjustments", AdjustmentViewSet),
    ("absences", AbsenceViewSet),
    ("interruptions", InterruptionViewSet),
    ("billing-settings", BillingSettingsViewSet),
    (r"accounts/(?P<account_pk>[^/.]+)", StatementViewSet),  # …/{id}/statement/
]
