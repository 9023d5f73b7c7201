from django.db import models
from django.utils.translation import gettext_lazy as _


class KeyKind(models.TextChoices):
    """What an ``ImportedKey`` points at: the file's own keys for rows without one in Abonent."""

    PERSON = "person", _("Person")
    ACCOUNT = "account", _("Account")


class BatchStatus(models.TextChoices):
    PREVIEWED = "previewed", _("Checked, waiting for confirmation")
    INVALID = "invalid", _("Rejected: the workbook has errors")
    APPLIED = "applied", _("Imported")


class Outcome(models.TextChoices):
    CREATED = "created", _("new")
    UPDATED = "updated", _("changed")
    UNCHANGED = "unchanged", _("unchanged")
