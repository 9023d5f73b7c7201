from django.db import models
from django.utils.translation import gettext_lazy as _


class ReadingSource(models.TextChoices):
    STAFF = "staff", _("Staff")
    PORTAL = "portal", _("Residents' portal")
    IMPORT = "import", _("Import")
    TELEMETRY = "telemetry", _("Telemetry")


class ReadingStatus(models.TextChoices):
    ACCEPTED = "accepted", _("Accepted")
    HELD = "held", _("Held for review")
    REJECTED = "rejected", _("Rejected")
