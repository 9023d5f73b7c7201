from django.db import models
from django.utils.translation import gettext_lazy as _


class Stage(models.TextChoices):
    """The steps of collecting a debt, in the order they are usually taken."""

    REMINDER = "reminder", _("Reminder")
    NOTICE = "notice", _("Debt notice")
    RESTRICTION = "restriction", _("Restriction of service")
    CLAIM = "claim", _("Claim")


#: the order of the stages (a case moves forward through them)
STAGE_ORDER = {stage: position for position, stage in enumerate(Stage)}


class PlanStatus(models.TextChoices):
    ACTIVE = "active", _("Active")
    COMPLETED = "completed", _("Completed")
    CANCELLED = "cancelled", _("Cancelled")


class InstalmentState(models.TextChoices):
    """How an instalment stands on a day (``plans.instalment_states``)."""

    PAID = "paid", _("Paid")
    PAID_LATE = "paid_late", _("Paid late")
    MISSED = "missed", _("Missed")
    UPCOMING = "upcoming", _("Not yet due")


class Bucket(models.TextChoices):
    """How long a debt is overdue (``aging.bucket``)."""

    CURRENT = "current", _("not yet due")
    DAYS_30 = "d30", _("0–30 days")
    DAYS_60 = "d60", _("31–60 days")
    DAYS_90 = "d90", _("61–90 days")
    OVER_90 = "over90", _("over 90 days")
