from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from abonent.billing.models import MONEY
from abonent.collections.aging import OVERDUE
from abonent.collections.choices import Stage
from abonent.collections.models import CollectionCase, Instalment, PaymentPlan, StageEvent
from abonent.core.api.base import TenantModelSerializer
from abonent.core.models import User
from abonent.core.tenancy import Access
from abonent.property.models import Building

MONEY_FIELD = {"max_digits": MONEY["max_digits"], "decimal_places": MONEY["decimal_places"],
               "read_only": True}


def members_queryset(access):
    if access.organization is None:
        return User.objects.none()
    return User.objects.filter(memberships__organization_id=access.organization_id,
                               memberships__is_active=True)


class StageEventSerializer(serializers.ModelSerializer):
    class Meta:
        model = StageEvent
        fields = ["id", "stage", "date", "responsible", "note", "created_at"]


class CollectionCaseSerializer(TenantModelSerializer):
    """A collection case of an account: opened, moved forward through the stages by
    ``/advance/``, closed by ``/close/``. At most one open case per account."""

    events = StageEventSerializer(many=True, read_only=True)
    stage = serializers.ChoiceField(choices=Stage.choices, allow_blank=True, read_only=True,
                                    help_text=_("The furthest stage reached (empty before "
                                                "the first step)."))

    class Meta:
        model = CollectionCase
        fields = ["id", "display", "account", "opened_on", "closed_on", "stage", "responsible",
                  "notes", "events", "created_at", "updated_at"]
        read_only_fields = ["closed_on", "stage"]

    def get_fields(self):
        fields = super().get_fields()
        fields["responsible"].queryset = members_queryset(self.access)
        return fields


class AdvanceSerializer(serializers.Serializer):
    stage = serializers.ChoiceField(choices=Stage.choices, help_text=_(
        "The stage reached: the current one again, or a later one."))
    date = serializers.DateField()
    responsible = serializers.PrimaryKeyRelatedField(queryset=User.objects.none(),
                                                     required=False, allow_null=True)
    note = serializers.CharField(required=False, allow_blank=True, max_length=2000)

    def __init__(self, *args, access=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["responsible"].queryset = members_queryset(access or Access.none())


class InstalmentSerializer(serializers.ModelSerializer):
    class Meta:
        model = Instalment
        fields = ["number", "due_date", "amount"]


class PaymentPlanSerializer(TenantModelSerializer):
    """A payment plan with its instalments, and how it stands today: paid so far (the
    account's payments since the start), due so far, and the numbers of missed instalments."""

    instalments = InstalmentSerializer(many=True, read_only=True)
    paid = serializers.SerializerMethodField()
    due = serializers.SerializerMethodField()
    missed = serializers.SerializerMethodField()

    class Meta:
        model = PaymentPlan
        fields = ["id", "display", "account", "total", "start", "instalments_count", "status",
                  "notes", "instalments", "paid", "due", "missed", "created_at", "updated_at"]

    def _progress(self, plan):
        return self.context["view"].standing[plan.pk]

    @staticmethod
    def _money(value) -> str:
        return f"{value:.2f}"

    def get_paid(self, plan) -> str:
        return self._money(self._progress(plan).paid)

    def get_due(self, plan) -> str:
        return self._money(self._progress(plan).due)

    def get_missed(self, plan) -> list[int]:
        return [item.number for item in self._progress(plan).missed]


class DebtorQuerySerializer(serializers.Serializer):
    as_of = serializers.DateField(required=False, help_text=_("The day the ages are counted "
                                                              "to (default: today)."))
    building = serializers.PrimaryKeyRelatedField(queryset=Building.objects.none(),
                                                  required=False)
    min_amount = serializers.DecimalField(required=False, min_value=0, max_digits=14,
                                          decimal_places=2, help_text=_("Overdue at least."))
    bucket = serializers.ChoiceField(required=False, choices=[(b.value, b.label)
                                                              for b in OVERDUE])
    stage = serializers.ChoiceField(required=False, choices=[("none", _("no open case")),
                                                             *Stage.choices])

    def __init__(self, *args, access=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["building"].queryset = Building.objects.restrict(access or Access.none())


class DebtorSerializer(serializers.Serializer):
    """An account with an overdue debt: its open debt by how long it is overdue."""

    account = serializers.IntegerField(source="account_id")
    number = serializers.CharField()
    current = serializers.DecimalField(help_text=_("Not yet due."), **MONEY_FIELD)
    d30 = serializers.DecimalField(help_text=_("1–30 days overdue."), **MONEY_FIELD)
    d60 = serializers.DecimalField(help_text=_("31–60 days overdue."), **MONEY_FIELD)
    d90 = serializers.DecimalField(help_text=_("61–90 days overdue."), **MONEY_FIELD)
    over90 = serializers.DecimalField(help_text=_("More than 90 days overdue."), **MONEY_FIELD)
    overdue = serializers.DecimalField(**MONEY_FIELD)
    outstanding = serializers.DecimalField(**MONEY_FIELD)
    stage = serializers.CharField(allow_blank=True, help_text=_(
        "The stage of the account's open case (empty: no case or no step yet)."))
    case = serializers.IntegerField(source="case_id", allow_null=True)


class OpenLineSerializer(serializers.Serializer):
    service = serializers.IntegerField(source="service.pk")
    period = serializers.IntegerField(source="period.pk")
    period_start = serializers.DateField(source="period.start")
    due_date = serializers.DateField()
    days_overdue = serializers.IntegerField()
    bucket = serializers.CharField()
    amount = serializers.DecimalField(**MONEY_FIELD)


class AccountDebtSerializer(serializers.Serializer):
    account = serializers.IntegerField(source="account.pk")
    as_of = serializers.DateField()
    total = serializers.DecimalField(**MONEY_FIELD)
    overdue = serializers.DecimalField(**MONEY_FIELD)
    credit = serializers.DecimalField(**MONEY_FIELD)
    lines = OpenLineSerializer(many=True)
