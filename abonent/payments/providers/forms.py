import secrets

from django import forms
from django.utils.translation import gettext_lazy as _

from abonent.core.forms import TenantModelForm
from abonent.payments.models import PaymentProvider
from abonent.payments.providers import registry

MIN_SECRET = 16


class PaymentProviderForm(TenantModelForm):
    """A provider's configuration. The webhook secret is written, never shown back: left
    empty it stays as it is (or, for a new provider, a random one is made)."""

    code = forms.ChoiceField(label=_("provider"))
    new_secret = forms.CharField(
        label=_("webhook secret"), required=False, strip=True,
        widget=forms.PasswordInput(render_value=False, attrs={"autocomplete": "off"}))

    class Meta:
        model = PaymentProvider
        fields = ["code", "is_active", "new_secret", "settings"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["code"].choices = registry.choices()
        secret = self.fields["new_secret"]
        if self.instance.pk:
            self.fields["code"].disabled = True
            secret.help_text = _("Stored, ending in %(hint)s. Type a new one to replace it; "
                                 "leave empty to keep it.") % {"hint": self.instance.secret_hint}
        else:
            secret.help_text = _("The secret the provider signs its webhooks with. Left empty, "
                                 "a random one is made (enough for the sandbox).")

    def clean_new_secret(self):
        value = self.cleaned_data["new_secret"]
        if value and len(value) < MIN_SECRET:
            raise forms.ValidationError(_("A webhook secret has at least %(count)s characters.")
                                        % {"count": MIN_SECRET})
        return value

    def clean(self):
        data = super().clean()
        if data.get("new_secret"):
            self.instance.secret = data["new_secret"]
        elif not self.instance.secret:
            self.instance.secret = secrets.token_urlsafe(32)
        return data
