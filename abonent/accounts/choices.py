from django.db import models
from django.utils.translation import gettext_lazy as _


class Delivery(models.TextChoices):
    PAPER = "paper", _("Paper")
    EMAIL = "email", _("E-mail")
    PORTAL = "portal", _("Residents' portal")


class ResidencyKind(models.TextChoices):
    PERMANENT = "permanent", _("Permanent")
    TEMPORARY = "temporary", _("Temporary")
