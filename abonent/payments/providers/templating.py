"""Templates of this package, kept in ``providers/templates/providers/``.

The package is not a Django app (its models live in ``abonent.payments``), so the app
template loader does not look here. A page is compiled by the project's template engine from
its file: ``{% extends "base.html" %}``, the ``abonent`` tags and the context processors
work as on any page.
"""

from __future__ import annotations

import functools
from pathlib import Path
from typing import Any

from django.conf import settings
from django.http import HttpResponse
from django.template import engines

DIRECTORY = Path(__file__).resolve().parent / "templates" / "providers"


def template(name: str):
    """The compiled page (compiled once; read again on every use under DEBUG)."""
    return _compile.__wrapped__(name) if settings.DEBUG else _compile(name)


@functools.cache
def _compile(name: str):
    return engines["django"].from_string((DIRECTORY / name).read_text(encoding="utf-8"))


def render(request, name: str, context: dict[str, Any], *, status: int = 200) -> HttpResponse:
    return HttpResponse(template(name).render(context, request), status=status)
