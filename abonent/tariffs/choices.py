from django.db import models
from django.utils.translation import gettext_lazy as _


class ChargeMethod(models.TextChoices):
    METERED = "metered", _("Metered (consumption x rate)")
    TIERED = "tiered", _("Tiered (consumption bands)")
    PER_AREA = "per_area", _("Per m² of the unit")
    PER_RESIDENT = "per_resident", _("Per registered resident")
    FIXED = "fixed", _("Fixed per account")
    NORM = "norm", _("Norm for unmetered units")
    COMMON = "common", _("Common-meter distribution")


class TierMode(models.TextChoices):
    INCREMENTAL = "incremental", _("Incremental: each band's part at its own rate")
    WHOLE_VOLUME = "whole_volume", _("Whole volume: all at the rate of the band reached")


class TaxMode(models.TextChoices):
    INCLUDED = "included", _("Included in the price")
    ADDED = "added", _("Added on top")


class DistributionBasis(models.TextChoices):
    AREA = "area", _("By unit area")
    RESIDENTS = "residents", _("By registered residents")


class NegativeRule(models.TextChoices):
    ZERO = "zero", _("Distribute nothing (the building meter reads less)")
    CREDIT = "credit", _("Distribute the negative difference as a credit")


class Scope(models.TextChoices):
    ORGANIZATION = "organization", _("Organization")
    BUILDING = "building", _("Building")
    ACCOUNT = "account", _("Account")
