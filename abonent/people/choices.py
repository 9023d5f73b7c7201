from django.db import models
from django.utils.translation import gettext_lazy as _


class PersonKind(models.TextChoices):
    PERSON = "person", _("Person")
    COMPANY = "company", _("Company")


class Channel(models.TextChoices):
    EMAIL = "email", _("E-mail")
    SMS = "sms", _("SMS")
    VIBER = "viber", _("Viber")
    VOICE = "voice", _("Voice call")
    PAPER = "paper", _("Paper mail")


class OwnershipKind(models.TextChoices):
    OWNER = "owner", _("Owner")
    TENANT = "tenant", _("Tenant")
    OCCUPANT = "occupant", _("Occupant")
