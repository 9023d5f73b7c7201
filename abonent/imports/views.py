"""The import page of each kind (kinds.py): upload a file, see what it would change (or every
problem), confirm. A selector leads to the other kinds the user may import.

The upload is checked with a dry run and kept (``ImportBatch``, its kind in ``summary``) until
the user confirms; the confirmation imports it for real, checking it again against the data
as it is then.
"""

from __future__ import annotations

import datetime as dt
import io

from django.db import transaction
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone

from abonent.core import audit
from abonent.core.choices import Action
from abonent.core.views.generic import StaffView
from abonent.imports import kinds
from abonent.imports.choices import BatchStatus, Outcome
from abonent.imports.forms import WorkbookUploadForm
from abonent.imports.models import ImportBatch
from abonent.imports.services import ImportResult, file_digest, import_workbook
from abonent.imports.template import build_template

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
KEEP_UNCONFIRMED = dt.timedelta(days=1)


class ImportView(StaffView):
    """Only for roles that may import the kind (``<area>``/``import`` in roles.py)."""

    def dispatch(self, request, *args, **kwargs):
        try:
            self.kind = kinds.get(kwargs.pop("kind", kinds.BUILDINGS.name))
        except KeyError:
            raise Http404 from None
        if request.user.is_authenticated and request.access.organization is not None:
            request.access.require(self.kind.area, Action.IMPORT)
        return super().dispatch(request, *args, **kwargs)

    def form(self, *args):
        return WorkbookUploadForm(*args, csv=self.kind.csv)

    def render_result(self, result: ImportResult | None, form=None, batch=None):
        recent = ImportBatch.objects.filter(
            organization=self.access.organization, status=BatchStatus.APPLIED
        ).select_related("user")[:50]
        context = {
            "kind": self.kind,
            "kinds": kinds.kinds_for(self.access),
            "form": form or self.form(),
            "result": result,
            "batch": batch,
            "outcomes": list(Outcome),
            "instructions": self.kind.instructions(),
            "links": [(label, reverse(name)) for label, name in self.kind.links],
            "template_url": reverse("imports:template") if self.kind == kinds.BUILDINGS else
            reverse("imports:import_template", args=[self.kind.name]),
            "recent": [b for b in recent if batch_kind(b) == self.kind.name][:10],
        }
        if self.request.headers.get("HX-Request"):
            return render(self.request, "imports/_result.html", context)
        return render(self.request, "imports/import.html", context)


def batch_kind(batch: ImportBatch) -> str:
    return (batch.summary or {}).get("kind", kinds.BUILDINGS.name)


class ImportPageView(ImportView):
    def get(self, request):
        return self.render_result(None)

    def post(self, request):
        form = self.form(request.POST, request.FILES)
        if not form.is_valid():
            return self.render_result(None, form=form)
        upload = form.cleaned_data["workbook"]
        content = upload.read()
        result = import_workbook(organization=self.access.organization,
                                 source=io.BytesIO(content), file_name=upload.name,
                                 user=request.user, remote_addr=audit.current().remote_addr,
                                 dry_run=True, kind=self.kind.name)
        ImportBatch.objects.filter(
            organization=self.access.organization, created_at__lt=timezone.now() -
            KEEP_UNCONFIRMED).exclude(status=BatchStatus.APPLIED).delete()
        batch = ImportBatch.objects.create(
            organization=self.access.organization, user=request.user, file_name=upload.name,
            sha256=file_digest(content), content=content if result.ok else b"",
            status=BatchStatus.PREVIEWED if result.ok else BatchStatus.INVALID,
            summary=result.summary(), error_count=len(result.issues))
        return self.render_result(result, batch=batch)


class ImportApplyView(ImportView):
    def post(self, request, pk: int):
        with transaction.atomic():
            batch = ImportBatch.objects.select_for_update().filter(
                pk=pk, organization=self.access.organization, user=request.user,
                status=BatchStatus.PREVIEWED).first()
            if batch is None or batch_kind(batch) != self.kind.name:
                raise Http404
            result = import_workbook(
                organization=self.access.organization, source=io.BytesIO(bytes(batch.content)),
                file_name=batch.file_name, user=request.user,
                remote_addr=audit.current().remote_addr, kind=self.kind.name)
            batch.summary = result.summary()
            batch.error_count = len(result.issues)
            if result.applied:
                batch.status = BatchStatus.APPLIED
                batch.applied_at = timezone.now()
                batch.content = b""
            else:
                batch.status = BatchStatus.INVALID
            batch.save()
        return self.render_result(result, batch=batch)


class TemplateDownloadView(ImportView):
    def get(self, request):
        response = HttpResponse(build_template(self.kind.name), content_type=XLSX)
        response["Content-Disposition"] = \
            f'attachment; filename="{self.kind.template_file_name}"'
        return response
