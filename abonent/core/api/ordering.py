"""Ordering with its allowed fields in the schema: ``?ordering=-opened_on,number``."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from rest_framework import filters


class OrderingFilter(filters.OrderingFilter):
    ordering_description = _("Sort by these fields, comma-separated; a leading - sorts "
                             "descending.")

    def get_schema_operation_parameters(self, view):
        fields = [name for name, _label in
                  self.get_valid_fields(view.get_queryset(), view, {"request": None})]
        return [{
            "name": self.ordering_param,
            "required": False,
            "in": "query",
            "description": str(self.ordering_description),
            "schema": {"type": "array",
                       "items": {"type": "string",
                                 "enum": [*fields, *(f"-{name}" for name in fields)]}},
            "style": "form",
            "explode": False,
        }]
