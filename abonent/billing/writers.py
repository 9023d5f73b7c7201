"""Bulk writers: a chunk's rows in a few statements (COPY on PostgreSQL, executemany on SQLite).

Rows bypass ``save()`` and signals on purpose: these tables are written only by a run, and
their models are not audited row by row (``audited = False``); the run's own audited steps
record who computed, approved and issued it.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from typing import Any

from django.db import connection
from django.db.models import Model


def _json_columns(model: type[Model], columns: Sequence[str]) -> list[int]:
    by_column = {field.column: field for field in model._meta.concrete_fields}
    return [index for index, name in enumerate(columns)
            if by_column[name].get_internal_type() == "JSONField"]


def insert_rows(model: type[Model], columns: Sequence[str], rows: Iterable[Sequence[Any]]) -> int:
    """Insert ``rows`` (tuples in ``columns`` order, JSON columns as Python objects)."""
    table = model._meta.db_table
    json_columns = _json_columns(model, columns)

    def encoded(row: Sequence[Any]) -> Sequence[Any]:
        if not json_columns:
            return row
        values = list(row)
        for index in json_columns:
            values[index] = json.dumps(values[index])
        return values

    count = 0
    names = ", ".join(connection.ops.quote_name(name) for name in columns)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(encoded(row))
                    count += 1
            return count
        marks = ", ".join(["%s"] * len(columns))
        batch: list[Sequence[Any]] = []
        # names come from the model, never from input
        sql = f"INSERT INTO {table} ({names}) VALUES ({marks})"  # noqa: S608
        for row in rows:
            batch.append(encoded(row))
            count += 1
            if len(batch) >= 5000:
                cursor.executemany(sql, batch)
                batch = []
        if batch:
            cursor.executemany(sql, batch)
    return count
