"""CSV and XLSX export of any list page, with the page's filters and columns."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable

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
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    wb = Workbook(write_only=True)
    ws = wb.create_sheet(filename[:31])
    header_cells = []
    for h in headers:
        cell = WriteOnlyCell(ws, value=h)
        cell.font = Font(bold=True)
        header_cells.append(cell)
    ws.append(header_cells)
    for row in rows:
        ws.append(row)
    buf = io.BytesIO()
    wb.save(buf)
    response = HttpResponse(
        buf.getvalue(),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    response["Content-Disposition"] = f'attachment; filename="{filename}.xlsx"'
    return response


def _objects(queryset, decorate, size: int = 2000):
    """The queryset's objects, read and prepared (``decorate``) ``size`` at a time."""
    batch = []
    for obj in queryset.iterator(chunk_size=size):
        batch.append(obj)
        if len(batch) == size:
            decorate(batch)
            yield from batch
            batch = []
    decorate(batch)
    yield from batch


def export_queryset(kind: str, name: str, model, columns: list[Column], queryset,
                    decorate=lambda objects: None):
    """The queryset as a CSV or XLSX download; ``decorate`` prepares each batch of objects
    for the columns, as a list page's ``decorate`` prepares its page."""
    from abonent.core.tables import resolve_label

    headers = [force_str(resolve_label(model, c)) for c in columns]
    stamp = timezone.now().strftime("%Y%m%d-%H%M")
    filename = f"{name}-{stamp}"
    if kind == "xlsx":
        cells = ([c.cell(o) for c in columns] for o in _objects(queryset, decorate))
        return export_xlsx(filename, headers, cells)
    return export_csv(filename, headers,
                      ([c.text(o) for c in columns] for o in _objects(queryset, decorate)))
