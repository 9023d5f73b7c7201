"""Hand-built workbooks for the import tests: sheets as lists of dicts, written with openpyxl."""

from __future__ import annotations

import copy
import io
from typing import Any

from openpyxl import Workbook

from abonent.imports.spec import SHEETS


def workbook(sheets: dict[str, list[dict[str, Any]]],
             headers: dict[str, list[str]] | None = None) -> io.BytesIO:
    """An .xlsx in memory: one sheet per key, its header the union of the rows' keys."""
    wb = Workbook()
    wb.remove(wb.active)
    for name, rows in sheets.items():
        ws = wb.create_sheet(name)
        columns = (headers or {}).get(name) or list(dict.fromkeys(k for r in rows for k in r))
        ws.append(columns)
        for row in rows:
            ws.append([row.get(c) for c in columns])
    buf = io.BytesIO()
    wb.save(buf)
    buf.seek(0)
    buf.name = "onboarding.xlsx"
    return buf


def example_sheets() -> dict[str, list[dict[str, Any]]]:
    """The template's example rows: one building, three units, four people, ..."""
    return {s.name: [copy.deepcopy(r) for r in s.examples] for s in SHEETS}
