"""Services, their tariffs with versions by date, and which accounts subscribe to them."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from abonent.billing import rating
from abonent.core.tenancy import TenantModel
from abonent.core.validators import non_negative
from abonent.tariffs.choices import (
    ChargeMethod,
    DistributionBasis,
    NegativeRule,
    Scope,
    TaxMode,
    TierMode,
)

RATE = {"max_digits": 14, "decimal_places": 6, "validators": [non_negative]}
QUANTITY = {"max_digits": 14, "decimal_places": 4, "validators": [non_negative]}


class Service(TenantModel):
    """Something billed to accounts (water, heating, maintenance...) and how it is charged."""

    code = models.CharField(_("code"), max_length=30)
    name = models.CharField(_("name"), max_length=200)
    unit = models.CharField(_("unit of measure"), max_length=20,
                            help_text=_("As printed on receipts: m³, kWh, Gcal, m²."))
    method = models.CharField(_("charge method"), max_length=20, choices=ChargeMethod.choices)
    tier_mode = models.CharField(_("band mode"), max_length=20, choices=TierMode.choices,
                                 default=TierMode.INCREMENTAL)
    tiers_per_resident = models.BooleanField(
        _("bands per resident"), default=False,
        help_text=_("Band limits are multiplied by the number of registered residents."))
    tax_rate = models.DecimalField(_("tax rate, %"), max_digits=5, decimal_places=2,
                                   default=Decimal("0.00"),
                                   validators=[non_negative, MaxValueValidator(100)])
    tax_mode = models.CharField(_("tax"), max_length=10, choices=TaxMode.choices,
                                default=TaxMode.INCLUDED)
    base_service = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="common_services",
        verbose_name=_("measured service"),
        help_text=_("Common-meter distribution: the service the building meter measures."))
    distribution = models.CharField(_("distributed"), max_length=10,
                                    choices=DistributionBasis.choices,
                                    default=DistributionBasis.AREA)
    cap_per_unit = models.DecimalField(
        _("cap per unit"), null=True, blank=True, **QUANTITY,
        help_text=_("Common-meter distribution: the most any one unit is given."))
    negative_rule = models.CharField(_("negative difference"), max_length=10,
                                     choices=NegativeRule.choices, default=NegativeRule.ZERO)
    position = models.PositiveSmallIntegerField(_("position on receipts"), default=100)
    closed_on = models.DateField(_("discontinued on"), null=True, blank=True)

    permission_area = "tariff"
    close_field = "closed_on"

    class Meta:
        verbose_name = _("service")
        verbose_name_plural = _("services")
        ordering = ["position", "code"]
        constraints = [
            models.UniqueConstraint(fields=["organization", "code"], name="service_code_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.code} · {self.name}"

    @property
    def is_metered(self) -> bool:
        return self.method in (ChargeMethod.METERED, ChargeMethod.TIERED)

    def clean(self) -> None:
        if self.method == ChargeMethod.COMMON:
            if self.base_service_id is None:
                raise ValidationError({"base_service": _(
                    "A common-meter service names the service its building meter measures.")})
            if self.base_service_id == self.pk or not self.base_service.is_metered:
                raise ValidationError({"base_service": _(
                    "The measured service must be another, metered or tiered, service.")})
        elif self.base_service_id is not None:
            raise ValidationError({"base_service": _(
                "Only a common-meter service has a measured service.")})


class Tariff(TenantModel):
    """The prices of a service for the organization, one building or one account."""

    service = models.ForeignKey(Service, on_delete=models.PROTECT, related_name="tariffs",
                                verbose_name=_("service"))
    scope = models.CharField(_("applies to"), max_length=20, choices=Scope.choices,
                             default=Scope.ORGANIZATION)
    building = models.ForeignKey("property.Building", null=True, blank=True,
                                 on_delete=models.PROTECT, related_name="tariffs",
                                 verbose_name=_("building"))
    account = models.ForeignKey("accounts.Account", null=True, blank=True,
                                on_delete=models.PROTECT, related_name="tariffs",
                                verbose_name=_("account"))
    name = models.CharField(_("name"), max_length=200, blank=True)

    permission_area = "tariff"
    str_select_related = ("service",)

    class Meta:
        verbose_name = _("tariff")
        verbose_name_plural = _("tariffs")
        ordering = ["service", "scope"]

    def __str__(self) -> str:
        target = self.building or self.account or self.get_scope_display()
        return self.name or f"{self.service.code} · {target}"

    def clean(self) -> None:
        errors = {}
        if self.scope == Scope.BUILDING and not self.building_id:
            errors["building"] = _("Choose the building this tariff applies to.")
        if self.scope == Scope.ACCOUNT and not self.account_id:
            errors["account"] = _("Choose the account this tariff applies to.")
        if self.scope != Scope.BUILDING and self.building_id:
            errors["building"] = _("Only a building tariff names a building.")
        if self.scope != Scope.ACCOUNT and self.account_id:
            errors["account"] = _("Only an account tariff names an account.")
        if errors:
            raise ValidationError(errors)


def parse_bands(text: str) -> list[dict[str, str | None]]:
    """``"100: 3.25; 250: 4.10; 5.80"`` → bands up to 100, up to 250, and the rest.

    Raises ValidationError naming the band that is wrong.
    """
    bands: list[dict[str, str | None]] = []
    parts = [part.strip() for part in text.replace("\n", ";").split(";") if part.strip()]
    for number, part in enumerate(parts, start=1):
        limit, _sep, price = part.rpartition(":")
        try:
            up_to = Decimal(limit.strip()) if limit.strip() else None
            rate = Decimal(price.strip())
        except InvalidOperation:
            raise ValidationError(_("Band %(number)s (%(text)s) is not \"limit: rate\"."),
                                  params={"number": number, "text": part}) from None
        bands.append({"up_to": None if up_to is None else str(up_to), "rate": str(rate)})
    return bands


def format_bands(bands: list[dict[str, str | None]]) -> str:
    return "; ".join(f"{band['up_to']}: {band['rate']}" if band["up_to"] is not None
                     else str(band["rate"]) for band in bands)


def rating_bands(bands: list[dict[str, str | None]]) -> tuple[rating.Band, ...]:
    return tuple(rating.Band(up_to=None if band["up_to"] is None else Decimal(band["up_to"]),
                             rate=Decimal(str(band["rate"]))) for band in bands)


class TariffVersion(TenantModel):
    """The prices in force from a date: a rate, a norm, or consumption bands."""

    tariff = models.ForeignKey(Tariff, on_delete=models.CASCADE, related_name="versions",
                               verbose_name=_("tariff"))
    effective_from = models.DateField(_("effective from"))
    effective_until = models.DateField(_("effective until"), null=True, blank=True)
    rate = models.DecimalField(_("rate"), null=True, blank=True, **RATE,
                               help_text=_("Price per unit, per m², per resident or per "
                                           "account, by the service's charge method."))
    norm = models.DecimalField(
        _("norm"), null=True, blank=True, **QUANTITY,
        help_text=_("Monthly consumption per resident for units without a working meter; for "
                    "common-meter services without a building meter, per m² of common area."))
    bands = models.JSONField(_("bands"), default=list, blank=True,
                             help_text=_("Tiered services: limit: rate; ...; rate of the rest."))

    permission_area = "tariff"
    str_select_related = ("tariff__service",)
    close_field = "effective_until"

    class Meta:
        verbose_name = _("tariff version")
        verbose_name_plural = _("tariff versions")
        ordering = ["tariff", "-effective_from"]
        constraints = [
            models.UniqueConstraint(fields=["tariff", "effective_from"],
                                    name="tariff_version_date_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.tariff} · {self.effective_from:%Y-%m-%d}"

    def clean(self) -> None:
        errors: dict[str, object] = {}
        if self.effective_until and self.effective_until < self.effective_from:
            errors["effective_until"] = _("The end date is before the start date.")
        if not self.tariff_id:
            raise ValidationError(errors)
        method = self.tariff.service.method
        if method == ChargeMethod.TIERED:
            if not self.bands:
                errors["bands"] = _("A tiered service needs its bands.")
            else:
                try:
                    rating.tiered(rating.Service("x", "", "GEL"), consumption=Decimal(0),
                                  bands=rating_bands(self.bands))
                except ValueError as exc:
                    errors["bands"] = str(exc)
        elif method == ChargeMethod.NORM and self.norm is None:
            errors["norm"] = _("An unmetered service needs its norm per resident.")
        if method != ChargeMethod.TIERED and self.rate is None:
            errors["rate"] = _("Enter the rate.")
        if errors:
            raise ValidationError(errors)


class Subscription(TenantModel):
    """A service billed to every account of a building, or to one account, over dates."""

    service = models.ForeignKey(Service, on_delete=models.PROTECT,
                                related_name="subscriptions", verbose_name=_("service"))
    building = models.ForeignKey("property.Building", null=True, blank=True,
                                 on_delete=models.CASCADE, related_name="subscriptions",
                                 verbose_name=_("building"),
                                 help_text=_("Every account of the building is billed."))
    account = models.ForeignKey("accounts.Account", null=True, blank=True,
                                on_delete=models.CASCADE, related_name="subscriptions",
                                verbose_name=_("account"))
    date_from = models.DateField(_("from"))
    date_to = models.DateField(_("until"), null=True, blank=True)

    permission_area = "tariff"
    str_select_related = ("service",)
    close_field = "date_to"

    class Meta:
        verbose_name = _("subscription")
        verbose_name_plural = _("subscriptions")
        ordering = ["service", "date_from"]

    def __str__(self) -> str:
        return f"{self.service.code} · {self.building or self.account}"

    def clean(self) -> None:
        if bool(self.building_id) == bool(self.account_id):
            raise ValidationError(_("A subscription is for a building or for one account."))
        if self.date_to and self.date_from and self.date_to < self.date_from:
            raise ValidationError({"date_to": _("The end date is before the start date.")})
