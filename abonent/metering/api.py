"""API of meters and readings. Readings are written only through the metering services: a
refused reading is a 400 naming the field and the reason, a held one a 201 with status
"held"; held readings are reviewed with ``POST …/{id}/accept/`` and ``…/reject/``."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.decorators import action
from rest_framework.response import Response

from abonent.core.api.base import CloseMixin, TenantModelSerializer, TenantViewSet
from abonent.core.choices import Action
from abonent.metering import services
from abonent.metering.filtersets import MeterFilterSet, ReadingFilterSet
from abonent.metering.models import Meter, Reading
from abonent.metering.selectors import meter_services
from abonent.property.models import Building


class MeterSerializer(TenantModelSerializer):
    """An individual meter (of an account) or a common meter (of a building)."""

    building = serializers.PrimaryKeyRelatedField(
        queryset=Building.objects.all(),
        required=False,
        help_text=_("Required for a common meter; an individual meter is in its account's "
                    "building."))
    is_common = serializers.BooleanField(read_only=True)

    class Meta:
        model = Meter
        fields = ["id", "display", "service", "account", "building", "is_common", "serial",
                  "digits", "multiplier", "initial_value", "installed_on", "verified_until",
                  "removed_on", "created_at", "updated_at"]
        read_only_fields = ["removed_on"]

    def get_fields(self):
        fields = super().get_fields()
        fields["service"].queryset = meter_services(self.access)
        return fields

    def validate(self, attrs):
        attrs = super().validate(attrs)
        account = attrs.get("account", getattr(self.instance, "account", None))
        building = attrs.get("building", getattr(self.instance, "building", None))
        if account is None and building is None:
            raise serializers.ValidationError({"building": _(
                "A common meter needs its building; an individual meter needs its account.")})
        return attrs

    def save_instance(self, instance):
        return services.meter_save(access=self.access, instance=instance)


class ReadingSerializer(TenantModelSerializer):
    """A meter's value on a day. Status, reason, rollover and consumption are worked out by
    Abonent: see docs/metering.md."""

    class Meta:
        model = Reading
        fields = ["id", "display", "meter", "date", "value", "source", "author", "status",
                  "reason", "rollover", "consumption", "created_at", "updated_at"]
        read_only_fields = ["author", "status", "reason", "rollover", "consumption"]

    def validate_meter(self, value):
        if self.instance is not None and value != self.instance.meter:
            raise serializers.ValidationError(_("A reading's meter never changes."))
        return value

    def create(self, validated_data):
        return services.reading_record(
            access=self.access, meter=validated_data["meter"], date=validated_data["date"],
            value=validated_data["value"], source=validated_data.get("source", "staff"),
            author=self.access.user)

    def update(self, instance, validated_data):
        return services.reading_correct(
            access=self.access, reading=instance,
            date=validated_data.get("date", instance.date),
            value=validated_data.get("value", instance.value))


class RejectSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=300, required=False, allow_blank=True,
                                   help_text=_("Why; kept on the reading."))


class MeterViewSet(CloseMixin, TenantViewSet):
    """Meters. Removing a meter is closing it (`POST …/{id}/close/`), not before its last
    reading."""

    model = Meter
    serializer_class = MeterSerializer
    filterset_class = MeterFilterSet
    select_related = ("service",)
    ordering_fields = ["serial", "installed_on", "verified_until", "removed_on", "created_at"]
    ordering = ["building", "account", "service"]

    def close_instance(self, instance, on):
        return services.meter_close(access=self.request.access, meter=instance, on=on)


class ReadingViewSet(TenantViewSet):
    """Readings. POST checks the reading (date, dial, previous reading, spike): a refused one
    is a 400, a spike held for review is a 201 with status "held". PUT and PATCH correct the
    meter's latest reading, checked again the same way."""

    model = Reading
    serializer_class = ReadingSerializer
    filterset_class = ReadingFilterSet
    select_related = ("meter__service",)
    ordering_fields = ["date", "value", "consumption", "status", "created_at"]
    ordering = ["meter", "-date"]

    @extend_schema(request=None, summary=_("Accept a held reading"),
                   description=_("Billing uses it from now on; its consumption, and the next "
                                 "accepted reading's, are counted again."))
    @action(detail=True, methods=["post"], access_action=Action.CHANGE)
    def accept(self, request, pk=None):
        reading = services.reading_accept(access=request.access, reading=self.get_object())
        return Response(self.get_serializer(reading).data)

    @extend_schema(request=RejectSerializer, summary=_("Reject a reading"),
                   description=_("A held reading, or the meter's latest accepted one (withdrawn "
                                 "as a mistake). It stays, with status rejected."))
    @action(detail=True, methods=["post"], access_action=Action.CHANGE)
    def reject(self, request, pk=None):
        reading = self.get_object()
        body = RejectSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        reading = services.reading_reject(access=request.access, reading=reading,
                                          reason=body.validated_data.get("reason", ""))
        return Response(self.get_serializer(reading).data)


ROUTES = [
    ("meters", MeterViewSet),
    ("readings", ReadingViewSet),
]
