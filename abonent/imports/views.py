"""The import page: upload a workbook, see what it would change (or every problem), confirm.

The upload is checked with a dry run and kept (``ImportBatch``) until the user confirms;
the confirmation imports it for real, checking it again against the data as it is then.
"""

from __future__ import annotations

import datetime as dt
import io

from django.db import transaction
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from abonent.core import audit
from abonent.core.choices import Action
from abonent.core.views.generic import StaffView
from abonent.imports.choices import BatchStatus, Outcome
from abonent.imports.forms import WorkbookUploadForm
from abonent.imports.models import ImportBatch
from abonent.imports.services import ImportResult, file_digest, import_workbook
from abonent.imports.template import TEMPLATE_FILE_NAME, build_template, instructions

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
KEEP_UNCONFIRMED = dt.timedelta(days=1)


class ImportView(StaffView):
    """Only for roles that may import buildings (``building``/``import`` in roles.py)."""

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and request.access.organization is not None:
            request.access.require("building", Action.IMPORT)
        return super().dispatch(request, *args, **kwargs)

    def render_result(self, result: ImportResult | None, form=None, batch=None):
        context = {
            "form": form or WorkbookUploadForm(),
            "result": result,
            "batch": batch,
            "outcomes": list(Outcome),
            "instructions": instructions(),
            "recent": ImportBatch.objects.filter(
                organization=self.access.organization, status=BatchStatus.APPLIED
            ).select_related("user")[:10],
        }
        if self.request.headers.get("HX-Request"):
            return render(self.request, "imports/_result.html", context)
        return render(self.request, "imports/building_import.html", context)


class BuildingImportView(ImportView):
    def get(self, request):
        return self.render_result(None)

    def post(self, request):
        form = WorkbookUploadForm(request.POST, request.FILES)
        if not form.is_valid():
            return self.render_result(None, form=form)
        upload = form.cleaned_data["workbook"]
        content = upload.read()
        result = import_workbook(organization=self.access.organization,
                                 source=io.BytesIO(content), file_name=upload.name,
                                 user=request.user, remote_addr=audit.current().remote_addr,
                                 dry_run=True)
        ImportBatch.objects.filter(
            organization=self.access.organization, created_at__lt=timezone.now() -
            KEEP_UNCONFIRMED).exclude(status=BatchStatus.APPLIED).delete()
        batch = ImportBatch.objects.create(
            organization=self.access.organization, user=request.user, file_name=upload.name,
            sha256=file_digest(content), content=content if result.ok else b"",
            status=BatchStatus.PREVIEWED if result.ok else BatchStatus.INVALID,
            summary=result.summary(), error_count=len(result.issues))
        return self.render_result(result, batch=batch)


class BuildingImportApplyView(ImportView):
    def post(self, request, pk: int):
        with transaction.atomic():
            batch = ImportBatch.objects.select_for_update().filter(
                pk=pk, organization=self.access.organization, user=request.user,
                status=BatchStatus.PREVIEWED).first()
            if batch is None:
                raise Http404
            result = import_workbook(
                organization=self.access.organization, source=io.BytesIO(bytes(batch.content)),
                file_name=batch.file_name, user=request.user,
                remote_addr=audit.current().remote_addr)
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
        response = HttpResponse(build_template(), content_type=XLSX)
        response["Content-Disposition"] = f'attachment; filename="{TEMPLATE_FILE_NAME}"'
        return response
