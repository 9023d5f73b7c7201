"""Serializers of the billing API. Rows a run or the ledger writes are read-only here; a run is
created (and computed) from a month and a scope; an adjustment goes through its service."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from abonent.billing import explain
from abonent.billing.choices import RunScope, RunStatus
from abonent.billing.models import (
    Absence,
    AccountBill,
    Adjustment,
    BillingPeriod,
    BillingRun,
    BillingSettings,
    Charge,
    Interruption,
    LedgerEntry,
    Receipt,
)
from abonent.billing.runs import period_for, run_cancel, run_compute, run_create
from abonent.billing.services import adjustment_request
from abonent.core.api.base import TenantModelSerializer


def read_only(serializer_class):
    """Every field of the serializer read-only (rows the ledger and the runs write)."""
    meta = serializer_class.Meta
    meta.read_only_fields = list(meta.fields)
    return serializer_class


@read_only
class BillingPeriodSerializer(TenantModelSerializer):
    """A month of billing: open while it takes charges and corrections, then closed."""

    class Meta:
        model = BillingPeriod
        fields = ["id", "display", "start", "end", "status", "closed_at", "closed_by",
                  "created_at", "updated_at"]


class BillingRunSerializer(TenantModelSerializer):
    """A billing of one month for the organization, a building or chosen accounts."""

    month = serializers.DateField(
        write_only=True, input_formats=["%Y-%m"],
        help_text=_("The month to bill, YYYY-MM (its period is opened on first use)."))
    progress_percent = serializers.IntegerField(read_only=True)
    full = serializers.BooleanField(
        write_only=True, default=False,
        help_text=_("Rate every account; by default a period issued before is rated again "
                    "only where its inputs changed since."))

    class Meta:
        model = BillingRun
        fields = ["id", "display", "month", "full", "period", "scope", "building", "accounts",
                  "status", "created_by", "approved_by", "approved_at", "issued_at",
                  "chunks_total", "chunks_done", "accounts_total", "progress_percent",
                  "summary", "error", "created_at", "updated_at"]
        read_only_fields = ["period", "status", "created_by", "approved_by", "approved_at",
                            "issued_at", "chunks_total", "chunks_done", "accounts_total",
                            "summary", "error"]

    def validate(self, attrs):
        attrs = super().validate(attrs)
        scope = attrs.get("scope", RunScope.ORGANIZATION)
        if scope == RunScope.BUILDING and not attrs.get("building"):
            raise serializers.ValidationError({"building": [_("Choose the building to bill.")]})
        if scope == RunScope.ACCOUNTS and not attrs.get("accounts"):
            raise serializers.ValidationError({"accounts": [_("Choose at least one account.")]})
        return attrs

    def create(self, validated_data):
        """Create the run and compute it: in this request without a Celery broker, else on
        the workers (the answer then says ``computing``; follow it with GET)."""
        access = self.access
        month = validated_data["month"]
        if not 1900 <= month.year <= 2200:
            raise serializers.ValidationError({"month": [_("Enter a month between 1900 and "
                                                           "2200.")]})
        scope = validated_data.get("scope", RunScope.ORGANIZATION)
        try:
            run = run_create(access=access, period=period_for(access.organization, month),
                             scope=scope,
                             building=validated_data.get("building") if scope ==
                             RunScope.BUILDING else None,
                             accounts=validated_data.get("accounts", ()) if scope ==
                             RunScope.ACCOUNTS else ())
        except ValidationError as exc:
            if hasattr(exc, "error_dict") and "period" in exc.error_dict:
                exc.error_dict["month"] = exc.error_dict.pop("period")
            raise
        run = run_compute(run, full=validated_data.get("full", False))
        if run.status == RunStatus.PREVIEW and run.accounts_total == 0:
            # an empty run has nothing to review: it is cancelled and the client told why
            run_cancel(run, access=access)
            raise serializers.ValidationError({"scope": [_(
                "No account to bill in this scope for %(period)s; the run was cancelled.")
                % {"period": run.period}]})
        return run


@read_only
class AccountBillSerializer(TenantModelSerializer):
    """An account's result in a run, against the previous period, with what to review."""

    account_number = serializers.CharField(source="account.number")
    difference = serializers.DecimalField(max_digits=14, decimal_places=2, help_text=_(
        "The total minus the previous period's (from zero when there was none)."))
    flags = serializers.ListField(child=serializers.CharField())

    class Meta:
        model = AccountBill
        fields = ["id", "display", "run", "account", "account_number", "total",
                  "previous_total", "difference", "flags", "changed"]


@read_only
class ChargeSerializer(TenantModelSerializer):
    """A computed line of a run, its explanation as data and as text."""

    service_code = serializers.CharField(source="service.code")
    explanation_text = serializers.SerializerMethodField(help_text=_(
        "The explanation in the language of the request (Accept-Language)."))

    class Meta:
        model = Charge
        fields = ["id", "run", "account", "service", "service_code", "period", "kind",
                  "quantity", "amount", "tax_amount", "explanation", "explanation_text",
                  "text"]

    def get_explanation_text(self, charge) -> str:
        return explain.render_json(charge.explanation, get_language() or "en") or charge.text


@read_only
class LedgerEntrySerializer(TenantModelSerializer):
    """A signed movement on an account (positive is owed); never changed, only corrected."""

    explanation_text = serializers.SerializerMethodField(help_text=_(
        "The explanation in the language of the request (Accept-Language): a run's line and "
        "its reversal from the charge line's data, else the text stored with the entry."))

    class Meta:
        model = LedgerEntry
        fields = ["id", "display", "account", "service", "period", "service_period", "kind",
                  "amount", "tax_amount", "text", "explanation_text", "run", "charge",
                  "reverses", "posted_by", "created_at"]

    def get_explanation_text(self, entry) -> str:
        charge = entry.charge or (entry.reverses.charge if entry.reverses else None)
        return (explain.render_json(charge.explanation, get_language() or "en")
                if charge is not None else "") or entry.text


@read_only
class ReceiptSerializer(TenantModelSerializer):
    """An issued receipt; a reissue is a new version under the same number."""

    class Meta:
        model = Receipt
        fields = ["id", "display", "number", "version", "year", "sequence", "account",
                  "period", "run", "opening_balance", "charged", "amount_due", "due_date",
                  "created_at"]


class AdjustmentSerializer(TenantModelSerializer):
    """A manual correction with its reason; above the threshold it waits for a second
    person's approval (`POST …/{id}/approve/` or `…/reject/`)."""

    class Meta:
        model = Adjustment
        fields = ["id", "display", "account", "service", "service_period", "amount", "reason",
                  "status", "requested_by", "decided_by", "entry", "created_at", "updated_at"]
        read_only_fields = ["status", "requested_by", "decided_by", "entry"]

    def save_instance(self, instance):
        return adjustment_request(access=self.access, adjustment=instance)


class AbsenceSerializer(TenantModelSerializer):
    """A registered resident away, with a document: per-resident services stop for the days."""

    class Meta:
        model = Absence
        fields = ["id", "display", "account", "person", "persons", "date_from", "date_to",
                  "document_ref", "created_at", "updated_at"]


class InterruptionSerializer(TenantModelSerializer):
    """A service off or below standard in a building; its charges are reduced for the time."""

    class Meta:
        model = Interruption
        fields = ["id", "display", "building", "service", "kind", "date_from", "date_to",
                  "hours", "reduction_percent", "reason", "created_at", "updated_at"]


class BillingSettingsSerializer(TenantModelSerializer):
    """How the organization bills: estimates, spikes, benefits, approvals, due dates."""

    class Meta:
        model = BillingSettings
        fields = ["id", "display", "benefit_combine", "estimate_min_months",
                  "estimate_max_months", "estimate_max_periods", "norm_factor_missing",
                  "norm_factor_unverified", "spike_multiple", "spike_action",
                  "big_change_percent", "approval_threshold", "due_day", "updated_at"]


# --- the statement ------------------------------------------------------------------------

MONEY = {"max_digits": 14, "decimal_places": 2}


class StatementServiceSerializer(serializers.Serializer):
    service = serializers.IntegerField(source="service.pk", allow_null=True, default=None)
    service_code = serializers.CharField(source="service.code", allow_null=True, default=None)
    opening = serializers.DecimalField(**MONEY)
    charged = serializers.DecimalField(**MONEY)
    benefits = serializers.DecimalField(**MONEY)
    adjustments = serializers.DecimalField(**MONEY)
    paid = serializers.DecimalField(**MONEY)
    penalties = serializers.DecimalField(**MONEY)
    closing = serializers.DecimalField(**MONEY)


class StatementEntrySerializer(serializers.Serializer):
    id = serializers.IntegerField()
    date = serializers.SerializerMethodField()
    period = serializers.CharField(source="period.__str__", help_text=_("Posted in (YYYY-MM)."))
    service_period = serializers.CharField(source="service_period.__str__",
                                           help_text=_("For the period (YYYY-MM)."))
    service = serializers.IntegerField(source="service_id", allow_null=True)
    kind = serializers.CharField()
    amount = serializers.DecimalField(**MONEY)
    explanation = serializers.CharField(source="explanation_text")

    def get_date(self, entry) -> str:
        return timezone.localtime(entry.created_at).date().isoformat()


class StatementSerializer(serializers.Serializer):
    """An account's opening balance, every entry, and the closing balance per service and in
    total, over a range of months (both included)."""

    account = serializers.IntegerField(source="account.pk")
    start = serializers.CharField(help_text=_("The first month, YYYY-MM."))
    end = serializers.CharField(help_text=_("The last month, YYYY-MM."))
    opening = serializers.DecimalField(**MONEY)
    closing = serializers.DecimalField(**MONEY)
    services = StatementServiceSerializer(many=True)
    total = StatementServiceSerializer()
    entries = StatementEntrySerializer(many=True)
