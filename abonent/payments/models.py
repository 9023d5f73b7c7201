"""Payments: money in, each posted exactly once, and the debts each one paid.

A ``Payment`` is unique per organization, source and external id: the same payment delivered
twice (a statement imported again, a webhook retried, a double click at the cash desk) finds
the first one instead of posting again. Its money lives in the ledger: one ``payment`` entry per
debt it paid and one for the credit left over, each linked through an ``Allocation``. A posted
payment is never edited; a reversal posts reversing entries with a reason.
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from abonent.billing.models import MONEY
from abonent.core.tenancy import TenantModel
from abonent.payments.choices import (
    AllocationKind,
    Channel,
    LineStatus,
    PaymentStatus,
    PenaltyPreset,
    StatementFormat,
    Strategy,
)
from abonent.payments.providers.choices import DeliveryStatus, EventStatus


class PaymentSettings(TenantModel):
    """How an organization applies payments (one row per organization, made on first use)."""

    strategy = models.CharField(_("order of paying debts"), max_length=20,
                                choices=Strategy.choices, default=Strategy.OLDEST_FIRST)

    permission_area = "payment"

    class Meta:
        verbose_name = _("payment settings")
        verbose_name_plural = _("payment settings")
        constraints = [models.UniqueConstraint(fields=["organization"],
                                               name="payment_settings_unique")]

    def __str__(self) -> str:
        return str(_("Payment settings"))

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("payments:settings")


class Payment(TenantModel):
    account = models.ForeignKey("accounts.Account", on_delete=models.PROTECT,
                                related_name="payments", verbose_name=_("account"))
    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices)
    source = models.CharField(
        _("source"), max_length=60,
        help_text=_("Where the payment came from: the cash desk, a bank statement, a provider."))
    external_id = models.CharField(
        _("external id"), max_length=140,
        help_text=_("The payment's id at its source; the same id is never posted twice."))
    amount = models.DecimalField(_("amount"), validators=[MinValueValidator(Decimal("0.01"))],
                                 **MONEY)
    value_date = models.DateField(_("value date"),
                                  help_text=_("The day the money counts from (penalties stop "
                                              "growing on what it paid)."))
    received_at = models.DateTimeField(_("received at"), default=timezone.now)
    payer_name = models.CharField(_("payer"), max_length=200, blank=True)
    reference = models.CharField(_("payment reference"), max_length=200, blank=True)
    strategy = models.CharField(_("order of paying debts"), max_length=20,
                                choices=Strategy.choices)
    #: why it paid what it paid: an explanation (``billing.explain`` JSON), shown translated
    allocation_reason = models.JSONField(_("how it was applied"), default=dict, blank=True)
    period = models.ForeignKey("billing.BillingPeriod", on_delete=models.PROTECT,
                               related_name="+", verbose_name=_("posted in"))
    status = models.CharField(_("status"), max_length=10, choices=PaymentStatus.choices,
                              default=PaymentStatus.POSTED)
    posted_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                  on_delete=models.PROTECT, related_name="+",
                                  verbose_name=_("posted by"))
    reversal_reason = models.TextField(_("reason for the reversal"), blank=True)
    reversed_at = models.DateTimeField(_("reversed at"), null=True, blank=True)
    reversed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                    on_delete=models.PROTECT, related_name="+",
                                    verbose_name=_("reversed by"))

    permission_area = "payment"
    branch_path = "account__unit__building__branch"

    class Meta:
        verbose_name = _("payment")
        verbose_name_plural = _("payments")
        ordering = ["-received_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["organization", "source", "external_id"],
                                    name="payment_once_per_source"),
        ]
        indexes = [models.Index(fields=["account", "value_date"], name="payment_account_day")]

    def __str__(self) -> str:
        return f"{self.account} · {self.amount} · {self.value_date}"


class Allocation(TenantModel):
    """One part of a payment: the debt it paid (a service and period) or the credit left."""

    payment = models.ForeignKey(Payment, on_delete=models.PROTECT, related_name="allocations",
                                verbose_name=_("payment"))
    entry = models.OneToOneField("billing.LedgerEntry", on_delete=models.PROTECT,
                                 related_name="allocation", verbose_name=_("ledger entry"))
    kind = models.CharField(_("paid"), max_length=10, choices=AllocationKind.choices)

    permission_area = "payment"
    branch_path = "payment__account__unit__building__branch"
    audited = False  # the payment's own audit row and the ledger entry are the record

    class Meta:
        verbose_name = _("allocation")
        verbose_name_plural = _("allocations")
        ordering = ["payment", "pk"]

    def __str__(self) -> str:
        return f"{self.payment_id} · {self.get_kind_display()}"

    @property
    def paid(self) -> Decimal:
        """What this part paid (its ledger entry is the negative of it)."""
        return -self.entry.amount


class CsvMappingRecord(TenantModel):
    """A bank's CSV layout, saved by name (``abonent.payments.statements.CsvMapping``)."""

    name = models.CharField(_("name"), max_length=60)
    mapping = models.JSONField(_("mapping"), default=dict)

    permission_area = "payment"

    class Meta:
        verbose_name = _("CSV mapping")
        verbose_name_plural = _("CSV mappings")
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["organization", "name"],
                                               name="csv_mapping_name_unique")]

    def __str__(self) -> str:
        return self.name


class StatementImport(TenantModel):
    """One bank file imported: its totals, reconciled against its balances, and its lines."""

    file_name = models.CharField(_("file"), max_length=255)
    file_sha256 = models.CharField(_("file checksum"), max_length=64, db_index=True)
    format = models.CharField(_("format"), max_length=10, choices=StatementFormat.choices)
    statement_account = models.CharField(_("bank account"), max_length=64, blank=True)
    currency = models.CharField(_("currency"), max_length=3, blank=True)
    opening_balance = models.DecimalField(_("opening balance"), null=True, blank=True, **MONEY)
    closing_balance = models.DecimalField(_("closing balance"), null=True, blank=True, **MONEY)
    credits = models.DecimalField(_("credits"), default=Decimal("0.00"), **MONEY)
    debits = models.DecimalField(_("debits"), default=Decimal("0.00"), **MONEY)
    lines_total = models.PositiveIntegerField(_("lines"), default=0)
    posted = models.PositiveIntegerField(_("posted"), default=0)
    posted_amount = models.DecimalField(_("amount posted"), default=Decimal("0.00"), **MONEY)
    duplicates = models.PositiveIntegerField(_("already posted"), default=0)
    queued = models.PositiveIntegerField(_("waiting for a person"), default=0)
    skipped = models.PositiveIntegerField(_("not payments"), default=0)
    imported_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                    on_delete=models.PROTECT, related_name="+",
                                    verbose_name=_("imported by"))

    permission_area = "payment"

    class Meta:
        verbose_name = _("statement import")
        verbose_name_plural = _("statement imports")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.file_name} · {self.created_at:%Y-%m-%d}" if self.created_at else \
            self.file_name


class StatementLine(TenantModel):
    """A line of an imported file: posted, already posted, skipped, or waiting for a person
    to choose its account (the unmatched queue)."""

    statement = models.ForeignKey(StatementImport, on_delete=models.PROTECT,
                                  related_name="lines", verbose_name=_("statement import"))
    index = models.PositiveIntegerField(_("line"))
    external_id = models.CharField(_("external id"), max_length=140)
    booking_date = models.DateField(_("booking date"), null=True, blank=True)
    value_date = models.DateField(_("value date"))
    amount = models.DecimalField(_("amount"), **MONEY)
    payer_name = models.CharField(_("payer"), max_length=200, blank=True)
    payer_account = models.CharField(_("payer's account"), max_length=64, blank=True)
    reference = models.CharField(_("payment reference"), max_length=200, blank=True)
    text = models.TextField(_("remittance text"), blank=True)
    status = models.CharField(_("status"), max_length=10, choices=LineStatus.choices)
    account = models.ForeignKey("accounts.Account", null=True, blank=True,
                                on_delete=models.PROTECT, related_name="+",
                                verbose_name=_("account"))
    confidence = models.PositiveSmallIntegerField(_("confidence"), default=0)
    reason = models.CharField(_("reason"), max_length=30, blank=True)
    reason_params = models.JSONField(default=dict, blank=True)
    payment = models.ForeignKey(Payment, null=True, blank=True, on_delete=models.PROTECT,
                                related_name="+", verbose_name=_("payment"))

    permission_area = "payment"
    audited = False  # written in bulk by an import; a person's match is audited as a payment

    class Meta:
        verbose_name = _("statement line")
        verbose_name_plural = _("statement lines")
        ordering = ["statement", "index"]
        indexes = [models.Index(fields=["organization", "status"], name="statement_line_queue")]

    def __str__(self) -> str:
        return f"{self.statement_id}/{self.index} · {self.amount}"


class PenaltySettings(TenantModel):
    """The organization's late-payment penalty rule (docs/penalties.md), one row per
    organization, made on first use. Penalties are posted by the billing run on ``service``."""

    preset = models.CharField(_("rule"), max_length=30, choices=PenaltyPreset.choices,
                              default=PenaltyPreset.NONE)
    service = models.ForeignKey(
        "tariffs.Service", null=True, blank=True, on_delete=models.PROTECT, related_name="+",
        verbose_name=_("penalty service"),
        help_text=_("The service penalties are posted on (a service of its own, without "
                    "subscriptions)."))
    grace_days = models.PositiveSmallIntegerField(
        _("grace days"), default=0,
        help_text=_("Days after the due date without penalty (the fixed daily rule)."))
    daily_percent = models.DecimalField(_("percent a day"), max_digits=7, decimal_places=4,
                                        default=Decimal("0.1000"),
                                        validators=[MinValueValidator(Decimal(0))])
    fine_percent = models.DecimalField(_("one-off fine, %"), max_digits=5, decimal_places=2,
                                       default=Decimal("2.00"),
                                       validators=[MinValueValidator(Decimal(0))])
    monthly_percent = models.DecimalField(_("interest a month, %"), max_digits=5,
                                          decimal_places=2, default=Decimal("1.00"),
                                          validators=[MinValueValidator(Decimal(0))])
    cap_percent = models.DecimalField(
        # xgettext:no-python-format
        _("cap, % of the debt"), max_digits=6, decimal_places=2, null=True, blank=True,
        validators=[MinValueValidator(Decimal("0.01"))],
        help_text=_("A debt's penalty never exceeds this share of the debt; empty: no cap."))
    minimum = models.DecimalField(
        _("minimum to post"), null=True, blank=True, validators=[MinValueValidator(0)],
        help_text=_("A month's penalty below this is carried to a later month."), **MONEY)

    permission_area = "payment"

    class Meta:
        verbose_name = _("penalty settings")
        verbose_name_plural = _("penalty settings")
        constraints = [models.UniqueConstraint(fields=["organization"],
                                               name="penalty_settings_unique")]

    def __str__(self) -> str:
        return str(self.get_preset_display())

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("payments:penalties")


class ReferenceRate(TenantModel):
    """An annual reference rate from a date (the central bank's key rate), for penalty rules
    that take a fraction of it."""

    effective_from = models.DateField(_("effective from"))
    percent = models.DecimalField(_("rate, % a year"), max_digits=6, decimal_places=2,
                                  validators=[MinValueValidator(Decimal(0))])
    source = models.CharField(_("source"), max_length=200, blank=True)

    permission_area = "payment"

    class Meta:
        verbose_name = _("reference rate")
        verbose_name_plural = _("reference rates")
        ordering = ["-effective_from"]
        constraints = [models.UniqueConstraint(fields=["organization", "effective_from"],
                                               name="reference_rate_day_unique")]

    def __str__(self) -> str:
        return f"{self.effective_from}: {self.percent}%"


# Online payment providers (abonent/payments/providers/, docs/payment-providers.md)

class PaymentProvider(TenantModel):
    """An online payment provider as one organization uses it: its code in the provider
    registry, whether it takes payments, the secret its webhooks are signed with, and the
    provider's own settings. The secret is stored; the pages only ever show its last
    characters (``secret_hint``), and the audit trail records that it changed, not its value."""

    code = models.CharField(_("provider"), max_length=30,
                            help_text=_("The provider's code in the provider registry."))
    is_active = models.BooleanField(_("active"), default=True, help_text=_(
        "An inactive provider takes no checkouts and its webhooks are refused."))
    secret = models.CharField(_("webhook secret"), max_length=200)
    secret_hint = models.CharField(_("webhook secret"), max_length=12, editable=False,
                                   blank=True)
    settings = models.JSONField(_("settings"), default=dict, blank=True, help_text=_(
        "The provider's own settings (a merchant id, a mode), as JSON."))

    permission_area = "payment"
    audit_exclude = ("created_at", "updated_at", "secret")

    class Meta:
        verbose_name = _("payment provider")
        verbose_name_plural = _("payment providers")
        ordering = ["code"]
        constraints = [models.UniqueConstraint(fields=["organization", "code"],
                                               name="payment_provider_once")]

    def __str__(self) -> str:
        from abonent.payments.providers import registry

        return registry.label(self.code)

    @property
    def name(self) -> str:
        """The provider's name in the registry (what staff read)."""
        return str(self)

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("providers:paymentprovider_detail", args=[self.pk])

    def clean(self) -> None:
        from django.core.exceptions import ValidationError

        from abonent.payments.providers import registry

        if self.code and not registry.known(self.code):
            raise ValidationError({"code": _("No provider with this code is installed.")})
        if not isinstance(self.settings, dict):
            raise ValidationError({"settings": _("The settings are a JSON object.")})

    def save(self, *args, **kwargs):
        self.secret_hint = "…" + self.secret[-4:] if self.secret else ""
        if kwargs.get("update_fields") is not None and "secret" in kwargs["update_fields"]:
            kwargs["update_fields"] = {*kwargs["update_fields"], "secret_hint"}
        super().save(*args, **kwargs)


class WebhookDelivery(TenantModel):
    """One webhook delivery that reached a provider of the organization, good or bad.

    ``delivery_key`` identifies the delivery (the provider's delivery id, or a hash of the
    signature header and body): it is unique per provider, so the same delivery re-sent finds
    this row (``attempts`` grows) and never posts twice. A verified delivery and a rejected one
    never share a key (``id:``/``sig:`` against ``bad:``)."""

    provider = models.ForeignKey(PaymentProvider, on_delete=models.PROTECT,
                                 related_name="deliveries", verbose_name=_("provider"))
    delivery_key = models.CharField(_("delivery"), max_length=200)
    received_at = models.DateTimeField(_("received at"), default=timezone.now)
    last_received_at = models.DateTimeField(_("last received at"), default=timezone.now)
    attempts = models.PositiveIntegerField(_("attempts"), default=1)
    status = models.CharField(_("status"), max_length=16, choices=DeliveryStatus.choices,
                              default=DeliveryStatus.RECEIVED)
    http_status = models.PositiveSmallIntegerField(_("answer"), default=0)
    event = models.CharField(_("event"), max_length=10, choices=EventStatus.choices,
                             blank=True)
    external_id = models.CharField(_("provider's payment id"), max_length=140, blank=True)
    amount = models.DecimalField(_("amount"), null=True, blank=True, **MONEY)
    account_reference = models.CharField(_("account reference"), max_length=64, blank=True)
    payment = models.ForeignKey(Payment, null=True, blank=True, on_delete=models.PROTECT,
                                related_name="+", verbose_name=_("payment"))
    error = models.TextField(_("error"), blank=True)
    body = models.TextField(_("body"), blank=True)

    permission_area = "payment"
    audited = False  # every delivery is its own record; the payment it posts is audited

    class Meta:
        verbose_name = _("webhook delivery")
        verbose_name_plural = _("webhook deliveries")
        ordering = ["-received_at", "-pk"]
        constraints = [models.UniqueConstraint(fields=["provider", "delivery_key"],
                                               name="webhook_delivery_once")]
        indexes = [models.Index(fields=["organization", "received_at"],
                                name="webhook_delivery_recent")]

    def __str__(self) -> str:
        return f"{self.provider_id} · {self.external_id or self.delivery_key[:16]}"

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("providers:webhookdelivery_detail", args=[self.pk])
