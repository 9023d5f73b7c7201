"""Buildings and the units (premises) inside them."""

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from abonent.core.tenancy import TenantModel
from abonent.core.validators import non_negative
from abonent.property.choices import UnitKind

AREA = {"max_digits": 10, "decimal_places": 2, "validators": [non_negative]}


class Building(TenantModel):
    code = models.CharField(_("code"), max_length=30,
                            help_text=_("Your own short reference, unique in the organization."))
    branch = models.ForeignKey("core.Branch", null=True, blank=True, on_delete=models.PROTECT,
                               related_name="buildings", verbose_name=_("branch"))
    city = models.CharField(_("city"), max_length=100)
    street = models.CharField(_("street"), max_length=200)
    house_number = models.CharField(_("house number"), max_length=20)
    postal_code = models.CharField(_("postal code"), max_length=20, blank=True)
    total_area = models.DecimalField(_("total area, m²"), null=True, blank=True, **AREA)
    living_area = models.DecimalField(_("living area, m²"), null=True, blank=True, **AREA)
    common_area = models.DecimalField(_("common area, m²"), null=True, blank=True, **AREA)
    floors = models.PositiveSmallIntegerField(
        _("floors"), default=1, validators=[MinValueValidator(1), MaxValueValidator(200)])
    entrances = models.PositiveSmallIntegerField(
        _("entrances"), default=1, validators=[MinValueValidator(1), MaxValueValidator(100)])
    year_built = models.PositiveSmallIntegerField(
        _("year built"), null=True, blank=True,
        validators=[MinValueValidator(1500), MaxValueValidator(2100)])
    management_start = models.DateField(_("under management since"), null=True, blank=True)
    closed_on = models.DateField(_("management ended"), null=True, blank=True)
    notes = models.TextField(_("notes"), blank=True)

    permission_area = "building"
    branch_path = "branch"
    close_field = "closed_on"

    class Meta:
        verbose_name = _("building")
        verbose_name_plural = _("buildings")
        ordering = ["city", "street", "house_number"]
        constraints = [
            models.UniqueConstraint(fields=["organization", "code"], name="building_code_unique"),
        ]

    def __str__(self) -> str:
        return self.address

    @property
    def address(self) -> str:
        return f"{self.street} {self.house_number}, {self.city}"

    def clean(self) -> None:
        errors = {}
        if self.living_area and self.total_area and self.living_area > self.total_area:
            errors["living_area"] = _("Living area cannot exceed the total area.")
        if self.closed_on and self.management_start and self.closed_on < self.management_start:
            errors["closed_on"] = _("Management cannot end before it started.")
        if errors:
            raise ValidationError(errors)


class Unit(TenantModel):
    building = models.ForeignKey(Building, on_delete=models.PROTECT, related_name="units",
                                 verbose_name=_("building"))
    kind = models.CharField(_("kind"), max_length=20, choices=UnitKind.choices,
                            default=UnitKind.APARTMENT)
    number = models.CharField(_("number"), max_length=20)
    entrance = models.PositiveSmallIntegerField(_("entrance"), null=True, blank=True,
                                                validators=[MinValueValidator(1)])
    floor = models.SmallIntegerField(_("floor"), null=True, blank=True,
                                     validators=[MinValueValidator(-10), MaxValueValidator(200)])
    area = models.DecimalField(_("area, m²"), **AREA)
    living_area = models.DecimalField(_("living area, m²"), null=True, blank=True, **AREA)
    rooms = models.PositiveSmallIntegerField(_("rooms"), null=True, blank=True,
                                             validators=[MaxValueValidator(100)])
    closed_on = models.DateField(_("closed on"), null=True, blank=True)

    permission_area = "building"
    branch_path = "building__branch"
    picker = True  # thousands of rows: chosen through a search, not a long list
    close_field = "closed_on"
    str_select_related = ("building",)

    class Meta:
        verbose_name = _("unit")
        verbose_name_plural = _("units")
        ordering = ["building", "entrance", "floor", "number"]
        constraints = [
            models.UniqueConstraint(fields=["building", "number"], name="unit_number_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.building.address}, {self.number}"

    def clean(self) -> None:
        errors = {}
        building = self.building if self.building_id else None
        if building is not None:
            if self.entrance and self.entrance > building.entrances:
                errors["entrance"] = ngettext(
                    "The building has only %(n)s entrance.",
                    "The building has only %(n)s entrances.", building.entrances,
                ) % {"n": building.entrances}
            if self.floor is not None and self.floor > building.floors:
                errors["floor"] = ngettext(
                    "The building has only %(n)s floor.",
                    "The building has only %(n)s floors.", building.floors,
                ) % {"n": building.floors}
        if self.area is not None and self.area <= 0:
            errors["area"] = _("Area must be greater than zero.")
        if self.living_area and self.area and self.living_area > self.area:
            errors["living_area"] = _("Living area cannot exceed the area.")
        if errors:
            raise ValidationError(errors)
