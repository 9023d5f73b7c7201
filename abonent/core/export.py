"""CSV and XLSX export of any list page, with the page's filters and columns."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from datetime import datetime

from django.http import HttpResponse, StreamingHttpResponse
from django.utils import timezone
from django.utils.encoding import force_str

from abonent.core.tables import Column


class _Echo:
    def write(self, value: str) -> str:
        return value


def export_csv(filename: str, headers: list[str], rows: Iterable[list[str]]):
    writer = csv.writer(_Echo())

    def stream():
        yield "\ufeff"  # so that spreadsheet programs read UTF-8 (Georgian, Cyrillic) correctly
        yield writer.writerow(headers)
        for row in rows:
            yield writer.writerow(row)

    response = StreamingHttpResponse(stream(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}.csv"'
    return response


def export_xlsx(filename: str, headers: list[str], rows: Iterable[list]):
    from openpyxl import Workbook
    from openpyxl.styles import Font

    wb = Workbook(write_only=True)
    ws = wb.create_sheet(filename[:31])
    bold = []
    for h in headers:
        from openpyxl.cell import WriteOnlyCell

        cell = WriteOnlyCell(ws, value=h)
        cell.font = Font(bold=True)
        bold.append(cell)
    ws.append(bold)
    for row in rows:
        ws.append(row)
    buf = io.BytesIO()
    wb.save(buf)
    response = HttpResponse(
        buf.getvalue(),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    response["Content-Disposition"] = f'attachment; filename="{filename}.xlsx"'
    return response


def export_queryset(kind: str, name: str, model, columns: list[Column], queryset):
    from abonent.core.tables import resolve_label

    headers = [force_str(resolve_label(model, c)) for c in columns]
    stamp = timezone.now().strftime("%Y%m%d-%H%M")
    filename = f"{name}-{stamp}"
    if kind == "xlsx":
        def cells():
            for obj in queryset.iterator(chunk_size=2000):
                row = []
                for c in columns:
                    v = c.value(obj)
                    if isinstance(v, datetime):
                        v = timezone.localtime(v).replace(tzinfo=None)
                    elif not isinstance(v, int | float | str | type(None)) and not hasattr(
                            v, "isoformat") and not hasattr(v, "as_tuple"):
                        v = str(v)
                    row.append(v)
                yield row
        return export_xlsx(filename, headers, cells())
    return export_csv(filename, headers,
                      ([c.text(o) for c in columns] for o in queryset.iterator(chunk_size=2000)))
