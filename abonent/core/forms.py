"""Base form for tenant models: related choices are limited to what the user may see."""

from django import forms

from abonent.core.pickers import use_pickers
from abonent.core.tenancy import Access, TenantModel


def restrict_choices(form: forms.BaseForm, access: Access) -> None:
    for field in form.fields.values():
        if isinstance(field, forms.ModelChoiceField):
            model = field.queryset.model
            if issubclass(model, TenantModel):
                queryset = field.queryset.restrict(access)
                related = getattr(model, "str_select_related", ())
                field.queryset = queryset.select_related(*related) if related else queryset


class TenantModelForm(forms.ModelForm):
    def __init__(self, *args, access: Access, **kwargs):
        self.access = access
        super().__init__(*args, **kwargs)
        if self.instance.organization_id is None and access.organization is not None:
            self.instance.organization = access.organization
        restrict_choices(self, access)
        use_pickers(self)
        for name, field in self.fields.items():
            widget = field.widget
            if isinstance(widget, forms.DateInput):
                widget.input_type = "date"
                widget.format = "%Y-%m-%d"
            css = widget.attrs.get("class", "")
            widget.attrs["class"] = f"{css} field-{name}".strip()


class CloseForm(forms.Form):
    closed_on = forms.DateField(widget=forms.DateInput(attrs={"type": "date"}))
