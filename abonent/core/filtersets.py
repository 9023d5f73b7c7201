"""Base FilterSet: one per model, serving the list pages and the API alike."""

from functools import reduce
from operator import or_

import django_filters
from django import forms
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from abonent.core.pickers import use_pickers
from abonent.core.tenancy import TenantModel


class TenantFilterSet(django_filters.FilterSet):
    """Free-text ``q`` over ``search_fields``; related choices limited to the user's reach."""

    q = django_filters.CharFilter(method="filter_q", label=_("Search"))
    search_fields: tuple[str, ...] = ()

    def __init__(self, *args, request=None, **kwargs):
        super().__init__(*args, request=request, **kwargs)
        access = getattr(request, "access", None) if request is not None else None
        for f in self.filters.values():
            queryset = getattr(f, "queryset", None)  # django-filter reads f.queryset
            if isinstance(queryset, QuerySet) and issubclass(queryset.model, TenantModel):
                queryset = queryset.restrict(access) if access is not None else queryset.none()
                related = getattr(queryset.model, "str_select_related", ())
                f.queryset = queryset.select_related(*related) if related else queryset
        form = self.form
        form.fields["q"].widget.input_type = "search"
        use_pickers(form)

    def filter_q(self, queryset, name, value):
        words = value.split()
        if not words or not self.search_fields:
            return queryset
        for word in words:
            queryset = queryset.filter(
                reduce(or_, (Q(**{f"{field}__icontains": word}) for field in self.search_fields)))
        return queryset


def filterset_for(model: type) -> type[TenantFilterSet]:
    """The FilterSet of a model (one per model), e.g. for the related-object picker."""
    pending = list(TenantFilterSet.__subclasses__())
    while pending:
        cls = pending.pop()
        if cls._meta.model is model:
            return cls
        pending.extend(cls.__subclasses__())
    raise LookupError(f"no FilterSet for {model._meta.label}")


def closed_filter():
    """``closed=true|false`` (API and UI); the page offers All / Open / Closed."""
    choices = [("", _("All")), ("false", _("Open")), ("true", _("Closed"))]
    return django_filters.BooleanFilter(method="filter_closed", label=_("Status"),
                                        widget=forms.Select(choices=choices))


class ClosableFilterMixin:
    def filter_closed(self, queryset, name, value):
        field = queryset.model.close_field
        if value is None:
            return queryset
        return queryset.filter(**{f"{field}__isnull": not value})
