from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from abonent.core.api.base import TenantModelSerializer
from abonent.payments.models import Allocation, Payment


class AllocationSerializer(serializers.ModelSerializer):
    service = serializers.PrimaryKeyRelatedField(source="entry.service", read_only=True)
    service_period = serializers.PrimaryKeyRelatedField(source="entry.service_period",
                                                        read_only=True)
    amount = serializers.DecimalField(source="paid", max_digits=14, decimal_places=2,
                                      read_only=True)

    class Meta:
        model = Allocation
        fields = ["kind", "service", "service_period", "amount", "entry"]


class PaymentSerializer(TenantModelSerializer):
    """A payment. POST posts one: `source` and `external_id` identify it at its origin, and
    the same pair sent again returns the payment already posted (200) instead of posting it
    twice (201 for a new one)."""

    source = serializers.CharField(max_length=60, default="api",
                                   help_text=_("Where the payment comes from (your system's "
                                               "name); with external_id it is the payment's "
                                               "identity."))
    allocations = AllocationSerializer(many=True, read_only=True)

    class Meta:
        model = Payment
        fields = ["id", "display", "account", "amount", "value_date", "received_at", "channel",
                  "source", "external_id", "payer_name", "reference", "strategy",
                  "allocation_reason", "period", "status", "posted_by", "reversal_reason",
                  "reversed_at", "reversed_by", "allocations", "created_at", "updated_at"]
        read_only_fields = ["received_at", "strategy", "allocation_reason", "period", "status",
                            "posted_by", "reversal_reason", "reversed_at", "reversed_by"]

    def validate(self, attrs):
        # the (source, external id) pair is the payment's identity: a repeat is answered, not
        # refused, by the view
        return serializers.ModelSerializer.validate(self, attrs)


class ReverseSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=500, help_text=_("Why the payment is taken "
                                                               "back; kept with the reversal."))
