"""The downloadable workbook template of an import kind: an instructions sheet, then one sheet
per kind of row with its header, a note on every column and the example rows. Texts are in the
active language; column names and sheet names stay the stable English keys."""

from __future__ import annotations

import io

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from abonent.imports.cells import TYPE_LABELS, ColumnType
from abonent.imports.spec import INSTRUCTIONS_SHEET, Column, SheetSpec

HEADER_FILL = PatternFill("solid", fgColor="DCE6F2")
REQUIRED_FILL = PatternFill("solid", fgColor="F8DDA4")
BOLD = Font(bold=True)
WRAP = Alignment(wrap_text=True, vertical="top")


def instructions() -> list[str]:
    """The general rules, as paragraphs (also shown on the import page)."""
    return [
        _("Fill in the sheets of this workbook and upload it on the “Import a workbook” page, "
          "or run: abonent import buildings FILE.xlsx --org ORGANIZATION."),
        _("Keep the column names in the first row of each sheet as they are: they are the "
          "same in every language. You may leave out sheets and optional columns you do not "
          "need, and the columns may be in any order. Required columns are highlighted."),
        _("Replace the example rows with your own data. Rows refer to rows of earlier sheets "
          "by their keys: units to buildings by building_code, ownership and accounts to "
          "people by person_ref, residents and benefits to accounts by account_ref or "
          "number. They may also refer to rows already in Abonent."),
        _("The whole file is checked before anything is saved. Every problem is listed with "
          "its sheet, row and column, and nothing is imported until all are fixed."),
        _("Importing the same file again changes nothing; changed cells update the existing "
          "rows. An import never deletes anything."),
        _("An empty cell clears the value or sets the default. A column that is left out "
          "keeps the existing values as they are."),
        _("Dates: a date cell, or text as YYYY-MM-DD or DD.MM.YYYY. Numbers: a number cell, "
          "or text with a decimal point or comma. Yes/no: yes, no, true, false, 1 or 0."),
    ]


def allowed_values(column: Column) -> str:
    return ", ".join(column.values)


def type_label(column: Column) -> str:
    return str(TYPE_LABELS[column.type])


def _instructions_sheet(wb: Workbook, kind) -> None:
    ws = wb.create_sheet(INSTRUCTIONS_SHEET)
    ws.append([str(kind.title)])
    ws["A1"].font = Font(bold=True, size=14)
    ws.append([])
    for paragraph in kind.instructions():
        ws.append([paragraph])
        ws.merge_cells(start_row=ws.max_row, start_column=1, end_row=ws.max_row, end_column=5)
        ws.cell(ws.max_row, 1).alignment = WRAP
        ws.row_dimensions[ws.max_row].height = 45
    for sheet in kind.sheets:
        ws.append([])
        ws.append([sheet.name, str(sheet.title)])
        ws.cell(ws.max_row, 1).font = Font(bold=True, size=12)
        ws.append([str(sheet.key_help)])
        ws.append([_("Column"), _("Type"), _("Required"), _("Meaning"), _("Allowed values")])
        for cell in ws[ws.max_row]:
            cell.font = BOLD
            cell.fill = HEADER_FILL
        for column in sheet.columns:
            ws.append([column.name, type_label(column), _("yes") if column.required else "",
                       str(column.help), allowed_values(column)])
            for cell in ws[ws.max_row]:
                cell.alignment = WRAP
    for letter, width in zip("ABCDE", (22, 16, 10, 70, 30), strict=True):
        ws.column_dimensions[letter].width = width


NUMBER_FORMATS = {ColumnType.DATE: "yyyy-mm-dd", ColumnType.TEXT: "@",
                  ColumnType.DECIMAL: "0.00"}


def _data_sheet(wb: Workbook, sheet: SheetSpec) -> None:
    ws = wb.create_sheet(sheet.name)
    ws.append(sheet.names)
    ws.freeze_panes = "A2"
    for index, column in enumerate(sheet.columns, start=1):
        letter = get_column_letter(index)
        cell = ws.cell(1, index)
        cell.font = BOLD
        cell.fill = REQUIRED_FILL if column.required else HEADER_FILL
        note = str(column.help)
        if column.values:
            note += "\n" + _("Allowed values: %(values)s") % {"values": allowed_values(column)}
        cell.comment = Comment(note, "Abonent", width=320, height=140)
        ws.column_dimensions[letter].width = max(12, len(column.name) + 4)
        if column.type == ColumnType.CHOICE:
            validation = DataValidation(type="list", allow_blank=True,
                                        formula1='"{}"'.format(",".join(column.values)))
            validation.add(f"{letter}2:{letter}5000")
            ws.add_data_validation(validation)
    for example in sheet.examples:
        ws.append([example.get(name) for name in sheet.names])
    for index, column in enumerate(sheet.columns, start=1):
        fmt = NUMBER_FORMATS.get(column.type)
        if fmt:
            # On the whole column too, so that what the user types later keeps its form:
            # "12/3" or "1-2" in a text column must not become a date.
            ws.column_dimensions[get_column_letter(index)].number_format = fmt
            for row in range(2, ws.max_row + 1):
                ws.cell(row, index).number_format = fmt


def build_template(kind: str = "buildings") -> bytes:
    """The template of an import kind (kinds.py): instructions, then its sheets."""
    from abonent.imports.kinds import get

    what = get(kind)
    wb = Workbook()
    wb.remove(wb.active)
    _instructions_sheet(wb, what)
    for sheet in what.sheets:
        _data_sheet(wb, sheet)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


TEMPLATE_FILE_NAME = "abonent-import-template.xlsx"
