"""The base every API endpoint stands on: rows through ``restrict``, writes through services.

- ``TenantViewSet.get_queryset`` is ``Model.objects.restrict(request.access, action)``, the
  action taken from the HTTP method (or the route, for ``close``): a row of another
  organization, outside the user's branches, or beyond their role is simply not there (404).
- ``TenantModelSerializer`` limits every related field to rows the requester may see, so a
  foreign id is an ordinary "invalid pk" 400, never a leak; the organization is never read from
  the client; ``create``/``update`` call the model's service (``object_save`` unless the
  serializer names another), which runs ``full_clean`` and the tenancy checks.
- There is no DELETE for domain rows: ``POST .../{id}/close/`` with a date ends a record's life
  through ``object_close``.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import models, transaction
from django.utils.translation import gettext_lazy as _
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.pagination import PageNumberPagination
from rest_framework.parsers import JSONParser
from rest_framework.relations import ManyRelatedField
from rest_framework.response import Response

from abonent.core.api.ordering import OrderingFilter
from abonent.core.api.permissions import action_for
from abonent.core.api.schema import AutoSchema
from abonent.core.choices import Action
from abonent.core.services import object_close, object_save
from abonent.core.tenancy import Access


def request_access(context: dict[str, Any]) -> Access:
    request = context.get("request")
    access = getattr(request, "access", None) if request is not None else None
    return access if access is not None else Access.none()


class Pagination(PageNumberPagination):
    page_size_query_param = "page_size"
    max_page_size = 500

    def get_schema_operation_parameters(self, view):
        parameters = super().get_schema_operation_parameters(view)
        for parameter in parameters:
            parameter["schema"]["minimum"] = 1
            if parameter["name"] == self.page_size_query_param:
                parameter["schema"]["maximum"] = self.max_page_size
        return parameters


class RestrictedRelationsMixin:
    # Every related field offers only rows the requester may see: a foreign id is invalid.
    # (Comments, not docstrings, on the bases: the OpenAPI schema shows docstrings.)

    @property
    def access(self) -> Access:
        return request_access(self.context)

    def get_fields(self):
        fields = super().get_fields()
        access = self.access
        for field in fields.values():
            relation = field.child_relation if isinstance(field, ManyRelatedField) else field
            queryset = getattr(relation, "queryset", None)
            if queryset is not None and hasattr(queryset, "restrict"):
                relation.queryset = (queryset.restrict(access) if access.organization
                                     else queryset.none())
        return fields


class TenantModelSerializer(RestrictedRelationsMixin, serializers.ModelSerializer):
    # Related choices restricted to the requester's reach; writes through a service.

    display = serializers.CharField(source="__str__", read_only=True)

    def validate(self, attrs):
        attrs = super().validate(attrs)
        self._check_unique_in_organization(attrs)
        return attrs

    def _check_unique_in_organization(self, attrs) -> None:
        """Name the field when a code or number is already taken in the organization."""
        model = self.Meta.model
        errors = {}
        for constraint in model._meta.constraints:
            if not isinstance(constraint, models.UniqueConstraint) or constraint.condition:
                continue
            others = [f for f in constraint.fields if f != "organization"]
            if "organization" not in constraint.fields or len(others) != 1:
                continue
            name = others[0]
            if attrs.get(name) in (None, ""):
                continue
            taken = model._default_manager.filter(organization_id=self.access.organization_id,
                                                  **{name: attrs[name]})
            if self.instance is not None:
                taken = taken.exclude(pk=self.instance.pk)
            if taken.exists():
                errors[name] = _("This value is already used in your organization.")
        if errors:
            raise serializers.ValidationError(errors)

    def save_instance(self, instance):
        """The service that validates and writes; serializers of special models override it."""
        return object_save(access=self.access, instance=instance)

    def _split_many(self, validated_data: dict) -> dict:
        many = {f.name for f in self.Meta.model._meta.many_to_many}
        return {name: validated_data.pop(name) for name in list(validated_data) if name in many}

    @transaction.atomic
    def create(self, validated_data):
        many = self._split_many(validated_data)
        instance = self.Meta.model(**validated_data)
        instance = self.save_instance(instance)
        for name, values in many.items():
            getattr(instance, name).set(values)
        return instance

    @transaction.atomic
    def update(self, instance, validated_data):
        many = self._split_many(validated_data)
        for name, value in validated_data.items():
            setattr(instance, name, value)
        instance = self.save_instance(instance)
        for name, values in many.items():
            getattr(instance, name).set(values)
        return instance


class RestrictedMixin:
    # Rows come from ``Model.objects.restrict(request.access, action)``, nowhere else.

    model: type[models.Model]
    #: the action of roles.py this route performs, when the HTTP method does not say it
    access_action: str | None = None
    #: joins that the list and the serializer's ``display`` need
    select_related: tuple[str, ...] = ()
    #: any path segment reaches the view, so a malformed id is a JSON 404 like a missing one
    lookup_value_regex = "[^/]+"
    pagination_class = Pagination
    filter_backends = [DjangoFilterBackend, OrderingFilter]
    parser_classes = [JSONParser]  # the API speaks JSON; the schema says so
    schema = AutoSchema()

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return self.model._default_manager.none()
        action = action_for(self.request, self) or Action.VIEW
        queryset = self.model.objects.restrict(self.request.access, action)
        if self.select_related:
            queryset = queryset.select_related(*self.select_related)
        return queryset


class TenantViewSet(RestrictedMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin,
                    mixins.CreateModelMixin, mixins.UpdateModelMixin, viewsets.GenericViewSet):
    # List, retrieve, create and update the rows ``restrict`` gives; never delete.
    http_method_names = ["get", "post", "put", "patch", "head", "options"]


class ReadOnlyTenantViewSet(RestrictedMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin,
                            viewsets.GenericViewSet):
    # List and retrieve only (the audit trail).
    http_method_names = ["get", "head", "options"]


class CloseSerializer(serializers.Serializer):
    date = serializers.DateField(help_text=_("The day the record ends (closed, moved out, "
                                             "ended, discontinued)."))

    def validate_date(self, value: dt.date) -> dt.date:
        if value.year < 1900 or value.year > 2200:
            raise serializers.ValidationError(_("Enter a date between 1900 and 2200."))
        return value


class CloseMixin:
    # ``POST .../{id}/close/ {"date": "2025-01-31"}``: the API's way to end a record.

    @extend_schema(request=CloseSerializer, summary=_("Close"),
                   description=_("End the record's life on the given date (it stays in the "
                                 "history; nothing is deleted)."))
    @action(detail=True, methods=["post"], access_action=Action.CLOSE)
    def close(self, request, pk=None):
        instance = self.get_object()
        data = CloseSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        close_field = instance.close_field
        try:
            self.close_instance(instance, data.validated_data["date"])
        except DjangoValidationError as exc:
            # The client sent "date"; errors on the model's end-date field are about it.
            if hasattr(exc, "error_dict") and close_field in exc.error_dict:
                exc.error_dict["date"] = exc.error_dict.pop(close_field)
            raise
        return Response(self.get_serializer(instance).data)

    def close_instance(self, instance, on: dt.date):
        """The service that closes; a model with its own closing rules names its own."""
        return object_close(access=self.request.access, instance=instance, on=on)

