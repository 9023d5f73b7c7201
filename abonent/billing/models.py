"""Billing: settings, periods, runs and their lines, the ledger, receipts and corrections.

Posted ledger entries, issued receipts and a run's issued lines are never edited or deleted
(the models refuse it and database triggers back that up); a correction is a new entry.
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from abonent.billing.choices import (
    AdjustmentStatus,
    BenefitCombine,
    ChunkStatus,
    EntryKind,
    InterruptionKind,
    PeriodStatus,
    RunScope,
    RunStatus,
    SpikeAction,
    UsageBasis,
)
from abonent.core.tenancy import TenantModel
from abonent.core.validators import non_negative

MONEY = {"max_digits": 14, "decimal_places": 2}
QUANTITY = {"max_digits": 18, "decimal_places": 6}
FACTOR = {"max_digits": 6, "decimal_places": 2, "validators": [non_negative]}


class ImmutableRow(TenantModel):
    """A row that is written once: saving it again or deleting it is refused."""

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if self.pk is not None and not self._state.adding:
            raise ValidationError(_("%(model)s rows are never changed; post a correction.")
                                  % {"model": self._meta.verbose_name})
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValidationError(_("%(model)s rows are never deleted; post a correction.")
                              % {"model": self._meta.verbose_name})


class BillingSettings(TenantModel):
    """How an organization bills: estimation, validation, benefits, approvals, due dates."""

    benefit_combine = models.CharField(_("several benefits on one service"), max_length=10,
                                       choices=BenefitCombine.choices,
                                       default=BenefitCombine.MAX)
    estimate_min_months = models.PositiveSmallIntegerField(
        _("months of history needed to estimate"), default=3,
        validators=[MinValueValidator(1), MaxValueValidator(12)])
    estimate_max_months = models.PositiveSmallIntegerField(
        _("months averaged for an estimate"), default=6,
        validators=[MinValueValidator(1), MaxValueValidator(12)])
    estimate_max_periods = models.PositiveSmallIntegerField(
        _("consecutive estimated periods before the norm"), default=3,
        validators=[MaxValueValidator(12)])
    norm_factor_missing = models.DecimalField(
        _("norm factor after estimates run out"), default=Decimal("1.00"), **FACTOR)
    norm_factor_unverified = models.DecimalField(
        _("norm factor for an overdue verification"), default=Decimal("1.50"), **FACTOR)
    spike_multiple = models.DecimalField(
        _("spike: times the average consumption"), default=Decimal("3.00"), **FACTOR)
    spike_action = models.CharField(_("a spike is"), max_length=10, choices=SpikeAction.choices,
                                    default=SpikeAction.HOLD)
    big_change_percent = models.PositiveSmallIntegerField(
        _("flag totals that change by more than, %"), default=50)
    approval_threshold = models.DecimalField(
        _("adjustments above this need a second person"), default=Decimal("100.00"),
        validators=[non_negative], **MONEY)
    due_day = models.PositiveSmallIntegerField(
        _("payment due on day of next month"), default=25,
        validators=[MinValueValidator(1), MaxValueValidator(28)])

    permission_area = "billing"

    class Meta:
        verbose_name = _("billing settings")
        verbose_name_plural = _("billing settings")
        constraints = [
            models.UniqueConstraint(fields=["organization"], name="billing_settings_unique"),
        ]

    def __str__(self) -> str:
        return str(_("Billing settings"))

    def clean(self) -> None:
        if self.estimate_min_months and self.estimate_max_months and \
                self.estimate_min_months > self.estimate_max_months:
            raise ValidationError({"estimate_max_months": _(
                "Average over at least as many months as an estimate needs.")})


class BillingPeriod(TenantModel):
    """A month of billing: open while it takes charges and corrections, then closed."""

    start = models.DateField(_("first day"))
    end = models.DateField(_("last day"))
    status = models.CharField(_("status"), max_length=10, choices=PeriodStatus.choices,
                              default=PeriodStatus.OPEN)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    closed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                  on_delete=models.PROTECT, related_name="+",
                                  verbose_name=_("closed by"))

    permission_area = "billing"

    class Meta:
        verbose_name = _("billing period")
        verbose_name_plural = _("billing periods")
        ordering = ["-start"]
        constraints = [
            models.UniqueConstraint(fields=["organization", "start"],
                                    name="billing_period_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.start:%Y-%m}"

    @property
    def is_open(self) -> bool:
        return self.status == PeriodStatus.OPEN


class BillingRun(TenantModel):
    """One billing of a period for the organization, a building or chosen accounts."""

    period = models.ForeignKey(BillingPeriod, on_delete=models.PROTECT, related_name="runs",
                               verbose_name=_("period"))
    scope = models.CharField(_("scope"), max_length=20, choices=RunScope.choices,
                             default=RunScope.ORGANIZATION)
    building = models.ForeignKey("property.Building", null=True, blank=True,
                                 on_delete=models.PROTECT, related_name="+",
                                 verbose_name=_("building"))
    accounts = models.ManyToManyField("accounts.Account", blank=True, related_name="+",
                                      verbose_name=_("accounts"))
    status = models.CharField(_("status"), max_length=10, choices=RunStatus.choices,
                              default=RunStatus.DRAFT)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="+",
                                   verbose_name=_("started by"))
    approved_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                    on_delete=models.PROTECT, related_name="+",
                                    verbose_name=_("approved by"))
    approved_at = models.DateTimeField(_("approved at"), null=True, blank=True)
    issued_at = models.DateTimeField(_("issued at"), null=True, blank=True)
    inputs_read_at = models.DateTimeField(
        _("inputs read at"), null=True, blank=True,
        help_text=_("When the computation started reading tariffs, readings and residents."))
    chunks_total = models.PositiveIntegerField(_("chunks"), default=0)
    chunks_done = models.PositiveIntegerField(_("chunks done"), default=0)
    accounts_total = models.PositiveIntegerField(_("accounts"), default=0)
    summary = models.JSONField(_("summary"), default=dict, blank=True)
    error = models.TextField(_("error"), blank=True)

    permission_area = "billing"
    str_select_related = ("period",)

    class Meta:
        verbose_name = _("billing run")
        verbose_name_plural = _("billing runs")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.period} #{self.pk}"

    @property
    def progress_percent(self) -> int:
        return 100 * self.chunks_done // self.chunks_total if self.chunks_total else 0

    def clean(self) -> None:
        if self.scope == RunScope.BUILDING and not self.building_id:
            raise ValidationError({"building": _("Choose the building to bill.")})
        if self.period_id and not self.period.is_open:
            raise ValidationError({"period": _(
                "The period is closed; bill a correction in the open period.")})


class RunChunk(TenantModel):
    """A slice of a run's accounts (whole buildings) computed and issued as one transaction."""

    run = models.ForeignKey(BillingRun, on_delete=models.CASCADE, related_name="chunks",
                            verbose_name=_("run"))
    number = models.PositiveIntegerField(_("number"))
    account_ids = models.JSONField(_("accounts"), default=list)
    status = models.CharField(_("status"), max_length=10, choices=ChunkStatus.choices,
                              default=ChunkStatus.PENDING)

    permission_area = "billing"
    audited = False

    class Meta:
        verbose_name = _("run chunk")
        verbose_name_plural = _("run chunks")
        ordering = ["run", "number"]
        constraints = [
            models.UniqueConstraint(fields=["run", "number"], name="run_chunk_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.run} · {self.number}"


class AccountBill(TenantModel):
    """An account's result in a run: its total, the previous period's, and what to review."""

    # bulk rows: no index of their own on organization (the run or account narrows first)
    organization = models.ForeignKey("core.Organization", on_delete=models.PROTECT,
                                     related_name="+", editable=False, db_index=False)
    run = models.ForeignKey(BillingRun, on_delete=models.CASCADE, related_name="bills",
                            db_index=False,  # unique with the account
                            verbose_name=_("run"))
    account = models.ForeignKey("accounts.Account", on_delete=models.PROTECT,
                                related_name="bills", verbose_name=_("account"))
    total = models.DecimalField(_("total"), **MONEY)
    previous_total = models.DecimalField(_("previous period"), null=True, blank=True, **MONEY)
    flags = models.JSONField(_("flags"), default=list, blank=True)
    fingerprint = models.CharField(_("inputs fingerprint"), max_length=64)
    changed = models.BooleanField(_("differs from what is posted"), default=True)

    permission_area = "billing"
    audited = False
    branch_path = "account__unit__building__branch"

    class Meta:
        verbose_name = _("account bill")
        verbose_name_plural = _("account bills")
        ordering = ["run", "account"]
        constraints = [
            models.UniqueConstraint(fields=["run", "account"], name="account_bill_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.account} · {self.run}"


class Charge(TenantModel):
    """A computed line of a run for one account and service, with its explanation."""

    # bulk rows: no index of their own on organization (the run or account narrows first)
    organization = models.ForeignKey("core.Organization", on_delete=models.PROTECT,
                                     related_name="+", editable=False, db_index=False)
    run = models.ForeignKey(BillingRun, on_delete=models.CASCADE, related_name="charges",
                            verbose_name=_("run"), db_index=False)  # charge_run_account
    account = models.ForeignKey("accounts.Account", on_delete=models.PROTECT,
                                related_name="charges", verbose_name=_("account"))
    service = models.ForeignKey("tariffs.Service", on_delete=models.PROTECT,
                                related_name="charges", verbose_name=_("service"))
    period = models.ForeignKey(BillingPeriod, on_delete=models.PROTECT, related_name="charges",
                               verbose_name=_("period"), db_index=False)
    kind = models.CharField(_("kind"), max_length=20, choices=EntryKind.choices)
    quantity = models.DecimalField(_("quantity"), **QUANTITY)
    amount = models.DecimalField(_("amount"), **MONEY)
    tax_amount = models.DecimalField(_("tax"), default=Decimal("0.00"), **MONEY)
    explanation = models.JSONField(_("explanation (data)"), default=dict)
    # A run's lines are shown from ``explanation``, in the reader's language; ``text`` is for
    # lines without one.
    text = models.TextField(_("explanation"), blank=True)

    permission_area = "billing"
    audited = False
    branch_path = "account__unit__building__branch"

    class Meta:
        verbose_name = _("charge line")
        verbose_name_plural = _("charge lines")
        ordering = ["run", "account", "service"]
        indexes = [models.Index(fields=["run", "account"], name="charge_run_account")]

    def __str__(self) -> str:
        return f"{self.account} · {self.service_id}: {self.amount}"


class MeterUsage(TenantModel):
    """What a run took as a meter's consumption for the period, and on what basis."""

    # bulk rows: no index of their own on organization (the run or account narrows first)
    organization = models.ForeignKey("core.Organization", on_delete=models.PROTECT,
                                     related_name="+", editable=False, db_index=False)
    run = models.ForeignKey(BillingRun, on_delete=models.CASCADE, related_name="usages",
                            verbose_name=_("run"))
    meter = models.ForeignKey("metering.Meter", on_delete=models.PROTECT,
                              related_name="usages", verbose_name=_("meter"),
                              db_index=False)  # usage_meter_period
    account = models.ForeignKey("accounts.Account", null=True, blank=True,
                                on_delete=models.PROTECT, related_name="+",
                                verbose_name=_("account"))
    period = models.ForeignKey(BillingPeriod, on_delete=models.PROTECT, related_name="+",
                               verbose_name=_("period"))
    basis = models.CharField(_("basis"), max_length=10, choices=UsageBasis.choices)
    start_value = models.DecimalField(_("previous value"), **QUANTITY)
    end_value = models.DecimalField(_("current value"), **QUANTITY)
    consumption = models.DecimalField(_("consumption"), **QUANTITY)
    estimated_periods = models.PositiveSmallIntegerField(
        _("consecutive periods without a reading"), default=0)

    permission_area = "billing"
    audited = False
    branch_path = "meter__building__branch"

    class Meta:
        verbose_name = _("meter usage")
        verbose_name_plural = _("meter usages")
        ordering = ["run", "meter"]
        indexes = [models.Index(fields=["meter", "period"], name="usage_meter_period")]

    def __str__(self) -> str:
        return f"{self.meter_id} · {self.period_id}: {self.consumption}"


class LedgerEntry(ImmutableRow):
    """A signed movement on an account: positive is owed by the payer, negative is a credit.

    ``period`` is where the entry is posted (always an open period); ``service_period`` is the
    period it is for, which differs for a correction of a closed period.
    """

    # bulk rows: no index of their own on organization (the run or account narrows first)
    organization = models.ForeignKey("core.Organization", on_delete=models.PROTECT,
                                     related_name="+", editable=False, db_index=False)
    account = models.ForeignKey("accounts.Account", on_delete=models.PROTECT,
                                related_name="ledger", verbose_name=_("account"),
                                db_index=False)  # ledger_account_period
    service = models.ForeignKey("tariffs.Service", null=True, blank=True,
                                on_delete=models.PROTECT, related_name="+",
                                verbose_name=_("service"))
    period = models.ForeignKey(BillingPeriod, on_delete=models.PROTECT, related_name="entries",
                               verbose_name=_("posted in"))
    service_period = models.ForeignKey(BillingPeriod, on_delete=models.PROTECT,
                                       related_name="+", verbose_name=_("for period"))
    kind = models.CharField(_("kind"), max_length=20, choices=EntryKind.choices)
    amount = models.DecimalField(_("amount"), **MONEY)
    tax_amount = models.DecimalField(_("tax"), default=Decimal("0.00"), **MONEY)
    text = models.TextField(_("explanation"), blank=True)
    run = models.ForeignKey(BillingRun, null=True, blank=True, on_delete=models.PROTECT,
                            related_name="entries", verbose_name=_("run"))
    charge = models.ForeignKey(Charge, null=True, blank=True, on_delete=models.PROTECT,
                               related_name="entries", verbose_name=_("charge line"))
    reverses = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT,
                                 related_name="reversals", verbose_name=_("reverses"))
    posted_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                  on_delete=models.PROTECT, related_name="+",
                                  verbose_name=_("posted by"), db_index=False)

    permission_area = "billing"
    audited = False
    branch_path = "account__unit__building__branch"
    audit_exclude = ("created_at", "updated_at")

    class Meta:
        verbose_name = _("ledger entry")
        verbose_name_plural = _("ledger entries")
        ordering = ["account", "created_at", "pk"]
        indexes = [
            models.Index(fields=["account", "service_period"], name="ledger_account_period"),
        ]

    def __str__(self) -> str:
        return f"{self.account} · {self.get_kind_display()}: {self.amount}"


class ReceiptCounter(TenantModel):
    """The last receipt number used per organization and year (locked while numbering)."""

    year = models.PositiveSmallIntegerField(_("year"))
    last = models.PositiveIntegerField(_("last number"), default=0)

    permission_area = "billing"
    audited = False

    class Meta:
        verbose_name = _("receipt counter")
        verbose_name_plural = _("receipt counters")
        constraints = [
            models.UniqueConstraint(fields=["organization", "year"],
                                    name="receipt_counter_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.year}: {self.last}"


class Receipt(ImmutableRow):
    """An account's payment document for a period; a reissue is a new version, same number."""

    account = models.ForeignKey("accounts.Account", on_delete=models.PROTECT,
                                related_name="receipts", verbose_name=_("account"))
    period = models.ForeignKey(BillingPeriod, on_delete=models.PROTECT,
                               related_name="receipts", verbose_name=_("period"))
    run = models.ForeignKey(BillingRun, on_delete=models.PROTECT, related_name="receipts",
                            verbose_name=_("run"))
    year = models.PositiveSmallIntegerField(_("year"))
    sequence = models.PositiveIntegerField(_("sequence"))
    version = models.PositiveSmallIntegerField(_("version"), default=1)
    number = models.CharField(_("number"), max_length=30)
    opening_balance = models.DecimalField(_("opening balance"), **MONEY)
    charged = models.DecimalField(_("charged"), **MONEY)
    amount_due = models.DecimalField(_("amount due"), **MONEY)
    due_date = models.DateField(_("due date"))

    permission_area = "billing"
    audited = False
    branch_path = "account__unit__building__branch"

    class Meta:
        verbose_name = _("receipt")
        verbose_name_plural = _("receipts")
        ordering = ["-year", "-sequence", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["organization", "year", "sequence", "version"],
                                    name="receipt_number_unique"),
        ]

    def __str__(self) -> str:
        return self.number if self.version == 1 else f"{self.number}/{self.version}"


class BalanceSnapshot(TenantModel):
    """An account's closing balance per service when a period closed (for fast statements)."""

    account = models.ForeignKey("accounts.Account", on_delete=models.CASCADE,
                                related_name="+", verbose_name=_("account"))
    service = models.ForeignKey("tariffs.Service", null=True, blank=True,
                                on_delete=models.PROTECT, related_name="+",
                                verbose_name=_("service"))
    period = models.ForeignKey(BillingPeriod, on_delete=models.CASCADE,
                               related_name="snapshots", verbose_name=_("period"))
    balance = models.DecimalField(_("closing balance"), **MONEY)

    permission_area = "billing"
    audited = False

    class Meta:
        verbose_name = _("balance snapshot")
        verbose_name_plural = _("balance snapshots")
        indexes = [models.Index(fields=["period", "account"], name="snapshot_period_account")]

    def __str__(self) -> str:
        return f"{self.account_id} · {self.period_id}: {self.balance}"


class Adjustment(TenantModel):
    """A manual correction with its reason; above the threshold a second person approves."""

    account = models.ForeignKey("accounts.Account", on_delete=models.PROTECT,
                                related_name="adjustments", verbose_name=_("account"))
    service = models.ForeignKey("tariffs.Service", on_delete=models.PROTECT,
                                related_name="+", verbose_name=_("service"))
    service_period = models.ForeignKey(BillingPeriod, on_delete=models.PROTECT,
                                       related_name="+", verbose_name=_("for period"))
    amount = models.DecimalField(_("amount"), **MONEY,
                                 help_text=_("Positive adds to the debt, negative is a credit."))
    reason = models.CharField(_("reason"), max_length=300)
    status = models.CharField(_("status"), max_length=10, choices=AdjustmentStatus.choices,
                              default=AdjustmentStatus.PENDING)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                     on_delete=models.PROTECT, related_name="+",
                                     verbose_name=_("requested by"))
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="+",
                                   verbose_name=_("decided by"))
    entry = models.ForeignKey(LedgerEntry, null=True, blank=True, on_delete=models.PROTECT,
                              related_name="+", verbose_name=_("ledger entry"))

    permission_area = "billing"
    branch_path = "account__unit__building__branch"
    str_select_related = ("account", "service")

    class Meta:
        verbose_name = _("adjustment")
        verbose_name_plural = _("adjustments")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.account} · {self.service.code}: {self.amount}"

    def clean(self) -> None:
        if self.amount == 0:
            raise ValidationError({"amount": _("An adjustment of zero changes nothing.")})


class Absence(TenantModel):
    """A registered resident away (with a document): per-resident services stop for the days."""

    account = models.ForeignKey("accounts.Account", on_delete=models.CASCADE,
                                related_name="absences", verbose_name=_("account"))
    person = models.ForeignKey("people.Person", null=True, blank=True, on_delete=models.PROTECT,
                               related_name="+", verbose_name=_("resident"))
    persons = models.PositiveSmallIntegerField(_("residents away"), default=1,
                                               validators=[MinValueValidator(1)])
    date_from = models.DateField(_("away from"))
    date_to = models.DateField(_("away until"))
    document_ref = models.CharField(_("document"), max_length=200)

    permission_area = "billing"
    branch_path = "account__unit__building__branch"

    class Meta:
        verbose_name = _("temporary absence")
        verbose_name_plural = _("temporary absences")
        ordering = ["account", "date_from"]

    def __str__(self) -> str:
        return f"{self.account} · {self.date_from:%Y-%m-%d}–{self.date_to:%Y-%m-%d}"

    def clean(self) -> None:
        if self.date_to and self.date_from and self.date_to < self.date_from:
            raise ValidationError({"date_to": _("The end date is before the start date.")})


class Interruption(TenantModel):
    """A service off or below standard in a building: its charges are reduced for the time."""

    building = models.ForeignKey("property.Building", on_delete=models.CASCADE,
                                 related_name="interruptions", verbose_name=_("building"))
    service = models.ForeignKey("tariffs.Service", on_delete=models.PROTECT, related_name="+",
                                verbose_name=_("service"))
    kind = models.CharField(_("kind"), max_length=20, choices=InterruptionKind.choices,
                            default=InterruptionKind.INTERRUPTION)
    date_from = models.DateField(_("from"))
    date_to = models.DateField(_("until"))
    hours = models.DecimalField(
        _("hours affected"), max_digits=7, decimal_places=2, null=True, blank=True,
        validators=[non_negative],
        help_text=_("Leave empty when the whole days are affected."))
    reduction_percent = models.DecimalField(
        _("reduction, %"), max_digits=5, decimal_places=2, default=Decimal("100.00"),
        validators=[non_negative, MaxValueValidator(100)])
    reason = models.CharField(_("reason"), max_length=300)

    permission_area = "billing"
    branch_path = "building__branch"

    class Meta:
        verbose_name = _("service interruption")
        verbose_name_plural = _("service interruptions")
        ordering = ["-date_from"]

    def __str__(self) -> str:
        return f"{self.service_id} · {self.date_from:%Y-%m-%d}"

    def clean(self) -> None:
        if self.date_to and self.date_from and self.date_to < self.date_from:
            raise ValidationError({"date_to": _("The end date is before the start date.")})
