from decimal import Decimal

from django.core.validators import MinValueValidator, RegexValidator
from django.utils.translation import gettext_lazy as _

non_negative = MinValueValidator(Decimal("0"))
positive_int = MinValueValidator(1)
phone_validator = RegexValidator(
    r"^\+?[0-9 ()\-]{5,20}$",
    _("Enter a phone number of digits, spaces and dashes, optionally starting with +."),
)
