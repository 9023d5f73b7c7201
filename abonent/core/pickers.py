"""Choosing a related object among thousands: a search field that fills a short list.

A plain ``<select>`` of every person of a city utility would be megabytes of HTML. For models
marked ``picker = True`` (people, units, accounts) the form renders only the chosen option and a
search input; typing asks ``/pick/<model>/?q=`` (through the model's own FilterSet and
``restrict``, so tenancy and rights apply as everywhere) and the options are swapped in by htmx.
"""

from __future__ import annotations

from django import forms
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class PickerSelect(forms.Select):
    template_name = "core/widgets/picker.html"

    def __init__(self, model_label: str, attrs=None):
        super().__init__(attrs)
        self.model_label = model_label

    def optgroups(self, name, value, attrs=None):
        """Only the empty choice and the selected one: the rest comes from the search."""
        chosen = {str(v) for v in value if v not in (None, "")}
        groups = []
        for index, (option_value, label) in enumerate(self.choices):
            key = str(getattr(option_value, "value", option_value))
            if key == "" or key in chosen:
                groups.append((None, [self.create_option(name, option_value, label,
                                                         key in chosen, index)], index))
        return groups

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        context["widget"]["pick_url"] = reverse("pick", args=[self.model_label])
        context["widget"]["search_label"] = _("Search")
        return context


def use_pickers(form: forms.BaseForm) -> None:
    for field in form.fields.values():
        if isinstance(field, forms.ModelChoiceField) and not isinstance(
                field, forms.ModelMultipleChoiceField):
            model = field.queryset.model
            if getattr(model, "picker", False):
                widget = PickerSelect(model._meta.label_lower, attrs=field.widget.attrs)
                widget.choices = field.widget.choices
                widget.is_required = field.widget.is_required
                field.widget = widget
