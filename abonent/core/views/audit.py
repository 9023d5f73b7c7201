"""The audit page: every recorded change in the organization, searchable."""

import django_filters
from django import forms
from django.template.loader import render_to_string
from django.utils.translation import gettext_lazy as _

from abonent.core.audit_display import readable_changes
from abonent.core.choices import AuditAction, AuditSource
from abonent.core.models import AuditEntry
from abonent.core.tables import Column
from abonent.core.views import generic


def object_type_choices() -> list[tuple[str, str]]:
    # A callable, read each time the form is drawn: a list computed once would be frozen into
    # the filter's cached field (the API schema builds it once) before all models are known.
    from abonent.core.audit import audited_models

    return sorted(((m._meta.label_lower, str(m._meta.verbose_name).capitalize())
                   for m in audited_models()), key=lambda c: c[1])


class AuditFilterSet(django_filters.FilterSet):
    actor = django_filters.CharFilter(field_name="actor_label", lookup_expr="icontains",
                                      label=_("Who"))
    object_type = django_filters.ChoiceFilter(choices=object_type_choices, label=_("Object type"))
    object_id = django_filters.CharFilter(label=_("Object id"))
    object = django_filters.CharFilter(field_name="object_repr", lookup_expr="icontains",
                                       label=_("Object"))
    action = django_filters.ChoiceFilter(choices=AuditAction.choices, label=_("Action"))
    source = django_filters.ChoiceFilter(choices=AuditSource.choices, label=_("Source"))
    since = django_filters.DateFilter(field_name="timestamp", lookup_expr="date__gte",
                                      label=_("From"),
                                      widget=forms.DateInput(attrs={"type": "date"}))
    until = django_filters.DateFilter(field_name="timestamp", lookup_expr="date__lte",
                                      label=_("Until"),
                                      widget=forms.DateInput(attrs={"type": "date"}))

    class Meta:
        model = AuditEntry
        fields = ["actor", "object_type", "object_id", "object", "action", "source", "since",
                  "until"]

    def __init__(self, *args, request=None, **kwargs):
        super().__init__(*args, request=request, **kwargs)


class AuditList(generic.ObjectListView):
    model = AuditEntry
    filterset_class = AuditFilterSet
    template_name = "core/audit_list.html"
    columns = [
        Column("timestamp"),
        Column("who", label=_("who"), sortable=False),
        Column("remote_addr", sortable=False),
        Column("action", groupable=True),
        Column("object_type_label", label=_("object type"), sortable=False),
        Column("object_repr"),
        Column("source", groupable=True),
        Column("source_detail", sortable=False),
        Column("changes_html", label=_("changes"), sortable=False),
    ]
    export_columns = [*columns[:-1], Column("changes", sortable=False)]
    default_sort = "-timestamp"
    export_name = "audit"

    def decorate(self, objects):
        readable_changes(objects, self.access)
        for entry in objects:
            entry.changes_html = render_to_string("core/_changes.html", {"changes": entry.readable})
