"""Reading one spreadsheet cell as a typed value, or saying in plain words why it cannot be.

Spreadsheet programs store what people type in their own way: a house number "12" becomes
the number 12.0, a date typed as text stays text, "1/2" may become the 2nd of January. These
functions accept the reasonable forms and reject the rest with a message for the user.
Empty cells are ``None`` (``""`` for text); the loader decides what empty means for a field.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal, InvalidOperation
from typing import Any

from django.utils.translation import gettext_lazy as _


class CellError(ValueError):
    """The cell's content cannot be read as the column's type."""

    def __init__(self, message: Any):
        super().__init__(message)
        self.message = message


class ColumnType:
    TEXT = "text"
    INTEGER = "integer"
    DECIMAL = "decimal"
    DATE = "date"
    BOOLEAN = "yes/no"
    CHOICE = "choice"
    LIST = "list"


TYPE_LABELS = {
    ColumnType.TEXT: _("text"),
    ColumnType.INTEGER: _("whole number"),
    ColumnType.DECIMAL: _("number"),
    ColumnType.DATE: _("date"),
    ColumnType.BOOLEAN: _("yes/no"),
    ColumnType.CHOICE: _("one of the listed values"),
    ColumnType.LIST: _("list of the listed values, separated by commas"),
}

TRUE_WORDS = {"yes", "y", "true", "1", "x"}
FALSE_WORDS = {"no", "n", "false", "0"}
DATE_FORMATS = ("%Y-%m-%d", "%d.%m.%Y", "%d/%m/%Y")


def is_empty(raw: Any) -> bool:
    return raw is None or (isinstance(raw, str) and not raw.strip())


def parse_text(raw: Any) -> str:
    if is_empty(raw):
        return ""
    if isinstance(raw, bool):
        raise CellError(_("Expected text, found a yes/no value."))
    if isinstance(raw, dt.datetime | dt.date | dt.time):
        raise CellError(_("The spreadsheet turned this value into a date; "
                          "format the column as text and type it again."))
    if isinstance(raw, float):
        return str(int(raw)) if raw.is_integer() else repr(raw)
    return str(raw).strip()


def parse_integer(raw: Any) -> int | None:
    if is_empty(raw):
        return None
    if isinstance(raw, bool):
        raise CellError(_("Enter a whole number."))
    if isinstance(raw, int):
        return raw
    if isinstance(raw, float) and raw.is_integer():
        return int(raw)
    if isinstance(raw, str) and re.fullmatch(r"[+-]?\d+", raw.strip().replace(" ", "")):
        return int(raw.strip().replace(" ", ""))
    raise CellError(_("Enter a whole number."))


def parse_decimal(raw: Any) -> Decimal | None:
    if is_empty(raw):
        return None
    if isinstance(raw, bool):
        raise CellError(_("Enter a number."))
    if isinstance(raw, int | float):
        value = Decimal(repr(raw)) if isinstance(raw, float) else Decimal(raw)
    elif isinstance(raw, str):
        text = raw.strip().replace("\u00a0", "").replace(" ", "").replace(",", ".")
        try:
            value = Decimal(text)
        except InvalidOperation:
            raise CellError(_("Enter a number.")) from None
    else:
        raise CellError(_("Enter a number."))
    if not value.is_finite():
        raise CellError(_("Enter a number."))
    return value


def parse_date(raw: Any) -> dt.date | None:
    if is_empty(raw):
        return None
    if isinstance(raw, dt.datetime):
        return raw.date()
    if isinstance(raw, dt.date):
        return raw
    if isinstance(raw, str):
        text = raw.strip()
        for fmt in DATE_FORMATS:
            try:
                return dt.datetime.strptime(text, fmt).date()  # noqa: DTZ007 (a date only)
            except ValueError:
                continue
    raise CellError(_("Enter a date as YYYY-MM-DD or DD.MM.YYYY (or a date cell)."))


def parse_boolean(raw: Any) -> bool | None:
    if is_empty(raw):
        return None
    if isinstance(raw, bool):
        return raw
    if isinstance(raw, int | float) and raw in (0, 1):
        return bool(raw)
    word = str(raw).strip().lower()
    if word in TRUE_WORDS:
        return True
    if word in FALSE_WORDS:
        return False
    raise CellError(_("Enter yes or no."))


def parse_choice(raw: Any, choices: list[str]) -> str | None:
    if is_empty(raw):
        return None
    word = parse_text(raw).lower()
    if word in choices:
        return word
    raise CellError(_("Unknown value “%(value)s”; use one of: %(choices)s.") % {
        "value": word, "choices": ", ".join(choices)})


def parse_list(raw: Any) -> list[str]:
    if is_empty(raw):
        return []
    return [part.lower() for part in re.split(r"[,;\s]+", parse_text(raw)) if part]
