"""OpenAPI generation: every operation documents the errors it can answer with.

drf-spectacular documents the successful response; the API also answers 400 (validation, bad
filter), 401 (no or bad token), 403 (role, or not a member of the organization) and 404 (a row
out of reach, a page past the end). Documenting them keeps the schema true for clients and for
the schemathesis run in the test suite.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from drf_spectacular import openapi
from drf_spectacular.plumbing import get_view_model
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter
from rest_framework import serializers
from rest_framework.schemas.utils import get_pk_description


class ErrorSerializer(serializers.Serializer):
    detail = serializers.CharField(help_text=_("What went wrong, in the user's language."))

    class Meta:
        ref_name = "Error"


VALIDATION_ERROR = {
    "type": "object",
    "description": _(
        "Errors by field name; errors not tied to one field are under non_field_errors. "
        "A malformed request body is reported under detail."),
    "additionalProperties": {
        "anyOf": [
            {"type": "string"},
            {"type": "array", "items": {"type": "string"}},
            {"type": "object", "additionalProperties": {}},
        ],
    },
}

ORGANIZATION_HEADER = OpenApiParameter(
    name="X-Organization",
    type=OpenApiTypes.STR,
    location=OpenApiParameter.HEADER,
    required=False,
    description=_("The organization to act in (its id or short name), for users who are members "
                  "of several. Without it, the first of the user's organizations by name."),
)


class AutoSchema(openapi.AutoSchema):
    #: operations open to anonymous clients (the token endpoint) set this False
    requires_auth = True

    def _is_detail(self) -> bool:
        return "{" in self.path

    def get_override_parameters(self):
        params = super().get_override_parameters()
        if self.requires_auth:
            params = [*params, ORGANIZATION_HEADER]
        return params

    def error_responses(self) -> dict[str, tuple[object, str]]:
        errors: dict[str, tuple[object, str]] = {}
        writes = self.method in ("POST", "PUT", "PATCH")
        if writes or self._is_list_view():
            errors["400"] = (VALIDATION_ERROR, _("Invalid data or filter."))
        if writes:
            errors["415"] = (ErrorSerializer, _("The body is not in a supported media type."))
        if self.requires_auth:
            errors["401"] = (ErrorSerializer, _("No or invalid credentials."))
            errors["403"] = (ErrorSerializer, _("Your role does not allow this, or you are not "
                                                "a member of the organization."))
        if self._is_detail():
            errors["404"] = (ErrorSerializer, _("No such object within your reach."))
        elif self._is_list_view():
            errors["404"] = (ErrorSerializer, _("No such page."))
        return errors

    def _resolve_path_parameters(self, variables):
        # The routes accept any segment as the id (a malformed one is a JSON 404, not Django's
        # HTML page); the documented type is still the model's primary key.
        parameters = super()._resolve_path_parameters(variables)
        model = get_view_model(self.view, emit_warnings=False)
        for parameter in parameters:
            if parameter["name"] == "id" and model is not None:
                schema = self._map_model_field(model._meta.pk, direction=None)
                schema.pop("readOnly", None)
                parameter["schema"] = schema
                parameter["description"] = get_pk_description(model, model._meta.pk)
        return parameters

    def get_operation_id(self) -> str:
        operation_id = super().get_operation_id()
        if getattr(self.view, "action", None) == "close":
            operation_id = operation_id.removesuffix("_create")  # "buildings_close"
        return operation_id

    def _get_response_bodies(self, direction="response"):
        responses = super()._get_response_bodies(direction)
        if direction != "response":
            return responses
        for code, (body, description) in self.error_responses().items():
            if code in responses:
                continue
            response = self._get_response_for_code(body, code, direction=direction)
            response["description"] = description
            responses[code] = response
        return responses
