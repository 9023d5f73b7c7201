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


def insert_rows(model: type[Model], columns: Sequence[str], rows: Iterable[Sequence[Any]]) -> int:
    """Insert ``rows`` (tuples in ``columns`` order, JSON columns as Python objects)."""
    table = model._meta.db_table
    json_columns = {index for index, name in enumerate(columns)
                    if model._meta.get_field(name.removesuffix("_id")).get_internal_type()
                    == "JSONField"}
    count = 0
    names = ", ".join(connection.ops.quote_name(name) for name in columns)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row([json.dumps(value) if index in json_columns else value
                                    for index, value in enumerate(row)])
                    count += 1
            return count
        marks = ", ".join(["%s"] * len(columns))
        batch: list[list[Any]] = []
        # names come from the model, never from input
        sql = f"INSERT INTO {table} ({names}) VALUES ({marks})"  # noqa: S608
        for row in rows:
            batch.append([json.dumps(value) if index in json_columns else value
                          for index, value in enumerate(row)])
            count += 1
            if len(batch) >= 5000:
                cursor.executemany(sql, batch)
                batch = []
        if batch:
            cursor.executemany(sql, batch)
    return count
