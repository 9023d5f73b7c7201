"""The rating core: exact, explainable charges from plain data.

Pure Python over frozen dataclasses: no Django, no ORM, no I/O. Loaders turn rows into these
values; writers store the resulting :class:`ChargeLine` objects. See docs/billing.md.
"""

from .benefits import Benefit, BenefitGrant, CombineRule, NormKind, SocialNorm, benefit_line
from .explain import TEMPLATES, Amount, Explanation, Percent, Quantity, Rate, render, render_all
from .lines import ChargeLine, LineKind, Service, TaxMode, make_line, tax_on
from .methods import Band, TierMode, fixed, metered, norm, per_area, per_resident, tiered
from .proration import prorate, split_period, value_on
from .tariffs import NoTariffError, Scope, TariffVersion, select_version, version_changes
from .values import DateRange, require_decimal

__all__ = [
    "TEMPLATES", "Amount", "Band", "Benefit", "BenefitGrant", "ChargeLine", "CombineRule",
    "DateRange", "Explanation", "LineKind", "NoTariffError", "NormKind", "Percent", "Quantity",
    "Rate", "Scope", "Service", "SocialNorm", "TariffVersion", "TaxMode", "TierMode",
    "benefit_line", "fixed", "make_line", "metered", "norm", "per_area", "per_resident",
    "prorate", "render", "render_all", "require_decimal", "select_version", "split_period",
    "tax_on", "tiered", "value_on", "version_changes",
]
