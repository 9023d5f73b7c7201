"""One exception handler turns application errors into API responses.

- A model's or service's ``django.core.exceptions.ValidationError`` becomes 400 with the
  errors by field, exactly like a serializer's: ``{"floor": ["The building has only 9
  floors."]}``; errors not tied to a field go under ``non_field_errors``.
- Everything DRF knows (401, 403, 404, 405, 429, its own 400s) keeps DRF's shape:
  ``{"detail": "..."}`` or the errors by field.
"""

from __future__ import annotations

from django.core.exceptions import NON_FIELD_ERRORS
from django.core.exceptions import ValidationError as DjangoValidationError
from rest_framework import exceptions
from rest_framework.serializers import as_serializer_error
from rest_framework.settings import api_settings
from rest_framework.views import exception_handler as drf_exception_handler


def exception_handler(exc, context):
    if isinstance(exc, DjangoValidationError):
        detail = as_serializer_error(exc)
        if NON_FIELD_ERRORS in detail:
            detail[api_settings.NON_FIELD_ERRORS_KEY] = detail.pop(NON_FIELD_ERRORS)
        exc = exceptions.ValidationError(detail=detail)
    return drf_exception_handler(exc, context)
