"""Bank exports in CSV, read through a column mapping saved per bank (:class:`CsvMapping`).

A mapping names the columns by header text or by 1-based number, says how dates and amounts
are written, and is stored as JSON (:meth:`CsvMapping.to_dict` / :meth:`CsvMapping.from_dict`).
"""

from __future__ import annotations

import csv
import hashlib
import io
import re
from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from .common import (
    hashed_id,
    is_currency,
    minor_units,
    squash,
    to_places,
    with_unique_ids,
    without_gc,
)
from .model import Format, Statement, StatementEntry
from .problems import Collector

Column = str | int  # a header name, or a 1-based column number

_COLUMN_FIELDS = ("external_id", "date", "value_date", "amount", "credit", "debit", "currency",
                  "payer_name", "payer_account", "reference", "text")


@dataclass(frozen=True)
class CsvColumns:
    """Which column holds what. ``amount`` (signed) or the ``credit``/``debit`` pair is
    required, and ``date``; ``text`` may join several columns."""

    date: Column
    amount: Column | None = None
    credit: Column | None = None
    debit: Column | None = None
    external_id: Column | None = None
    value_date: Column | None = None
    currency: Column | None = None
    payer_name: Column | None = None
    payer_account: Column | None = None
    reference: Column | None = None
    text: tuple[Column, ...] = ()

    def __post_init__(self) -> None:
        if self.amount is None and self.credit is None and self.debit is None:
            raise ValueError("a CSV mapping needs an amount column or credit/debit columns")
        if self.amount is not None and (self.credit is not None or self.debit is not None):
            raise ValueError("a CSV mapping takes either an amount column or credit/debit "
                             "columns, not both")
        for name in _COLUMN_FIELDS:
            value = getattr(self, name)
            for column in value if isinstance(value, tuple) else (value,):
                _check_column(name, column)


@dataclass(frozen=True)
class CsvMapping:
    """How one bank writes its CSV export.

    ``date_format`` is a ``strptime`` pattern (``%d.%m.%Y``). ``decimal_separator`` and
    ``thousands_separator`` say how amounts are written (``1.234,56``: "," and "."); a minus
    sign may lead or trail, and parentheses mean negative. ``currency`` is used when there is
    no currency column. ``account`` names the statement's account when the file does not.
    """

    name: str
    columns: CsvColumns
    delimiter: str = ","
    quotechar: str = '"'
    encoding: str = "utf-8"
    has_header: bool = True
    skip_rows: int = 0
    date_format: str = "%Y-%m-%d"
    decimal_separator: str = "."
    thousands_separator: str = ""
    currency: str = "EUR"
    account: str = ""

    def __post_init__(self) -> None:
        if len(self.delimiter) != 1:
            raise ValueError("the delimiter must be one character")
        if self.decimal_separator not in (".", ","):
            raise ValueError("the decimal separator must be '.' or ','")
        if self.thousands_separator == self.decimal_separator:
            raise ValueError("the thousands separator must differ from the decimal separator")
        if self.skip_rows < 0:
            raise ValueError("skip_rows must not be negative")
        if not self.has_header and any(isinstance(c, str) for c in self._all_columns()):
            raise ValueError("without a header row, columns must be given by number")
        if not is_currency(self.currency):
            raise ValueError(f"'{self.currency}' is not a currency code")

    def _all_columns(self) -> list[Column]:
        result: list[Column] = []
        for name in _COLUMN_FIELDS:
            value = getattr(self.columns, name)
            result.extend(value if isinstance(value, tuple) else
                          ([value] if value is not None else []))
        return result

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict; ``from_dict`` of it gives back an equal mapping."""
        result: dict[str, Any] = {f.name: getattr(self, f.name) for f in fields(self)
                                  if f.name != "columns"}
        columns: dict[str, Any] = {}
        for name in _COLUMN_FIELDS:
            value = getattr(self.columns, name)
            if isinstance(value, tuple):
                if value:
                    columns[name] = list(value)
            elif value is not None:
                columns[name] = value
        result["columns"] = columns
        return result

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> CsvMapping:
        """A mapping from its stored JSON; unknown keys are refused (a typo must not be
        ignored silently)."""
        known = {f.name for f in fields(cls)}
        unknown = set(data) - known
        if unknown:
            raise ValueError(f"unknown CSV mapping keys: {', '.join(sorted(unknown))}")
        raw_columns = data.get("columns")
        if not isinstance(raw_columns, Mapping):
            raise ValueError("a CSV mapping needs 'columns'")
        unknown = set(raw_columns) - set(_COLUMN_FIELDS)
        if unknown:
            raise ValueError(f"unknown CSV mapping columns: {', '.join(sorted(unknown))}")
        column_args: dict[str, Any] = dict(raw_columns)
        text = column_args.get("text", ())
        column_args["text"] = tuple(text) if isinstance(text, list | tuple) else (text,)
        options = {k: v for k, v in data.items() if k != "columns"}
        return cls(columns=CsvColumns(**column_args), **options)


def _check_column(name: str, column: object) -> None:
    if column is None:
        return
    if isinstance(column, bool) or not isinstance(column, str | int):
        raise ValueError(f"column for {name} must be a header name or a 1-based number")
    if isinstance(column, int) and column < 1:
        raise ValueError(f"column numbers start at 1 ({name}: {column})")
    if isinstance(column, str) and not column.strip():
        raise ValueError(f"column for {name} is empty")


@without_gc
def parse_csv(data: bytes, *, filename: str, mapping: CsvMapping) -> list[Statement]:
    """The rows of a bank's CSV export as one statement."""
    return [_Reader(filename, mapping).read(data)]


@dataclass
class _Resolved:
    """Mapping columns turned into 0-based indexes, with their label for messages."""

    index: dict[str, int] = field(default_factory=dict)
    label: dict[str, str] = field(default_factory=dict)
    text: list[tuple[int, str]] = field(default_factory=list)


class _Reader:
    def __init__(self, filename: str, mapping: CsvMapping) -> None:
        self.mapping = mapping
        self.problems = Collector(filename)
        self.filename = filename
        group = re.escape(mapping.thousands_separator) if mapping.thousands_separator else ""
        self.grouping = group

    def read(self, data: bytes) -> Statement:
        mapping = self.mapping
        try:
            text = data.decode(mapping.encoding)
        except UnicodeDecodeError as exc:
            self.problems.refuse("", "", "encoding", encoding=mapping.encoding,
                                 position=exc.start)
        except LookupError:
            self.problems.refuse("", "", "encoding", encoding=mapping.encoding, position=0)
        text = text.removeprefix("\ufeff")
        rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=mapping.delimiter,
                               quotechar=mapping.quotechar))
        numbered = [(n, row) for n, row in enumerate(rows, 1)][mapping.skip_rows:]
        header: list[str] = []
        if mapping.has_header:
            if not numbered:
                self.problems.refuse("", "", "csv_no_rows")
            header = [h.strip() for h in numbered[0][1]]
            numbered = numbered[1:]
        resolved = self.resolve(header)
        body = [(n, row) for n, row in numbered if any(cell.strip() for cell in row)]
        if not body:
            self.problems.refuse("", "", "csv_no_rows")
        statement_id = f"{mapping.name}:{hashlib.sha256(data).hexdigest()[:16]}"
        entries: list[StatementEntry] = []
        seen: dict[str, int] = {}
        for number, row in body:
            entry = self.entry(number, row, resolved, seen, len(entries) + 1)
            if entry is not None:
                entries.append(entry)
            if self.problems.full:
                break
        self.problems.raise_if_any()
        currency = entries[0].currency if entries else mapping.currency
        days = [e.booking_date for e in entries if e.booking_date]
        return with_unique_ids([Statement(
            format=Format.CSV, statement_id=statement_id, account=mapping.account,
            currency=currency, entries=tuple(entries), from_date=min(days, default=None),
            to_date=max(days, default=None), filename=self.filename)])[0]

    def resolve(self, header: list[str]) -> _Resolved:
        resolved = _Resolved()
        columns = self.mapping.columns
        for name in _COLUMN_FIELDS:
            value = getattr(columns, name)
            for column in (value if isinstance(value, tuple) else (value,)):
                if column is None:
                    continue
                position = self.position(column, header)
                if name == "text":
                    resolved.text.append((position, str(column)))
                else:
                    resolved.index[name] = position
                    resolved.label[name] = str(column)
        self.problems.raise_if_any()
        return resolved

    def position(self, column: Column, header: list[str]) -> int:
        if isinstance(column, int):
            return column - 1
        lowered = [h.casefold() for h in header]
        if column.casefold() in lowered:
            return lowered.index(column.casefold())
        self.problems.add("row 1" if not self.mapping.skip_rows else
                          f"row {self.mapping.skip_rows + 1}", column, "csv_no_column",
                          column=column, mapping=self.mapping.name)
        return -1

    def cell(self, row: list[str], position: int, label: str, where: str) -> str | None:
        if position >= len(row):
            self.problems.add(where, label, "csv_short_row", count=len(row), column=label)
            return None
        return row[position].strip()

    def entry(self, number: int, row: list[str], resolved: _Resolved, seen: dict[str, int],
              index: int) -> StatementEntry | None:
        where = f"row {number}"
        before = len(self.problems.problems)
        values: dict[str, str] = {}
        for name, position in resolved.index.items():
            value = self.cell(row, position, resolved.label[name], where)
            values[name] = value or ""
        texts = [self.cell(row, p, label, where) or "" for p, label in resolved.text]
        if len(self.problems.problems) > before:
            return None
        currency = values.get("currency") or self.mapping.currency
        if not is_currency(currency):
            self.problems.add(where, resolved.label.get("currency", "currency"),
                              "bad_currency", value=currency)
            return None
        amount = self.signed_amount(values, resolved, currency, where)
        booking = self.day(values.get("date", ""), resolved.label.get("date", ""), where,
                           required=True)
        value_date = self.day(values.get("value_date", ""),
                              resolved.label.get("value_date", ""), where, required=False)
        if amount is None or len(self.problems.problems) > before:
            return None
        text = squash(" ".join(t for t in texts if t))
        payer_name = squash(values.get("payer_name", ""))
        payer_account = values.get("payer_account", "").replace(" ", "")
        reference = values.get("reference", "")
        external = values.get("external_id", "")
        if not external:
            # No id column: the transaction's own content, plus how often the same content
            # came before in this file. Overlapping exports (last 30 days, taken daily) then
            # give the same ids for the same transactions.
            key = hashed_id("csv", booking, value_date, amount, currency, payer_name,
                            payer_account, reference, text)
            seen[key] = seen.get(key, 0) + 1
            external = f"{key}.{seen[key]}" if seen[key] > 1 else key
        return StatementEntry(
            index=index, external_id=external, booking_date=booking,
            value_date=value_date or booking, amount=amount, currency=currency,
            payer_name=payer_name, payer_account=payer_account, reference=reference,
            text=text)

    def signed_amount(self, values: dict[str, str], resolved: _Resolved, currency: str,
                      where: str) -> Decimal | None:
        if "amount" in resolved.index:
            return self.amount(values["amount"], resolved.label["amount"], currency, where,
                               required=True)
        credit = debit = None
        if "credit" in resolved.index:
            credit = self.amount(values["credit"], resolved.label["credit"], currency, where,
                                 required=False)
        if "debit" in resolved.index:
            debit = self.amount(values["debit"], resolved.label["debit"], currency, where,
                                required=False)
        if credit and debit:
            self.problems.add(where, f"{resolved.label['credit']}/{resolved.label['debit']}",
                              "csv_credit_and_debit")
            return None
        if credit is None and debit is None:
            if not values.get("credit") and not values.get("debit"):
                label = "/".join(resolved.label[k] for k in ("credit", "debit")
                                 if k in resolved.label)
                self.problems.add(where, label, "missing")
            return None
        if credit:
            return credit
        # a debit column holds what left the account, written positive or negative
        return -abs(debit) if debit is not None else credit

    def amount(self, written: str, label: str, currency: str, where: str, *,
               required: bool) -> Decimal | None:
        text = written.strip().replace("\u00a0", "").replace(" ", "")
        if not text:
            if required:
                self.problems.add(where, label, "missing")
            return None
        negative = False
        if text.startswith("(") and text.endswith(")"):
            negative, text = True, text[1:-1]
        if text.endswith("-"):
            negative, text = not negative, text[:-1]
        if text.startswith(("-", "+")):
            negative, text = negative != (text[0] == "-"), text[1:]
        mapping = self.mapping
        if mapping.thousands_separator:
            grouped = re.fullmatch(
                rf"\d{{1,3}}({self.grouping}\d{{3}})+({re.escape(mapping.decimal_separator)}"
                rf"\d*)?", text)
            if grouped:
                text = text.replace(mapping.thousands_separator, "")
        whole, _separator, fraction = text.partition(mapping.decimal_separator)
        valid_whole = whole.isdigit() or (whole == "" and bool(fraction))
        valid_fraction = fraction == "" or fraction.isdigit()
        if not valid_whole or not valid_fraction:
            self.problems.add(where, label, "bad_amount", value=written)
            return None
        if len(fraction) > minor_units(currency):
            self.problems.add(where, label, "amount_precision", value=written,
                              places=len(fraction), currency=currency,
                              allowed=minor_units(currency))
            return None
        try:
            value = Decimal(f"{whole or '0'}.{fraction}" if fraction else whole)
        except InvalidOperation:  # pragma: no cover - the checks above let only digits through
            self.problems.add(where, label, "bad_amount", value=written)
            return None
        value = to_places(value, currency)
        return -value if negative else value

    def day(self, written: str, label: str, where: str, *, required: bool) -> date | None:
        if not written:
            if required:
                self.problems.add(where, label, "missing")
            return None
        try:
            # naive on purpose: a bank's date column is a calendar day, not an instant
            return datetime.strptime(written, self.mapping.date_format).date()  # noqa: DTZ007
        except ValueError:
            self.problems.add(where, label, "bad_date", value=written,
                              expected=self.mapping.date_format)
            return None

