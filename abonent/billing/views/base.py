"""What the billing pages share: read-only pages, extra tables on a detail page, and actions
that ask for a confirmation before they change anything."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import models
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import render

from abonent.billing.tables import MoneyColumn
from abonent.core.choices import Action
from abonent.core.tables import Column, related_paths, resolve_label
from abonent.core.views.generic import ModelViewMixin


class BillingPages:
    """Pages of a model that the UI adds only (``editable = False``: a run, an adjustment) or
    never adds (``addable = False``: a receipt, a ledger entry): their buttons are hidden."""

    addable = True
    editable = True

    def detail_fields(self, obj) -> list[tuple[Any, Any]]:
        """The details card, with amounts in their two decimals as in the tables."""
        names = self.fields or [f.name for f in self.opts.concrete_fields
                                if f.editable and f.name != "id"]
        columns = [MoneyColumn(name) if is_money(self.model, name) else Column(name)
                   for name in names]
        return [(resolve_label(self.model, column), column.value(obj)) for column in columns]

    def base_context(self) -> dict[str, Any]:
        context = super().base_context()
        context["can_add"] = context["can_add"] and self.addable
        context["can_change"] = context["can_change"] and self.editable
        return context


def is_money(model, name: str) -> bool:
    try:
        field = model._meta.get_field(name)
    except Exception:
        return False
    return isinstance(field, models.DecimalField) and field.decimal_places == 2


def table(title, model, objects, columns: list[Column], add_url: str | None = None) -> dict:
    """A table of rows below a detail page's card, shaped like the generic related tables."""
    return {
        "title": title,
        "headers": [resolve_label(model, c) for c in columns],
        "rows": [{"obj": o, "cells": [(c, c.value(o)) for c in columns]} for o in objects],
        "add_url": add_url,
    }


def get_restricted(model, access, pk, action: str = Action.VIEW):
    """One row within the user's reach for ``action``, or 404."""
    row = model.objects.restrict(access, action).filter(pk=pk).first()
    if row is None:
        raise Http404
    return row


def related_rows(access, model, columns: list[Column], **filters):
    """Rows of ``model`` within the user's reach, joined for ``columns``."""
    qs = model.objects.restrict(access).filter(**filters)
    paths = related_paths(model, columns)
    return qs.select_related(*paths) if paths else qs


class ConfirmView(ModelViewMixin):
    """An action on one row: GET asks for a confirmation, POST performs it.

    ``action`` is the roles.py right it needs; a service's ValidationError is shown as a
    message on the row's page, nothing having changed.
    """

    action: str = Action.CHANGE
    title: str = ""
    question: str = ""
    button: str = ""
    danger: bool = False
    #: a form the action needs (a reason); its ``cleaned_data`` is on the view in ``perform``
    form_class: Any = None
    cleaned_data: dict[str, Any] = {}
    template_name = "billing/confirm.html"

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and request.access.organization is not None:
            request.access.require(self.model.permission_area, self.action)
        return super().dispatch(request, *args, **kwargs)

    def perform(self, obj) -> str:
        """Do the action; return the success message."""
        raise NotImplementedError

    def done_url(self, obj) -> str:
        return obj.get_absolute_url()

    def render_confirm(self, obj, form=None, status: int = 200):
        return render(self.request, self.template_name, {
            **self.base_context(), "object": obj, "title": self.title % {"name": obj},
            "question": self.question % {"name": obj}, "button": self.button,
            "danger": self.danger, "cancel_url": obj.get_absolute_url(), "form": form},
            status=status)

    def get(self, request, *args, **kwargs):
        obj = self.get_object(self.action)
        return self.render_confirm(obj, self.form_class() if self.form_class else None)

    def post(self, request, *args, **kwargs):
        obj = self.get_object(self.action)
        if self.form_class is not None:
            form = self.form_class(request.POST)
            if not form.is_valid():
                return self.render_confirm(obj, form, status=400)
            self.cleaned_data = form.cleaned_data
        try:
            message = self.perform(obj)
        except ValidationError as exc:
            for error in exc.messages:
                messages.error(request, error)
            return HttpResponseRedirect(obj.get_absolute_url())
        messages.success(request, message)
        return HttpResponseRedirect(self.done_url(obj))
