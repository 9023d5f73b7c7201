"""Reading a workbook into typed rows, and reporting every problem of its shape and cells.

The first row of each sheet holds the column names (the stable English keys of spec.py),
the rows below it the data; empty rows are skipped. Row numbers in messages are the
spreadsheet's own, so that the user finds the cell.
"""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from django.utils.translation import gettext as _
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter
from openpyxl.utils.exceptions import InvalidFileException

from abonent.imports.cells import CellError
from abonent.imports.spec import INSTRUCTIONS_SHEET, SHEETS, SheetSpec


@dataclass(frozen=True)
class Issue:
    """One problem, and where it is: sheet, spreadsheet row, column name and letter."""

    sheet: str
    row: int | None
    column: str
    message: str
    letter: str = ""

    @property
    def cell(self) -> str:
        return f"{self.letter}{self.row or ''}" if self.letter else ""

    def __str__(self) -> str:
        where = [self.sheet] if self.sheet else []
        if self.row:
            where.append(_("row %(row)s") % {"row": self.row})
        if self.column:
            where.append(_("column %(column)s") % {"column": self.column})
        prefix = ", ".join(where)
        return f"{prefix}: {self.message}" if prefix else self.message

    def as_dict(self) -> dict[str, Any]:
        return {"sheet": self.sheet, "row": self.row, "column": self.column,
                "cell": self.cell, "message": self.message}


@dataclass
class Row:
    number: int
    values: dict[str, Any]
    #: columns whose cell could not be read (their error is already reported)
    bad: set[str] = field(default_factory=set)

    def get(self, name: str, default: Any = None) -> Any:
        value = self.values.get(name)
        return default if value in (None, "") else value


@dataclass
class Sheet:
    spec: SheetSpec
    title: str
    letters: dict[str, str]  # column name -> letter, for the columns the sheet has
    missing: set[str]  # required columns the sheet lacks
    rows: list[Row]

    def has(self, name: str) -> bool:
        return name in self.letters

    def issue(self, row: int | None, column: str, message: Any) -> Issue:
        return Issue(self.title, row, column, str(message), self.letters.get(column, ""))


@dataclass
class Workbook:
    sheets: dict[str, Sheet]  # by spec name, in spec order
    issues: list[Issue]

    @property
    def row_count(self) -> int:
        return sum(len(s.rows) for s in self.sheets.values())


def normalize_header(value: Any) -> str:
    return str(value).strip().lower().replace(" ", "_") if value is not None else ""


def read_workbook(source: str | IO[bytes],
                  sheets: tuple[SheetSpec, ...] = SHEETS) -> Workbook:
    """Read the sheets of ``sheets`` (the specs of one import kind) from an .xlsx file.

    A kind with a single sheet also takes a workbook whose one sheet has another name
    ("Sheet1" of an export from another program)."""
    try:
        book = load_workbook(source, read_only=True, data_only=True)
    except (zipfile.BadZipFile, InvalidFileException, KeyError, OSError, ValueError):
        return Workbook({}, [Issue("", None, "", _(
            "The file is not an Excel workbook (.xlsx). Save it as “Excel Workbook” and "
            "upload it again."))])
    by_name = {s.name.lower(): s for s in sheets}
    issues: list[Issue] = []
    found: dict[str, Sheet] = {}
    try:
        data_sheets = [ws for ws in book.worksheets
                       if ws.title.strip().lower() != INSTRUCTIONS_SHEET.lower()]
        only = sheets[0] if len(sheets) == 1 and len(data_sheets) == 1 else None
        for ws in data_sheets:
            title = ws.title.strip()
            spec = only or by_name.get(title.lower())
            if spec is None:
                issues.append(Issue(title, None, "", _(
                    "Unknown sheet. The sheets of the template are: %(names)s.") % {
                    "names": ", ".join(s.name for s in sheets)}))
                continue
            if spec.name in found:
                issues.append(Issue(title, None, "", _("The workbook has this sheet twice.")))
                continue
            found[spec.name] = _read_sheet(ws.iter_rows(values_only=True), spec, title, issues)
    finally:
        book.close()
    if not found and not issues:
        issues.append(Issue("", None, "", _("The workbook has none of the template's sheets "
                                            "(%(names)s).") % {
            "names": ", ".join(s.name for s in sheets)}))
    ordered = {s.name: found[s.name] for s in sheets if s.name in found}
    return Workbook(ordered, issues)


def read_csv(source: str | IO[bytes], spec: SheetSpec) -> Workbook:
    """A CSV file as the one sheet ``spec``: UTF-8 (with or without BOM) or Windows-1251,
    columns separated by commas, semicolons or tabs (as the header row shows)."""
    raw = Path(source).read_bytes() if isinstance(source, str | Path) else source.read()
    for encoding in ("utf-8-sig", "cp1251"):
        try:
            text = raw.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:  # pragma: no cover - cp1251 decodes any byte but five; those files are not text
        return Workbook({}, [Issue("", None, "", _("The file is not a text (CSV) file."))])
    if "\x00" in text:
        return Workbook({}, [Issue("", None, "", _("The file is not a text (CSV) file."))])
    header = text.split("\n", 1)[0]
    delimiter = max(",;\t", key=header.count)
    rows = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    issues: list[Issue] = []
    sheet = _read_sheet(rows, spec, "", issues)
    return Workbook({spec.name: sheet}, issues)


def read_file(source: str | IO[bytes], file_name: str,
              sheets: tuple[SheetSpec, ...] = SHEETS, csv_allowed: bool = False) -> Workbook:
    """A workbook, or a CSV file when the kind takes one and the name ends in .csv."""
    if csv_allowed and file_name.lower().endswith(".csv"):
        return read_csv(source, sheets[0])
    return read_workbook(source, sheets)


def _read_sheet(rows: Iterator[Sequence[Any]], spec: SheetSpec, title: str,
                issues: list[Issue]) -> Sheet:
    header = next(rows, None) or ()
    positions: dict[str, int] = {}
    letters: dict[str, str] = {}
    for index, value in enumerate(header):
        name = normalize_header(value)
        letter = get_column_letter(index + 1)
        if not name:
            continue
        if name not in spec.names:
            issues.append(Issue(title, 1, str(value).strip(), _(
                "Unknown column. The columns of this sheet are: %(names)s.") % {
                "names": ", ".join(spec.names)}, letter))
        elif name in positions:
            issues.append(Issue(title, 1, name, _("The column appears twice."), letter))
        else:
            positions[name] = index
            letters[name] = letter
    missing = {c.name for c in spec.columns if c.required and c.name not in positions}
    for name in sorted(missing, key=spec.names.index):
        issues.append(Issue(title, 1, name, _("Missing required column.")))
    sheet = Sheet(spec, title, letters, missing, [])
    for number, raw in enumerate(rows, start=2):
        if not raw or all(v is None or (isinstance(v, str) and not v.strip()) for v in raw):
            continue
        row = Row(number, {})
        for name, index in positions.items():
            column = spec.column(name)
            value = raw[index] if index < len(raw) else None
            try:
                row.values[name] = column.parse(value)
            except CellError as exc:
                row.bad.add(name)
                issues.append(sheet.issue(number, name, exc.message))
        sheet.rows.append(row)
    return sheet
