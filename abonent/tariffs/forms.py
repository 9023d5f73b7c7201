from __future__ import annotations

from decimal import Decimal

from django import forms
from django.core.validators import DecimalValidator
from django.utils.translation import gettext_lazy as _

from abonent.core.forms import TenantModelForm
from abonent.tariffs.choices import ChargeMethod, Scope
from abonent.tariffs.models import (
    QUANTITY,
    RATE,
    Service,
    Subscription,
    Tariff,
    TariffVersion,
    format_bands,
    parse_bands,
)

#: Service fields that matter only for some charge methods (the others ignore them).
METHOD_FIELDS: dict[str, tuple[str, ...]] = {
    "tier_mode": (ChargeMethod.TIERED,),
    "tiers_per_resident": (ChargeMethod.TIERED,),
    "base_service": (ChargeMethod.COMMON,),
    "distribution": (ChargeMethod.COMMON,),
    "cap_per_unit": (ChargeMethod.COMMON,),
    "negative_rule": (ChargeMethod.COMMON,),
}


def show_only_when(form: forms.BaseForm, controller: str, shown: dict[str, tuple[str, ...]]):
    """Mark fields that matter only for some values of ``controller``; the form's script
    (tariffs/conditional_fields.js) hides the others. The server rules stay in clean()."""
    for name, values in shown.items():
        if name in form.fields:
            attrs = form.fields[name].widget.attrs
            attrs["data-shown-by"] = controller
            attrs["data-shown-for"] = " ".join(str(value) for value in values)


class ServiceForm(TenantModelForm):
    class Meta:
        model = Service
        fields = ["code", "name", "unit", "method", "tier_mode", "tiers_per_resident",
                  "base_service", "distribution", "cap_per_unit", "negative_rule", "tax_rate",
                  "tax_mode", "position"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        measured = self.fields["base_service"]
        measured.queryset = measured.queryset.filter(
            method__in=[ChargeMethod.METERED, ChargeMethod.TIERED]).exclude(pk=self.instance.pk)
        show_only_when(self, "method", METHOD_FIELDS)


class TariffForm(TenantModelForm):
    class Meta:
        model = Tariff
        fields = ["service", "scope", "building", "account", "name"]
        help_texts = {"name": _("Optional; left empty, the tariff is named by its service and "
                                "what it applies to.")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        show_only_when(self, "scope", {"building": (Scope.BUILDING,),
                                       "account": (Scope.ACCOUNT,)})


class BandsField(forms.CharField):
    """The ``bands`` JSON edited as text: ``100: 3.25; 250: 4.10; 5.80``."""

    widget = forms.TextInput(attrs={"placeholder": "100: 3.25; 250: 4.10; 5.80"})

    def to_python(self, value):
        text = super().to_python(value)
        return parse_bands(text) if text else []

    def validate(self, value):
        super().validate(value)
        for number, band in enumerate(value, start=1):
            for key, size in (("up_to", QUANTITY), ("rate", RATE)):
                if band[key] is None:
                    continue
                try:
                    DecimalValidator(size["max_digits"], size["decimal_places"])(
                        Decimal(band[key]))
                except forms.ValidationError as exc:
                    raise forms.ValidationError(
                        _("Band %(number)s: %(error)s"),
                        params={"number": number, "error": " ".join(exc.messages)}) from None

    def prepare_value(self, value):
        return format_bands(value) if isinstance(value, list) else value

    def has_changed(self, initial, data):
        try:
            return self.to_python(data) != (initial or [])
        except forms.ValidationError:
            return True


class TariffVersionForm(TenantModelForm):
    bands = BandsField(
        label=_("bands"), required=False,
        help_text=_("Tiered services only: \"limit: rate\" for each band, separated by "
                    "semicolons, then the rate of the rest without a limit: "
                    "100: 3.25; 250: 4.10; 5.80."))

    class Meta:
        model = TariffVersion
        fields = ["tariff", "effective_from", "effective_until", "rate", "norm", "bands"]

    def add_error(self, field, error):
        # Bands that cannot be read are reported once: the model's check of the (then
        # unchanged) bands would only add a second, confusing message to the same field.
        if field is None and "bands" in self.errors and hasattr(error, "error_dict"):
            rest = {name: errors for name, errors in error.error_dict.items()
                    if name != "bands"}
            if not rest:
                return
            error = forms.ValidationError(rest)
        super().add_error(field, error)


class SubscriptionForm(TenantModelForm):
    class Meta:
        model = Subscription
        fields = ["service", "building", "account", "date_from", "date_to"]
        help_texts = {"account": _("Or one account only: leave the building empty.")}
