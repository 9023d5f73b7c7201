"""Serializers of the organization, its branches and staff, and the audit trail."""

from __future__ import annotations

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from abonent.core.api.base import RestrictedRelationsMixin, TenantModelSerializer
from abonent.core.choices import Action, Language, Role
from abonent.core.models import AuditEntry, Branch, Membership, Organization, User
from abonent.core.staff import staff_add


class OrganizationSerializer(RestrictedRelationsMixin, serializers.ModelSerializer):
    """The organization: country, currency, time zone, language, legal and bank details."""

    website = serializers.URLField(required=False, allow_blank=True, max_length=200)

    class Meta:
        model = Organization
        fields = ["id", "slug", "name", "country", "currency", "time_zone", "language",
                  "legal_name", "tax_id", "address", "phone", "email", "website", "bank_name",
                  "bank_account", "bank_code", "created_at", "updated_at"]
        read_only_fields = ["slug"]

    @transaction.atomic
    def update(self, instance, validated_data):
        self.access.require("organization", Action.CHANGE)
        for name, value in validated_data.items():
            setattr(instance, name, value)
        instance.full_clean()
        instance.save()
        return instance


class BranchSerializer(TenantModelSerializer):
    """An office, department or warehouse of the organization."""

    class Meta:
        model = Branch
        fields = ["id", "display", "code", "name", "kind", "address", "phone", "created_at",
                  "updated_at"]


class StaffUserSerializer(serializers.ModelSerializer):
    """A staff member's user account."""

    email = serializers.EmailField(read_only=True, allow_blank=True)

    class Meta:
        model = User
        fields = ["id", "username", "first_name", "last_name", "email", "language"]
        read_only_fields = fields


class MembershipSerializer(TenantModelSerializer):
    """A staff member's role in the organization; the user account itself is read-only here."""

    user = StaffUserSerializer(read_only=True)

    class Meta:
        model = Membership
        fields = ["id", "display", "user", "role", "branches", "is_active", "created_at",
                  "updated_at"]


class MembershipCreateSerializer(RestrictedRelationsMixin, serializers.Serializer):
    """Adding staff: a new user account and its membership, in one step (like the UI)."""

    username = serializers.CharField(max_length=150)
    password = serializers.CharField(write_only=True, max_length=128, trim_whitespace=False,
                                     style={"input_type": "password"},
                                     help_text=_("The initial password."))
    first_name = serializers.CharField(max_length=150, required=False, allow_blank=True)
    last_name = serializers.CharField(max_length=150, required=False, allow_blank=True)
    email = serializers.EmailField(required=False, allow_blank=True)
    language = serializers.ChoiceField(choices=Language.choices, default=Language.EN)
    role = serializers.ChoiceField(choices=Role.choices)
    branches = serializers.PrimaryKeyRelatedField(
        many=True, queryset=Branch.objects.all(), required=False,
        help_text=_("Leave empty for the whole organization."))

    def validate_username(self, value: str) -> str:
        if User.objects.filter(username__iexact=value).exists():
            raise serializers.ValidationError(_("This username is taken."))
        return value

    def validate(self, attrs):
        try:
            validate_password(attrs["password"], User(username=attrs.get("username", ""),
                                                      email=attrs.get("email", "")))
        except DjangoValidationError as exc:
            raise serializers.ValidationError({"password": list(exc.messages)}) from None
        return attrs

    def create(self, validated_data):
        return staff_add(access=self.access, **validated_data)

    def to_representation(self, instance):
        return MembershipSerializer(instance, context=self.context).data


class AuditEntrySerializer(serializers.ModelSerializer):
    """One recorded create, update or delete of one object."""

    changes = serializers.DictField(
        child=serializers.ListField(child=serializers.JSONField(), min_length=2, max_length=2),
        read_only=True,
        help_text=_("Changed fields: [before, after] (for related sets: [verb, ids])."))

    class Meta:
        model = AuditEntry
        fields = ["id", "timestamp", "actor", "actor_label", "source", "source_detail",
                  "remote_addr", "action", "object_type", "object_id", "object_repr", "changes"]
        read_only_fields = fields
