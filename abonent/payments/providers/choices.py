from django.db import models
from django.utils.translation import gettext_lazy as _


class EventStatus(models.TextChoices):
    """What a provider's webhook says happened to a payment."""

    PAID = "paid", _("Paid")
    FAILED = "failed", _("Failed at the provider")
    REFUNDED = "refunded", _("Refunded")


class DeliveryStatus(models.TextChoices):
    """What became of one webhook delivery."""

    RECEIVED = "received", _("Being processed")
    POSTED = "posted", _("Payment posted")
    ALREADY_POSTED = "already", _("Payment already posted")
    REVERSED = "reversed", _("Payment reversed (refund)")
    NOTED = "noted", _("Nothing to post")
    FAILED = "failed", _("Failed")
