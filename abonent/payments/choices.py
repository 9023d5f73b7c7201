from django.db import models
from django.utils.translation import gettext_lazy as _


class Channel(models.TextChoices):
    CASH = "cash", _("Cash")
    CARD = "card", _("Card at the cash desk")
    BANK = "bank", _("Bank transfer")
    ONLINE = "online", _("Online payment")


class PaymentStatus(models.TextChoices):
    POSTED = "posted", _("Posted")
    REVERSED = "reversed", _("Reversed")


class Strategy(models.TextChoices):
    """The order in which a payment pays an account's debts (docs/allocation.md)."""

    OLDEST_FIRST = "oldest_first", _("Oldest period first")
    PROPORTIONAL = "proportional", _("In proportion across services")
    SPECIFIED = "specified", _("As the payer specified, then oldest first")
    PENALTIES_LAST = "penalties_last", _("Oldest first, penalties last")
    PENALTIES_FIRST = "penalties_first", _("Penalties first, then oldest first")


class AllocationKind(models.TextChoices):
    CHARGE = "charge", _("Charges")
    PENALTY = "penalty", _("Penalties")
    CREDIT = "credit", _("Credit (overpayment)")


class StatementFormat(models.TextChoices):
    CAMT053 = "camt053", _("ISO 20022 CAMT.053 statement")
    CAMT054 = "camt054", _("ISO 20022 CAMT.054 notification")
    MT940 = "mt940", _("SWIFT MT940")
    CNAB240 = "cnab240", _("CNAB 240 return file")
    CSV = "csv", _("CSV with a column mapping")


class LineStatus(models.TextChoices):
    POSTED = "posted", _("Posted")
    DUPLICATE = "duplicate", _("Already posted")
    QUEUED = "queued", _("Waiting for a person")
    SKIPPED = "skipped", _("Not a payment")


class PenaltyPreset(models.TextChoices):
    NONE = "none", _("No penalties")
    RUSSIA = "russia_housing_code", _("Russia: housing code art. 155 part 14 (key rate)")
    # xgettext:no-python-format
    BRAZIL = "brazil_condominium", _("Brazil: condominium, 2% fine and interest pro rata die")
    DAILY = "plain_daily", _("A fixed percentage a day")
