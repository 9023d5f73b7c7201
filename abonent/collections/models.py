"""Collection cases with their stage events, and payment plans with their instalments.

A ``CollectionCase`` follows one account's debt: opened, moved forward through the stages
(reminder, notice, restriction of service, claim) by ``StageEvent`` rows, each with its date,
the person responsible and a note, and closed when the debt is settled or written off. An
account has at most one open case.

A ``PaymentPlan`` is an agreed schedule: a total split into monthly ``Instalment`` rows that add
up to it exactly (``plans.schedule``). Its progress is read from the account's payments, never
stored.
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from abonent.accounts.models import Account
from abonent.billing.models import MONEY
from abonent.collections.choices import PlanStatus, Stage
from abonent.core.tenancy import TenantModel

ACCOUNT_BRANCH = "account__unit__building__branch"


class CollectionCase(TenantModel):
    account = models.ForeignKey("accounts.Account", on_delete=models.PROTECT,
                                related_name="collection_cases", verbose_name=_("account"))
    opened_on = models.DateField(_("opened on"))
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    stage = models.CharField(_("current stage"), max_length=20, choices=Stage.choices,
                             blank=True, editable=False)
    responsible = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                    on_delete=models.PROTECT, related_name="+",
                                    verbose_name=_("responsible"))
    notes = models.TextField(_("notes"), blank=True)

    permission_area = "payment"
    branch_path = ACCOUNT_BRANCH
    close_field = "closed_on"
    str_select_related = ("account",)

    class Meta:
        verbose_name = _("collection case")
        verbose_name_plural = _("collection cases")
        ordering = ["-opened_on", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["account"], condition=Q(closed_on__isnull=True),
                                    name="collection_case_one_open"),
        ]

    def __str__(self) -> str:
        return f"{self.account} · {self.opened_on:%Y-%m-%d}"

    def clean(self) -> None:
        errors = {}
        if self.closed_on and self.opened_on and self.closed_on < self.opened_on:
            errors["closed_on"] = _("A case cannot close before it opened.")
        if self.responsible_id and self.organization_id and not self.responsible.memberships.filter(
                organization_id=self.organization_id, is_active=True).exists():
            errors["responsible"] = _("The responsible person must be a member of the "
                                      "organization.")
        if (self.account_id and self.closed_on is None and CollectionCase.objects.filter(
                account_id=self.account_id, closed_on__isnull=True).exclude(
                pk=self.pk).exists()):
            errors["account"] = _("This account already has an open collection case.")
        if errors:
            raise ValidationError(errors)


class StageEvent(TenantModel):
    """A step taken in a case: a reminder sent, a notice handed over, a service restricted, a
    claim filed."""

    case = models.ForeignKey(CollectionCase, on_delete=models.PROTECT, related_name="events",
                             verbose_name=_("collection case"))
    stage = models.CharField(_("stage"), max_length=20, choices=Stage.choices)
    date = models.DateField(_("date"))
    responsible = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                    on_delete=models.PROTECT, related_name="+",
                                    verbose_name=_("responsible"))
    note = models.TextField(_("note"), blank=True)

    permission_area = "payment"
    branch_path = "case__account__unit__building__branch"
    str_select_related = ("case__account",)

    class Meta:
        verbose_name = _("stage event")
        verbose_name_plural = _("stage events")
        ordering = ["case", "date", "pk"]

    def __str__(self) -> str:
        return f"{self.case.account} · {self.get_stage_display()} · {self.date:%Y-%m-%d}"


class PaymentPlan(TenantModel):
    account = models.ForeignKey("accounts.Account", on_delete=models.PROTECT,
                                related_name="payment_plans", verbose_name=_("account"))
    total = models.DecimalField(_("total agreed"), validators=[
        MinValueValidator(Decimal("0.01"))], **MONEY)
    start = models.DateField(_("start"), help_text=_(
        "Payments from this day count towards the plan; the first instalment is due a month "
        "later."))
    instalments_count = models.PositiveSmallIntegerField(
        _("instalments"), validators=[MinValueValidator(1), MaxValueValidator(120)])
    status = models.CharField(_("status"), max_length=10, choices=PlanStatus.choices,
                              default=PlanStatus.ACTIVE)
    notes = models.TextField(_("notes"), blank=True)

    permission_area = "payment"
    branch_path = ACCOUNT_BRANCH
    str_select_related = ("account",)

    class Meta:
        verbose_name = _("payment plan")
        verbose_name_plural = _("payment plans")
        ordering = ["-start", "-pk"]

    def __str__(self) -> str:
        return f"{self.account} · {self.total} · {self.start:%Y-%m-%d}"

    def clean(self) -> None:
        if self.total is not None and self.instalments_count and \
                self.total < Decimal("0.01") * self.instalments_count:
            raise ValidationError({"total": _("Every instalment must be at least 0.01.")})


class Instalment(TenantModel):
    plan = models.ForeignKey(PaymentPlan, on_delete=models.CASCADE, related_name="instalments",
                             verbose_name=_("payment plan"))
    number = models.PositiveSmallIntegerField(_("number"))
    due_date = models.DateField(_("due date"))
    amount = models.DecimalField(_("amount"), **MONEY)

    permission_area = "payment"
    branch_path = "plan__account__unit__building__branch"
    str_select_related = ("plan__account",)
    audited = False  # written with its plan (the plan's audit row records the agreement)

    class Meta:
        verbose_name = _("instalment")
        verbose_name_plural = _("instalments")
        ordering = ["plan", "number"]
        constraints = [models.UniqueConstraint(fields=["plan", "number"],
                                               name="instalment_number_unique")]

    def __str__(self) -> str:
        return f"{self.plan.account} · {self.number} · {self.due_date:%Y-%m-%d}"


class Debtor(Account):
    """An account seen from collections (the debtors API): governed by the payment rights."""

    permission_area = "payment"
    audited = False  # a view of Account, whose own rows are audited

    class Meta:
        proxy = True
        verbose_name = _("debtor")
        verbose_name_plural = _("debtors")
