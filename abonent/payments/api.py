"""REST API of payments: list and read payments, post one (idempotent by source and external
id), reverse one with a reason. Posting goes through ``posting.post_payments``."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from abonent.core.api.base import RestrictedMixin
from abonent.core.api.schema import VALIDATION_ERROR
from abonent.core.choices import Action
from abonent.payments.filtersets import PaymentFilterSet
from abonent.payments.models import Payment
from abonent.payments.posting import Incoming, post_payments, reverse_payment
from abonent.payments.serializers import PaymentSerializer, ReverseSerializer


class PaymentViewSet(RestrictedMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin,
                     viewsets.GenericViewSet):
    """Payments, each posted once and spread over the account's debts (oldest first by
    default); what is left becomes a credit."""

    model = Payment
    serializer_class = PaymentSerializer
    filterset_class = PaymentFilterSet
    select_related = ("account",)
    http_method_names = ["get", "post", "head", "options"]
    ordering_fields = ["received_at", "value_date", "amount"]
    ordering = ["-received_at"]

    def get_queryset(self):
        return super().get_queryset().prefetch_related("allocations__entry")

    @extend_schema(responses={201: PaymentSerializer, 200: PaymentSerializer,
                              400: VALIDATION_ERROR},
                   description=_("Post a payment. The same source and external_id sent again "
                                 "returns the payment already posted, with status 200."))
    def create(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        request.access.require("payment", Action.ADD)
        posted = post_payments(request.access.organization, [Incoming(
            account_id=data["account"].pk, amount=data["amount"],
            value_date=data["value_date"], channel=data["channel"], source=data["source"],
            external_id=data["external_id"], payer_name=data.get("payer_name", ""),
            reference=data.get("reference", ""))], user=request.user)
        payment = (posted.payments or posted.duplicates)[0]
        code = status.HTTP_201_CREATED if posted.payments else status.HTTP_200_OK
        return Response(self.get_serializer(self.get_queryset().get(pk=payment.pk)).data,
                        status=code)

    @extend_schema(request=ReverseSerializer,
                   responses={200: PaymentSerializer, 400: OpenApiResponse(
                       VALIDATION_ERROR, description=_("No reason, or already reversed."))},
                   operation_id="payments_reverse",
                   description=_("Take a posted payment back: every part is reversed in the "
                                 "ledger with the reason (approve right)."))
    @action(detail=True, methods=["post"], access_action=Action.APPROVE)
    def reverse(self, request, pk=None):
        payment = self.get_object()
        data = ReverseSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        payment = reverse_payment(payment, reason=data.validated_data["reason"],
                                  user=request.user)
        return Response(self.get_serializer(self.get_queryset().get(pk=payment.pk)).data)


ROUTES = [("payments", PaymentViewSet)]
