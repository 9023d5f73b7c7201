"""Column definitions shared by list pages and their CSV/XLSX exports."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db import models
from django.utils import timezone


@dataclass(frozen=True)
class Column:
    name: str  # accessor path with "__" (e.g. "unit__building__city")
    label: Any = None  # defaults to the field's verbose name
    sortable: bool = True
    link: bool = False  # render as a link to the row's detail page
    groupable: bool = False

    def value(self, obj: Any) -> Any:
        current = obj
        for part in self.name.split("__"):
            if current is None:
                return None
            display = getattr(current, f"get_{part}_display", None)
            current = display() if callable(display) else getattr(current, part)
            if callable(current) and not isinstance(current, models.Model):
                current = current()
        return current

    def cell(self, obj: Any) -> Any:
        """The value for a spreadsheet cell: numbers and dates stay typed, times are local."""
        value = self.value(obj)
        if isinstance(value, dt.datetime):
            return timezone.localtime(value).replace(tzinfo=None)
        if value is None or isinstance(value, bool | int | Decimal | dt.date | str):
            return value
        return str(value)

    def text(self, obj: Any) -> str:
        value = self.value(obj)
        if value is None:
            return ""
        if isinstance(value, bool):
            return "✓" if value else ""
        if isinstance(value, Decimal):
            return format(value, "f")
        return str(value)


def resolve_label(model: type[models.Model], column: Column) -> Any:
    if column.label is not None:
        return column.label
    current = model
    field = None
    for part in column.name.split("__"):
        try:
            field = current._meta.get_field(part)
        except Exception:
            return part.replace("_", " ")
        if field.is_relation and field.related_model is not None:
            current = field.related_model
    return field.verbose_name if field is not None else column.name


def related_paths(model: type[models.Model], columns: list[Column]) -> list[str]:
    """select_related paths the columns need, so a list page runs a fixed number of queries.

    A related model whose ``__str__`` reads further relations names them in
    ``str_select_related`` (a unit's name includes its building's address).
    """
    paths: set[str] = set()

    def add(path: list[str], target: type[models.Model]) -> None:
        joined = "__".join(path)
        paths.add(joined)
        for extra in getattr(target, "str_select_related", ()):
            paths.add(f"{joined}__{extra}")

    for column in columns:
        current = model
        walked: list[str] = []
        for part in column.name.split("__"):
            try:
                field = current._meta.get_field(part)
            except Exception:
                break
            if not (field.many_to_one or field.one_to_one):
                break
            walked.append(part)
            current = field.related_model
            add(walked, current)
    return sorted(paths)
