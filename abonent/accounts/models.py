"""The personal account (the unit of billing), its registered residents and benefits."""

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from abonent.accounts.choices import Delivery, ResidencyKind
from abonent.billing.choices import NormKind
from abonent.core import checkdigit
from abonent.core.tenancy import TenantModel
from abonent.core.validators import non_negative


def validate_account_number(value: str) -> None:
    if not checkdigit.is_valid(value):
        raise ValidationError(
            _("%(value)s is not a valid account number: digits only, the last one a check digit."),
            params={"value": value})


class Account(TenantModel):
    number = models.CharField(_("account number"), max_length=20,
                              validators=[validate_account_number],
                              help_text=_("Left empty, the next free number is assigned."))
    unit = models.ForeignKey("property.Unit", on_delete=models.PROTECT, related_name="accounts",
                             verbose_name=_("unit"))
    holder = models.ForeignKey("people.Person", on_delete=models.PROTECT,
                               related_name="accounts", verbose_name=_("holder"))
    opened_on = models.DateField(_("opened on"))
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    delivery = models.CharField(_("receipt delivery"), max_length=10, choices=Delivery.choices,
                                default=Delivery.PAPER)
    notes = models.TextField(_("notes"), blank=True)

    permission_area = "account"
    branch_path = "unit__building__branch"
    picker = True  # thousands of rows: chosen through a search, not a long list
    close_field = "closed_on"

    class Meta:
        verbose_name = _("account")
        verbose_name_plural = _("accounts")
        ordering = ["number"]
        constraints = [
            models.UniqueConstraint(fields=["organization", "number"],
                                    name="account_number_unique"),
        ]

    def __str__(self) -> str:
        return self.number

    def clean(self) -> None:
        errors = {}
        if self.closed_on and self.opened_on and self.closed_on < self.opened_on:
            errors["closed_on"] = _("An account cannot close before it opened.")
        if self.delivery == Delivery.EMAIL and self.holder_id and not self.holder.email:
            errors["delivery"] = _("The holder has no e-mail address for electronic receipts.")
        if errors:
            raise ValidationError(errors)


class Resident(TenantModel):
    """A person registered as living at the account's unit over a date range."""

    account = models.ForeignKey(Account, on_delete=models.CASCADE, related_name="residents",
                                verbose_name=_("account"))
    person = models.ForeignKey("people.Person", on_delete=models.PROTECT,
                               related_name="residencies", verbose_name=_("person"))
    kind = models.CharField(_("registration"), max_length=10, choices=ResidencyKind.choices,
                            default=ResidencyKind.PERMANENT)
    date_from = models.DateField(_("registered from"))
    date_to = models.DateField(_("registered until"), null=True, blank=True)

    permission_area = "account"
    branch_path = "account__unit__building__branch"
    close_field = "date_to"

    class Meta:
        verbose_name = _("registered resident")
        verbose_name_plural = _("registered residents")
        ordering = ["account", "date_from"]

    def __str__(self) -> str:
        return f"{self.person} @ {self.account}"

    def clean(self) -> None:
        if self.date_to and self.date_from and self.date_to < self.date_from:
            raise ValidationError({"date_to": _("The end date is before the start date.")})


class BenefitCategory(TenantModel):
    """A privileged category (pensioner, large family, disability, veteran) and its discount."""

    code = models.CharField(_("code"), max_length=30)
    name = models.CharField(_("name"), max_length=200)
    discount_percent = models.DecimalField(
        _("discount, %"), max_digits=5, decimal_places=2,
        validators=[non_negative, MaxValueValidator(100)])
    services = models.ManyToManyField(
        "tariffs.Service", blank=True, related_name="benefit_categories",
        verbose_name=_("services discounted"))
    norm_kind = models.CharField(
        _("social norm"), max_length=20, choices=NormKind.choices, blank=True,
        help_text=_("Leave empty to discount the whole charge."))
    norm_per_person = models.DecimalField(
        _("norm per person"), max_digits=12, decimal_places=4, null=True, blank=True,
        validators=[non_negative],
        help_text=_("m² of the unit or units of consumption per person entitled."))
    description = models.TextField(_("description"), blank=True)
    closed_on = models.DateField(_("discontinued on"), null=True, blank=True)

    permission_area = "benefit"
    close_field = "closed_on"

    class Meta:
        verbose_name = _("benefit category")
        verbose_name_plural = _("benefit categories")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["organization", "code"], name="benefit_code_unique"),
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        if bool(self.norm_kind) != (self.norm_per_person is not None):
            raise ValidationError({"norm_per_person": _(
                "A social norm needs both its kind and its size per person.")})


class BenefitMembership(TenantModel):
    """An account's (or one resident's) entitlement to a benefit category, with its proof."""

    account = models.ForeignKey(Account, on_delete=models.CASCADE, related_name="benefits",
                                verbose_name=_("account"))
    category = models.ForeignKey(BenefitCategory, on_delete=models.PROTECT,
                                 related_name="memberships", verbose_name=_("category"))
    person = models.ForeignKey("people.Person", null=True, blank=True, on_delete=models.PROTECT,
                               related_name="benefits", verbose_name=_("beneficiary"))
    valid_from = models.DateField(_("valid from"))
    valid_to = models.DateField(_("valid until"), null=True, blank=True)
    persons = models.PositiveSmallIntegerField(
        _("persons entitled"), default=1, validators=[MinValueValidator(1)],
        help_text=_("The social norm is per person entitled."))
    document_ref = models.CharField(_("document"), max_length=200,
                                    help_text=_("Certificate number and issuer."))

    permission_area = "account"
    branch_path = "account__unit__building__branch"
    close_field = "valid_to"

    class Meta:
        verbose_name = _("benefit membership")
        verbose_name_plural = _("benefit memberships")
        ordering = ["account", "valid_from"]

    def __str__(self) -> str:
        return f"{self.category} · {self.account}"

    def clean(self) -> None:
        if self.valid_to and self.valid_from and self.valid_to < self.valid_from:
            raise ValidationError({"valid_to": _("The end date is before the start date.")})
