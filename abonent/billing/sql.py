"""Plain SQL reads for the run's hot paths.

A chunk reads tens of thousands of rows per query with thousands of ids in its filter; through
the ORM most of that time goes into compiling ``IN (%s, %s, …)`` and converting every value.
Here a list of ids is one parameter (an array on PostgreSQL, a JSON array on SQLite) and only
the columns that need it are converted (SQLite returns decimals as floats).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Sequence
from datetime import date
from decimal import Decimal
from typing import Any

from django.db import connection
from django.db.models import Field, Model


def table(model: type[Model]) -> str:
    return connection.ops.quote_name(model._meta.db_table)


def column(model: type[Model], name: str) -> str:
    return connection.ops.quote_name(model._meta.get_field(name).column)


def field(model: type[Model], name: str) -> Field:
    return model._meta.get_field(name)


def in_ids(expression: str, ids: Iterable[int]) -> tuple[str, list[Any]]:
    """``expression`` is one of ``ids``: the SQL and its one parameter."""
    values = [int(pk) for pk in ids]
    if connection.vendor == "postgresql":
        return f"{expression} = ANY(%s)", [values]
    return f"{expression} IN (SELECT value FROM json_each(%s))", [json.dumps(values)]


def _decimal(places: int) -> Callable[[Any], Decimal | None]:
    exponent = Decimal(1).scaleb(-places)

    def convert(value: Any) -> Decimal | None:
        # a float read back from SQLite: its shortest repr is the decimal that was stored
        return None if value is None else Decimal(repr(value)).quantize(exponent)

    return convert


def _date(value: Any) -> date | None:
    # a column read as it is comes back as a date (Django registers the converter), the
    # result of an expression as text
    return date.fromisoformat(value) if isinstance(value, str) else value


def _converter(model_field: Field | None) -> Callable[[Any], Any] | None:
    if model_field is None or connection.vendor == "postgresql":
        return None
    kind = model_field.get_internal_type()
    if kind == "DecimalField":
        return _decimal(model_field.decimal_places)
    if kind == "DateField":
        return _date
    return None


def select(sql: str, params: Sequence[Any], fields: Sequence[Field | None]) -> list[tuple]:
    """The rows of ``sql``, each value converted as the ORM would for ``fields`` (one per
    selected column, ``None`` for a value used as it comes)."""
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    converters = [(index, convert) for index, model_field in enumerate(fields)
                  if (convert := _converter(model_field)) is not None]
    if not converters:
        return rows
    converted = []
    for row in rows:
        values = list(row)
        for index, convert in converters:
            values[index] = convert(values[index])
        converted.append(tuple(values))
    return converted


#: chunk numbers after which a run refreshes the planner's statistics of the tables it fills
#: (the tables grow by a factor of three between two of them)
ANALYZE_AFTER = frozenset(3 ** power for power in range(12))


def analyze(*models: type[Model]) -> None:
    """Refresh PostgreSQL's statistics of the tables of ``models`` (a sampled ANALYZE).

    A run fills its tables from nothing in minutes, faster than autovacuum notices: planned
    with the statistics of an empty table, a lookup of 2,000 accounts in a table grown to
    hundreds of thousands of rows becomes a sequential scan comparing every row with every
    id, and each chunk is slower than the one before. SQLite plans by its indexes without
    statistics; nothing to do there.
    """
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE " + ", ".join(table(model) for model in models))
