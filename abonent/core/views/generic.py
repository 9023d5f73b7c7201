"""Generic staff views. Every list, detail, form and export gets its rows through
``Model.objects.restrict(request.access, action)``: permissions are never checked by hand."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import models
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import View

from abonent.core.audit_display import readable_changes
from abonent.core.choices import Action
from abonent.core.export import export_queryset
from abonent.core.forms import CloseForm
from abonent.core.models import AuditEntry
from abonent.core.services import object_close, object_save
from abonent.core.tables import Column, related_paths, resolve_label
from abonent.core.tenancy import Access


def add_errors(form, exc: ValidationError) -> None:
    """Put a service's ValidationError on the form, on its field where the form has one."""
    if not hasattr(exc, "error_dict"):
        form.add_error(None, exc)
        return
    for field, errors in exc.error_dict.items():
        form.add_error(field if field in form.fields else None, errors)


class StaffView(LoginRequiredMixin, View):
    """A signed-in staff member acting in an organization."""

    @property
    def access(self) -> Access:
        return self.request.access

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        if request.access.organization is None:
            raise PermissionDenied(_("You are not a member of any organization."))
        return super().dispatch(request, *args, **kwargs)


class ModelViewMixin(StaffView):
    model: type[models.Model]

    @property
    def opts(self):
        return self.model._meta

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and request.access.organization is not None:
            request.access.require(self.model.permission_area, Action.VIEW)
        return super().dispatch(request, *args, **kwargs)

    def url_name(self, action: str) -> str:
        return f"{self.opts.app_label}:{self.opts.model_name}_{action}"

    def base_context(self) -> dict[str, Any]:
        area = self.model.permission_area
        return {
            "opts": self.opts,
            "model_name": self.opts.verbose_name,
            "model_name_plural": self.opts.verbose_name_plural,
            "list_url": reverse(self.url_name("list")),
            "can_add": self.access.can(area, Action.ADD),
            "can_change": self.access.can(area, Action.CHANGE),
            "can_close": self.access.can(area, Action.CLOSE)
            and bool(getattr(self.model, "close_field", None)),
            "can_export": self.access.can(area, Action.EXPORT),
            "can_audit": self.access.can("audit", Action.VIEW),
            "url_prefix": f"{self.opts.app_label}:{self.opts.model_name}",
        }

    def get_object(self, action: str = Action.VIEW):
        qs = self.model.objects.restrict(self.access, action)
        try:
            return qs.get(pk=self.kwargs["pk"])
        except (self.model.DoesNotExist, ValueError, ValidationError):
            raise Http404 from None


class ObjectListView(ModelViewMixin):
    filterset_class: Any = None
    columns: list[Column] = []
    default_sort: str = ""
    per_page = 50
    template_name = "core/object_list.html"
    export_name = ""
    export_columns: list[Column] | None = None  # default: the page's columns

    def decorate(self, objects: list) -> None:
        """Hook: prepare a page of rows for display (batch look-ups, no N+1)."""

    def get_queryset(self):
        qs = self.model.objects.restrict(self.access, Action.VIEW)
        paths = related_paths(self.model, self.columns)
        return qs.select_related(*paths) if paths else qs

    def sortable(self) -> dict[str, Column]:
        return {c.name: c for c in self.columns if c.sortable}

    def get(self, request, *args, **kwargs):
        filterset = self.filterset_class(request.GET or None, queryset=self.get_queryset(),
                                         request=request)
        if not filterset.is_bound:
            qs = filterset.queryset
        else:  # an invalid filter shows its error and no rows, never everything
            qs = filterset.qs if filterset.is_valid() else filterset.queryset.none()
        sort = request.GET.get("sort", self.default_sort)
        if sort.lstrip("-") not in self.sortable():
            sort = self.default_sort
        group = request.GET.get("group", "")
        groupable = {c.name: c for c in self.columns if c.groupable}
        if group not in groupable:
            group = ""
        ordering = [o for o in (group, sort) if o] + ["pk"]
        qs = qs.order_by(*ordering)

        export = request.GET.get("export")
        if export in ("csv", "xlsx"):
            self.access.require(self.model.permission_area, Action.EXPORT)
            return export_queryset(export, self.export_name or str(self.opts.model_name),
                                   self.model, self.export_columns or self.columns, qs,
                                   decorate=self.decorate)

        page = Paginator(qs, self.per_page).get_page(request.GET.get("page"))
        objects = list(page.object_list)
        self.decorate(objects)
        rows = [
            {"obj": obj, "cells": [(c, c.value(obj)) for c in self.columns],
             "group": groupable[group].text(obj) if group else None}
            for obj in objects
        ]
        params = request.GET.copy()
        params.pop("page", None)
        sort_params = params.copy()
        sort_params.pop("sort", None)
        context = {
            **self.base_context(),
            "filterset": filterset,
            "headers": [
                {"column": c, "label": resolve_label(self.model, c),
                 "sorted": sort.lstrip("-") == c.name,
                 "descending": sort.startswith("-"),
                 "next_sort": ("" if sort == f"-{c.name}" else
                               f"-{c.name}" if sort == c.name else c.name)}
                for c in self.columns
            ],
            "rows": rows,
            "page": page,
            "sort": sort,
            "group": group,
            "groupable": [(c.name, resolve_label(self.model, c)) for c in groupable.values()],
            "querystring": params.urlencode(),
            "sort_querystring": sort_params.urlencode(),
        }
        template = "core/_object_table.html" if request.headers.get("HX-Request") and \
            request.headers.get("HX-Target") == "object-table" else self.template_name
        return render(request, template, context)


class ObjectDetailView(ModelViewMixin):
    template_name = "core/object_detail.html"
    fields: list[str] | None = None  # shown on the details card; default: all editable
    related: list[tuple[str, str, list[Column]]] = []  # (title, accessor, columns)

    def detail_fields(self, obj) -> list[tuple[Any, Any]]:
        names = self.fields or [f.name for f in self.opts.concrete_fields
                                if f.editable and f.name not in ("id",)]
        rows = []
        for name in names:
            column = Column(name)
            rows.append((resolve_label(self.model, column), column.value(obj)))
        return rows

    def related_tables(self, obj) -> list[dict[str, Any]]:
        tables = []
        for title, accessor, columns in self.related:
            manager = getattr(obj, accessor)
            related_model = manager.model
            qs = related_model.objects.restrict(self.access).filter(pk__in=manager.all())
            paths = related_paths(related_model, columns)
            if paths:
                qs = qs.select_related(*paths)
            qs = self.related_queryset(accessor, qs)
            tables.append({
                "title": title,
                "headers": [resolve_label(related_model, c) for c in columns],
                "rows": [{"obj": o, "cells": [(c, c.value(o)) for c in columns]}
                         for o in qs[:200]],
                "add_url": self.related_add_url(related_model, obj),
            })
        return tables

    def related_queryset(self, accessor: str, queryset):
        """Hook: annotate a related table's rows (a tariff's prices in force, say)."""
        return queryset

    def related_add_url(self, related_model, obj) -> str | None:
        if not self.access.can(related_model.permission_area, Action.ADD):
            return None
        meta = related_model._meta
        try:
            url = reverse(f"{meta.app_label}:{meta.model_name}_add")
        except Exception:
            return None
        return f"{url}?{self.opts.model_name}={obj.pk}"

    def extra_context(self, obj) -> dict[str, Any]:
        """Hook: more for the page's template (a chart, review buttons)."""
        return {}

    def get(self, request, *args, **kwargs):
        obj = self.get_object()
        close_field = getattr(self.model, "close_field", None)
        context = {
            **self.base_context(),
            "object": obj,
            "details": self.detail_fields(obj),
            "related_tables": self.related_tables(obj),
            "is_closed": bool(close_field and getattr(obj, close_field)),
            **self.extra_context(obj),
        }
        return render(request, self.template_name, context)


class ObjectHistoryView(ModelViewMixin):
    def get(self, request, *args, **kwargs):
        self.access.require("audit", Action.VIEW)
        obj = self.get_object()
        entries = list(AuditEntry.objects.restrict(self.access).filter(
            object_type=self.opts.label_lower, object_id=str(obj.pk))[:500])
        readable_changes(entries, self.access)
        return render(request, "core/_history.html", {"entries": entries})


class ObjectEditView(ModelViewMixin):
    form_class: Any
    template_name = "core/object_form.html"

    def get_instance(self):
        if "pk" in self.kwargs:
            return self.get_object(Action.CHANGE)
        self.access.require(self.model.permission_area, Action.ADD)
        return self.model(organization=self.access.organization)

    def initial(self) -> dict[str, Any]:
        """Prefill related fields from the query string (?unit=5 on 'add account')."""
        return {k: v for k, v in self.request.GET.items() if k in self.form_class._meta.fields}

    def render_form(self, form, instance):
        context = {**self.base_context(), "form": form, "object": instance,
                   "is_new": instance._state.adding}
        return render(self.request, self.template_name, context,
                      status=400 if form.is_bound and form.errors else 200)

    def get(self, request, *args, **kwargs):
        instance = self.get_instance()
        form = self.form_class(instance=instance, access=self.access, initial=self.initial())
        return self.render_form(form, instance)

    def save(self, form):
        return object_save(access=self.access, instance=form.instance)

    def post(self, request, *args, **kwargs):
        instance = self.get_instance()
        form = self.form_class(request.POST, request.FILES, instance=instance, access=self.access)
        if form.is_valid():
            try:
                obj = self.save(form)
                form._save_m2m()
            except ValidationError as exc:
                add_errors(form, exc)
            else:
                messages.success(request, _("%(name)s saved.") % {"name": obj})
                return HttpResponseRedirect(obj.get_absolute_url())
        return self.render_form(form, instance)


class ObjectCloseView(ModelViewMixin):
    template_name = "core/object_close.html"

    def get(self, request, *args, **kwargs):
        obj = self.get_object(Action.CLOSE)
        return render(request, self.template_name,
                      {**self.base_context(), "object": obj, "form": CloseForm()})

    def close(self, obj, on):
        """Hook: the service that closes (a model with its own closing rules names its own)."""
        return object_close(access=self.access, instance=obj, on=on)

    def post(self, request, *args, **kwargs):
        obj = self.get_object(Action.CLOSE)
        form = CloseForm(request.POST)
        if form.is_valid():
            try:
                self.close(obj, form.cleaned_data["closed_on"])
            except ValidationError as exc:
                for errors in exc.message_dict.values():
                    for error in errors:
                        form.add_error("closed_on", error)
            else:
                messages.success(request, _("%(name)s closed.") % {"name": obj})
                return HttpResponseRedirect(obj.get_absolute_url())
        return render(request, self.template_name,
                      {**self.base_context(), "object": obj, "form": form}, status=400)


def crud_urls(prefix: str, *, list_view, detail_view, edit_view=None, close_view=None,
              editable: bool = True):
    """The standard URL set of a model: list, add, detail, edit, close, history.

    Without ``edit_view`` the model is read-only on the pages (no add, no edit: a receipt);
    with ``editable=False`` rows are added but never edited afterwards (a billing run).
    """
    from django.urls import path

    model = detail_view.model
    name = model._meta.model_name
    urls = [
        path(f"{prefix}/", list_view.as_view(), name=f"{name}_list"),
        path(f"{prefix}/<int:pk>/", detail_view.as_view(), name=f"{name}_detail"),
        path(f"{prefix}/<int:pk>/history/", type("History", (ObjectHistoryView,),
                                                 {"model": model}).as_view(),
             name=f"{name}_history"),
    ]
    if edit_view is not None:
        urls.append(path(f"{prefix}/add/", edit_view.as_view(), name=f"{name}_add"))
        if editable:
            urls.append(path(f"{prefix}/<int:pk>/edit/", edit_view.as_view(),
                             name=f"{name}_edit"))
    if getattr(model, "close_field", None):
        close = close_view or type("Close", (ObjectCloseView,), {"model": model})
        urls.append(path(f"{prefix}/<int:pk>/close/", close.as_view(), name=f"{name}_close"))
    return urls
