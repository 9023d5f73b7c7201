"""Audit changes as people read them: field labels, choice labels and related objects by name.

Related objects are looked up in one query per related model for a whole page of entries, and
only among rows the reader may see; others show as ``#id``.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from django.apps import apps
from django.db import models
from django.utils.translation import gettext as _

from abonent.core.tenancy import Access


def _model(label: str) -> type[models.Model] | None:
    try:
        return apps.get_model(label)
    except (LookupError, ValueError):
        return None


def _field(model, name: str):
    try:
        return model._meta.get_field(name)
    except Exception:
        return None


def _names(related: type[models.Model], ids: set, access: Access) -> dict[str, str]:
    if not hasattr(related.objects, "restrict"):  # users: shown by id
        return {}
    queryset = related.objects.restrict(access)
    related_str = getattr(related, "str_select_related", ())
    if related_str:
        queryset = queryset.select_related(*related_str)
    clean = {i for i in ids if str(i).isdigit()}
    return {str(pk): str(obj) for pk, obj in queryset.in_bulk(clean).items()}


def _as_list(value: Any) -> list:
    return value if isinstance(value, list) else [value]


def readable_changes(entries, access: Access) -> None:
    """Attach ``entry.readable`` = [(label, before, after), ...] to each entry."""
    wanted: dict[type[models.Model], set] = defaultdict(set)
    for entry in entries:
        model = _model(entry.object_type)
        for name, pair in (entry.changes or {}).items():
            field = _field(model, name) if model else None
            if field is not None and field.is_relation and field.related_model is not None:
                for value in pair:
                    wanted[field.related_model].update(
                        str(v) for v in _as_list(value) if v is not None)
    names = {m: _names(m, ids, access) for m, ids in wanted.items()}

    def show(field, value) -> str:
        if value is None or value == "" or value == []:
            return "—"
        if field is None:
            return str(value)
        if field.is_relation and field.related_model is not None:
            known = names.get(field.related_model, {})
            return ", ".join(known.get(str(v), f"#{v}") for v in _as_list(value))
        if field.choices:
            return str(dict(field.flatchoices).get(value, value))
        if isinstance(value, bool):
            return _("yes") if value else _("no")
        if isinstance(value, list):
            return ", ".join(str(dict(getattr(field, "base_field", field).choices or []).get(
                v, v)) for v in value)
        return str(value)

    for entry in entries:
        model = _model(entry.object_type)
        rows = []
        for name, (before, after) in (entry.changes or {}).items():
            field = _field(model, name) if model else None
            label = str(getattr(field, "verbose_name", name)) if field is not None else name
            rows.append((label, show(field, before), show(field, after)))
        entry.readable = rows
