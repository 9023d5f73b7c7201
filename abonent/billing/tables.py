"""Columns of the billing list pages and their CSV/XLSX exports."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.utils.html import format_html_join
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from abonent.billing.choices import Flag
from abonent.core.money import format_number
from abonent.core.tables import Column


def flag_labels(codes) -> list[str]:
    return [str(Flag(code).label) if code in Flag.values else code for code in codes or ()]


def flag_badges(codes) -> str:
    """Flags as readable badges (HTML); an empty string when there are none."""
    return format_html_join(" ", '<span class="badge flag flag-{}">{}</span>', (
        (code, label) for code, label in zip(codes or (), flag_labels(codes), strict=True)))


@dataclass(frozen=True)
class FlagsColumn(Column):
    """A bill's flags: badges on the page, their names in an export."""

    sortable: bool = False

    def value(self, obj: Any) -> Any:
        return flag_badges(super().value(obj)) or None

    def text(self, obj: Any) -> str:
        return ", ".join(flag_labels(super().value(obj)))

    def cell(self, obj: Any) -> Any:
        return self.text(obj)


@dataclass(frozen=True)
class MonthColumn(Column):
    """A period's first day written as its month: 2026-11."""

    def value(self, obj: Any) -> Any:
        day = super().value(obj)
        return f"{day:%Y-%m}" if day else None


@dataclass(frozen=True)
class MoneyColumn(Column):
    """An amount with its two decimals (144.10, not 144.1); typed in a spreadsheet."""

    def value(self, obj: Any) -> Any:
        amount = super().value(obj)
        return None if amount is None else format_number(amount, get_language() or "en", 2)

    def cell(self, obj: Any) -> Any:
        return super().value(obj)

    def text(self, obj: Any) -> str:
        amount = super().value(obj)
        return "" if amount is None else format(amount, "f")


@dataclass(frozen=True)
class DialColumn(Column):
    """A meter value with the dial's three decimals (100.000 m³, not 100)."""

    def value(self, obj: Any) -> Any:
        number = super().value(obj)
        return None if number is None else format_number(number, get_language() or "en", 3)

    def cell(self, obj: Any) -> Any:
        return super().value(obj)


PERIOD_COLUMNS = [
    MonthColumn("start", label=_("period"), link=True),
    Column("end"),
    Column("status", groupable=True),
    Column("closed_at"),
    Column("closed_by", sortable=False),
]

RUN_COLUMNS = [
    Column("id", label=_("run"), link=True),
    Column("period", groupable=True),
    Column("scope"),
    Column("building", sortable=False),
    Column("status", groupable=True),
    Column("accounts_total"),
    Column("created_by", sortable=False),
    Column("approved_by", sortable=False),
    Column("created_at"),
]

RUN_COLUMNS_SHORT = [Column("id", label=_("run"), link=True), Column("scope"),
                     Column("status"), Column("accounts_total"), Column("created_at")]

BILL_COLUMNS = [
    Column("account__number", label=_("account"), link=True),
    Column("account__holder", label=_("holder"), sortable=False),
    MoneyColumn("total"),
    MoneyColumn("previous_total"),
    MoneyColumn("difference", label=_("difference")),
    FlagsColumn("flags"),
]

BILL_EXPORT_COLUMNS = [Column("run__id", label=_("run")), *BILL_COLUMNS]

CHARGE_COLUMNS = [
    Column("service"), Column("kind"), Column("quantity"), MoneyColumn("amount"),
    MoneyColumn("tax_amount"), Column("explanation_text", label=_("explanation")),
]

USAGE_COLUMNS = [
    Column("meter"), Column("basis"), DialColumn("start_value"), DialColumn("end_value"),
    DialColumn("consumption"), Column("estimated_periods"),
]

LEDGER_COLUMNS = [
    Column("created_at", label=_("date"), link=True),
    Column("account", sortable=False),
    Column("period"),
    Column("service_period"),
    Column("service", sortable=False, groupable=True),
    Column("kind", groupable=True),
    MoneyColumn("amount"),
    Column("explanation_text", label=_("explanation"), sortable=False),  # see decorate
]

RECEIPT_COLUMNS = [
    Column("number", link=True),
    Column("version"),
    Column("account", sortable=False),
    Column("period", groupable=True),
    MoneyColumn("opening_balance"),
    MoneyColumn("charged"),
    MoneyColumn("amount_due"),
    Column("due_date"),
]

ADJUSTMENT_COLUMNS = [
    Column("created_at", label=_("requested at"), link=True),
    Column("account", sortable=False),
    Column("service", sortable=False),
    Column("service_period"),
    MoneyColumn("amount"),
    Column("reason"),
    Column("status", groupable=True),
    Column("requested_by", sortable=False),
    Column("decided_by", sortable=False),
]

ABSENCE_COLUMNS = [
    Column("account", sortable=False),
    Column("person", sortable=False),
    Column("persons"),
    Column("date_from", link=True),
    Column("date_to"),
    Column("document_ref"),
]

INTERRUPTION_COLUMNS = [
    Column("date_from", link=True),
    Column("date_to"),
    Column("building", sortable=False, groupable=True),
    Column("service", sortable=False, groupable=True),
    Column("kind"),
    Column("hours"),
    Column("reduction_percent"),
    Column("reason"),
]
