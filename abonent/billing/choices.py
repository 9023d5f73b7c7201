from django.db import models
from django.utils.translation import gettext_lazy as _


class PeriodStatus(models.TextChoices):
    OPEN = "open", _("Open")
    CLOSED = "closed", _("Closed")


class RunScope(models.TextChoices):
    ORGANIZATION = "organization", _("Whole organization")
    BUILDING = "building", _("One building")
    ACCOUNTS = "accounts", _("Chosen accounts")


class RunStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    COMPUTING = "computing", _("Computing")
    PREVIEW = "preview", _("Ready for review")
    APPROVED = "approved", _("Approved")
    ISSUING = "issuing", _("Issuing")
    ISSUED = "issued", _("Issued")
    CANCELLED = "cancelled", _("Cancelled")
    FAILED = "failed", _("Failed")


class ChunkStatus(models.TextChoices):
    PENDING = "pending", _("Pending")
    COMPUTED = "computed", _("Computed")
    ISSUED = "issued", _("Issued")


class EntryKind(models.TextChoices):
    CHARGE = "charge", _("Charge")
    BENEFIT = "benefit", _("Benefit")
    RECALCULATION = "recalculation", _("Recalculation")
    ADJUSTMENT = "adjustment", _("Adjustment")
    REVERSAL = "reversal", _("Reversal")
    PENALTY = "penalty", _("Penalty")
    PAYMENT = "payment", _("Payment")


class UsageBasis(models.TextChoices):
    READING = "reading", _("Reading")
    ESTIMATE = "estimate", _("Estimate from average consumption")
    NORM = "norm", _("Norm")


class Flag(models.TextChoices):
    """What the run's review page points out about an account's bill."""

    MISSING_READING = "missing_reading", _("Missing reading")
    ESTIMATED = "estimated", _("Estimated consumption")
    NORM_FALLBACK = "norm_fallback", _("Billed by norm")
    SPIKE = "spike", _("Consumption spike")
    BIG_CHANGE = "big_change", _("Total changed a lot")
    NEGATIVE = "negative", _("Negative total")
    NO_TARIFF = "no_tariff", _("No tariff in force")
    TRUE_UP = "true_up", _("Estimate trued up")


class AdjustmentStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for approval")
    POSTED = "posted", _("Posted")
    REJECTED = "rejected", _("Rejected")


class InterruptionKind(models.TextChoices):
    INTERRUPTION = "interruption", _("Service interruption")
    LOW_QUALITY = "low_quality", _("Low quality")


class SpikeAction(models.TextChoices):
    HOLD = "hold", _("Hold for review")
    REJECT = "reject", _("Reject")


class BenefitCombine(models.TextChoices):
    MAX = "max", _("Only the most favourable benefit")
    SUM = "sum", _("Benefits add up (at most 100%)")


class NormKind(models.TextChoices):
    AREA = "area", _("m² per person")
    CONSUMPTION = "consumption", _("Consumption per person")
