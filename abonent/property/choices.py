from django.db import models
from django.utils.translation import gettext_lazy as _


class UnitKind(models.TextChoices):
    APARTMENT = "apartment", _("Apartment")
    HOUSE = "house", _("House")
    COMMERCIAL = "commercial", _("Commercial premises")
    PARKING = "parking", _("Parking space")
    STORAGE = "storage", _("Storage room")
