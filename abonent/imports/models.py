"""What the import remembers: the file's own keys for people and accounts, and each upload.

Neither model is a ``TenantModel``: they are bookkeeping of the import itself, not domain
rows, so the audit trail does not record them (the rows they create are recorded).
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from abonent.imports.choices import BatchStatus, KeyKind


class ImportedKey(models.Model):
    """A key from an imported workbook (``person_ref``, ``account_ref``) and the row it made.

    A re-import finds the same person or account by it, so that nothing is created twice.
    """

    organization = models.ForeignKey("core.Organization", on_delete=models.CASCADE,
                                     related_name="+")
    kind = models.CharField(_("kind"), max_length=20, choices=KeyKind.choices)
    key = models.CharField(_("key in the file"), max_length=100)
    object_id = models.BigIntegerField(_("object id"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("imported key")
        verbose_name_plural = _("imported keys")
        constraints = [
            models.UniqueConstraint(fields=["organization", "kind", "key"],
                                    name="imported_key_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.kind}:{self.key} → {self.object_id}"


class ImportBatch(models.Model):
    """One uploaded workbook: checked first, kept until the user confirms, then applied."""

    organization = models.ForeignKey("core.Organization", on_delete=models.CASCADE,
                                     related_name="+")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                             on_delete=models.SET_NULL, related_name="+")
    file_name = models.CharField(_("file"), max_length=255)
    sha256 = models.CharField(max_length=64)
    content = models.BinaryField(blank=True)
    status = models.CharField(_("status"), max_length=20, choices=BatchStatus.choices)
    summary = models.JSONField(_("summary"), default=dict, blank=True)
    error_count = models.PositiveIntegerField(_("errors"), default=0)
    created_at = models.DateTimeField(_("uploaded"), auto_now_add=True)
    applied_at = models.DateTimeField(_("imported"), null=True, blank=True)

    class Meta:
        verbose_name = _("imported workbook")
        verbose_name_plural = _("imported workbooks")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.file_name
