"""Reading a workbook into typed rows, and reporting every problem of its shape and cells.

The first row of each sheet holds the column names (the stable English keys of spec.py),
the rows below it the data; empty rows are skipped. Row numbers in messages are the
spreadsheet's own, so that the user finds the cell.
"""

from __future__ import annotations

import zipfile
from dataclasses import dataclass, field
from typing import IO, Any

from django.utils.translation import gettext as _
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter
from openpyxl.utils.exceptions import InvalidFileException

from abonent.imports.cells import CellError
from abonent.imports.spec import INSTRUCTIONS_SHEET, SHEETS, SHEETS_BY_NAME, SheetSpec


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


def read_workbook(source: str | IO[bytes]) -> Workbook:
    try:
        book = load_workbook(source, read_only=True, data_only=True)
    except (zipfile.BadZipFile, InvalidFileException, KeyError, OSError, ValueError):
        return Workbook({}, [Issue("", None, "", _(
            "The file is not an Excel workbook (.xlsx). Save it as “Excel Workbook” and "
            "upload it again."))])
    issues: list[Issue] = []
    found: dict[str, Sheet] = {}
    try:
        for ws in book.worksheets:
            title = ws.title.strip()
            spec = SHEETS_BY_NAME.get(title.lower())
            if title.lower() == INSTRUCTIONS_SHEET.lower():
                continue
            if spec is None:
                issues.append(Issue(title, None, "", _(
                    "Unknown sheet. The sheets of the template are: %(names)s.") % {
                    "names": ", ".join(s.name for s in SHEETS)}))
                continue
            if spec.name in found:
                issues.append(Issue(title, None, "", _("The workbook has this sheet twice.")))
                continue
            found[spec.name] = _read_sheet(ws, spec, title, issues)
    finally:
        book.close()
    if not found and not issues:
        issues.append(Issue("", None, "", _("The workbook has none of the template's sheets "
                                            "(%(names)s).") % {
            "names": ", ".join(s.name for s in SHEETS)}))
    ordered = {s.name: found[s.name] for s in SHEETS if s.name in found}
    return Workbook(ordered, issues)


def _read_sheet(ws, spec: SheetSpec, title: str, issues: list[Issue]) -> Sheet:
    rows = ws.iter_rows(values_only=True)
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
