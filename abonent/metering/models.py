"""Meters (in a unit or common to a building) and their readings."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from abonent.core.tenancy import TenantModel
from abonent.core.validators import non_negative
from abonent.metering.choices import ReadingSource, ReadingStatus

VALUE = {"max_digits": 16, "decimal_places": 3, "validators": [non_negative]}


class Meter(TenantModel):
    """An individual meter (of an account's unit) or a common meter (of a building)."""

    service = models.ForeignKey("tariffs.Service", on_delete=models.PROTECT,
                                related_name="meters", verbose_name=_("service"))
    account = models.ForeignKey("accounts.Account", null=True, blank=True,
                                on_delete=models.PROTECT, related_name="meters",
                                verbose_name=_("account"),
                                help_text=_("Empty for a building's common meter."))
    building = models.ForeignKey("property.Building", on_delete=models.PROTECT,
                                 related_name="meters", verbose_name=_("building"))
    serial = models.CharField(_("serial number"), max_length=50)
    digits = models.PositiveSmallIntegerField(
        _("digits"), default=5, validators=[MinValueValidator(1), MaxValueValidator(12)],
        help_text=_("Whole digits on the dial; the meter rolls over to zero after 99…9."))
    multiplier = models.DecimalField(_("multiplier"), max_digits=10, decimal_places=4,
                                     default=Decimal("1.0000"), validators=[non_negative])
    initial_value = models.DecimalField(_("value at installation"), default=Decimal("0.000"),
                                        **VALUE)
    installed_on = models.DateField(_("installed on"))
    verified_until = models.DateField(
        _("verification valid until"), null=True, blank=True,
        help_text=_("After this date the unit is billed by the norm until a new verification."))
    removed_on = models.DateField(_("removed on"), null=True, blank=True)

    permission_area = "metering"
    branch_path = "building__branch"
    close_field = "removed_on"
    picker = True
    str_select_related = ("service",)

    class Meta:
        verbose_name = _("meter")
        verbose_name_plural = _("meters")
        ordering = ["building", "account", "service"]
        constraints = [
            models.UniqueConstraint(fields=["organization", "service", "serial"],
                                    name="meter_serial_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.service.code} №{self.serial}"

    @property
    def is_common(self) -> bool:
        return self.account_id is None

    @property
    def capacity(self) -> Decimal:
        """The first value the dial cannot show: a rollover subtracts it."""
        return Decimal(10) ** self.digits

    def clean(self) -> None:
        errors = {}
        if self.removed_on and self.installed_on and self.removed_on < self.installed_on:
            errors["removed_on"] = _("A meter cannot be removed before it was installed.")
        if self.account_id and self.building_id and \
                self.account.unit.building_id != self.building_id:
            errors["building"] = _("The account's unit is in another building.")
        if self.initial_value is not None and self.digits and \
                self.initial_value >= self.capacity:
            errors["initial_value"] = _("The dial shows at most %(digits)s whole digits.") % {
                "digits": self.digits}
        if errors:
            raise ValidationError(errors)


class Reading(TenantModel):
    """A meter's value on a day, where it came from, and whether billing may use it."""

    meter = models.ForeignKey(Meter, on_delete=models.CASCADE, related_name="readings",
                              verbose_name=_("meter"))
    date = models.DateField(_("reading date"))
    value = models.DecimalField(_("value"), **VALUE)
    source = models.CharField(_("source"), max_length=10, choices=ReadingSource.choices,
                              default=ReadingSource.STAFF)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                               on_delete=models.PROTECT, related_name="+",
                               verbose_name=_("entered by"))
    status = models.CharField(_("status"), max_length=10, choices=ReadingStatus.choices,
                              default=ReadingStatus.ACCEPTED)
    reason = models.CharField(_("reason"), max_length=300, blank=True,
                              help_text=_("Why the reading was held or rejected."))
    rollover = models.BooleanField(_("dial rolled over"), default=False)
    consumption = models.DecimalField(
        _("consumption"), max_digits=16, decimal_places=3, null=True, blank=True,
        help_text=_("Since the previous accepted reading, after rollover and multiplier."))

    permission_area = "metering"
    branch_path = "meter__building__branch"
    str_select_related = ("meter__service",)

    class Meta:
        verbose_name = _("reading")
        verbose_name_plural = _("readings")
        ordering = ["meter", "-date"]
        indexes = [models.Index(fields=["meter", "date"], name="reading_meter_date")]

    def __str__(self) -> str:
        return f"{self.meter} · {self.date:%Y-%m-%d}: {self.value}"
