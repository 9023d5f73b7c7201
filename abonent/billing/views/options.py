"""The organization's billing settings: one record, shown and edited on its own page."""

from __future__ import annotations

from django.http import HttpResponseRedirect

from abonent.billing.forms import BillingSettingsForm
from abonent.billing.models import BillingSettings
from abonent.billing.views.base import BillingPages
from abonent.core.choices import Action
from abonent.core.views import generic


class SettingsHome(BillingPages, generic.ObjectEditView):
    """``/billing/settings/``: the settings' page, or (never saved yet) a form with the
    defaults; nothing is written until the form is saved."""

    model = BillingSettings
    form_class = BillingSettingsForm
    editable = False

    def get_instance(self):
        return BillingSettings(organization=self.access.organization)

    def existing(self):
        return BillingSettings.objects.restrict(self.access).first()

    def get(self, request, *args, **kwargs):
        settings = self.existing()
        if settings is not None:
            return HttpResponseRedirect(settings.get_absolute_url())
        self.access.require("billing", Action.CHANGE)
        return super().get(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        self.access.require("billing", Action.CHANGE)
        settings = self.existing()
        if settings is not None:
            return HttpResponseRedirect(settings.get_absolute_url())
        return super().post(request, *args, **kwargs)


class SettingsDetail(BillingPages, generic.ObjectDetailView):
    model = BillingSettings
    addable = False


class SettingsEdit(BillingPages, generic.ObjectEditView):
    model = BillingSettings
    form_class = BillingSettingsForm
    addable = False
