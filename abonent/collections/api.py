"""REST API of collections: the debtors with their aging buckets (read), collection cases
(list, read, open, change, move forward, close) and payment plans (read, with how they
stand)."""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from abonent.collections import selectors
from abonent.collections.filtersets import CollectionCaseFilterSet, PaymentPlanFilterSet
from abonent.collections.models import CollectionCase, Debtor, PaymentPlan
from abonent.collections.serializers import (
    AccountDebtSerializer,
    AdvanceSerializer,
    CollectionCaseSerializer,
    DebtorQuerySerializer,
    DebtorSerializer,
    PaymentPlanSerializer,
)
from abonent.collections.services import case_advance
from abonent.core.api.base import CloseMixin, ReadOnlyTenantViewSet, RestrictedMixin, TenantViewSet
from abonent.core.api.schema import VALIDATION_ERROR
from abonent.core.choices import Action


class DebtorViewSet(RestrictedMixin, viewsets.GenericViewSet):
    """Accounts with an overdue debt, their open debt by aging bucket (days past the due date
    of the period it is for, counted to ``as_of``), most overdue first."""

    model = Debtor
    serializer_class = DebtorSerializer
    filter_backends: list = []
    http_method_names = ["get", "head", "options"]

    @extend_schema(parameters=[DebtorQuerySerializer], responses=DebtorSerializer(many=True))
    def list(self, request):
        query = DebtorQuerySerializer(data=request.query_params, access=request.access)
        query.is_valid(raise_exception=True)
        params = {"as_of": timezone.localdate(), **query.validated_data}
        rows = selectors.debtor_list(request.access, **params)
        page = self.paginate_queryset(rows)
        return self.get_paginated_response(DebtorSerializer(page, many=True).data)

    @extend_schema(responses=AccountDebtSerializer, description=_(
        "One account's open debt by service and period, with due dates and ages."))
    def retrieve(self, request, pk=None):
        account = self.get_object()
        debt = selectors.account_debts([account], as_of=timezone.localdate())[account.pk]
        return Response(AccountDebtSerializer(debt).data)


class CollectionCaseViewSet(CloseMixin, TenantViewSet):
    model = CollectionCase
    serializer_class = CollectionCaseSerializer
    filterset_class = CollectionCaseFilterSet
    select_related = ("account",)
    ordering_fields = ["opened_on", "closed_on"]
    ordering = ["-opened_on"]

    def get_queryset(self):
        return super().get_queryset().prefetch_related("events")

    @extend_schema(request=AdvanceSerializer, operation_id="collection_cases_advance",
                   responses={200: CollectionCaseSerializer, 400: OpenApiResponse(
                       VALIDATION_ERROR, description=_("A stage before the current one, a "
                                                       "date before the last step, or a "
                                                       "closed case."))},
                   description=_("Move the case forward: a stage, its date, who is "
                                 "responsible and a note (change right)."))
    @action(detail=True, methods=["post"], access_action=Action.CHANGE)
    def advance(self, request, pk=None):
        case = self.get_object()
        data = AdvanceSerializer(data=request.data, access=request.access)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        case_advance(access=request.access, case=case, stage=values["stage"],
                     on=values["date"], responsible=values.get("responsible"),
                     note=values.get("note", ""))
        return Response(self.get_serializer(self.get_queryset().get(pk=case.pk)).data)


class PaymentPlanViewSet(ReadOnlyTenantViewSet):
    model = PaymentPlan
    serializer_class = PaymentPlanSerializer
    filterset_class = PaymentPlanFilterSet
    select_related = ("account",)
    ordering_fields = ["start", "total"]
    ordering = ["-start"]
    standing: dict = {}

    def get_queryset(self):
        return super().get_queryset().prefetch_related("instalments")

    def paginate_queryset(self, queryset):
        page = super().paginate_queryset(queryset)
        self.standing = selectors.plans_standing(list(page or []), as_of=timezone.localdate())
        return page

    def get_object(self):
        plan = super().get_object()
        self.standing = selectors.plans_standing([plan], as_of=timezone.localdate())
        return plan


ROUTES = [("debtors", DebtorViewSet), ("collection-cases", CollectionCaseViewSet),
          ("payment-plans", PaymentPlanViewSet)]
