"""Importing a file of one kind (kinds.py): the buildings workbook, meter readings.

All or nothing: the whole file is read and every row validated (by the models' own
``full_clean``) inside one transaction; the transaction commits only when no row has a
problem and this is not a dry run. Validation runs against the rows the file has already
written in that transaction, so rules that span rows (a unit's entrance against its
building's entrances, owners' shares adding up to more than the whole, unique numbers) see
the file as it will be.

Rows are saved one by one with ``.save()``: the audit trail records every created or changed
row through its signals (unchanged rows are not saved, so a re-import records nothing), and
the quick-search index, which follows the same signals, stays current without a reindex.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import IO, Any

from django.db import transaction

from abonent.accounts.services import lock_organization
from abonent.core import audit
from abonent.core.choices import AuditSource
from abonent.core.models import Organization
from abonent.imports import kinds
from abonent.imports.engine import Job
from abonent.imports.reader import Issue, read_file


@dataclass
class ImportResult:
    file_name: str
    dry_run: bool
    #: per sheet: {"created": n, "updated": n, "unchanged": n}; what would happen in a dry run
    counts: dict[str, dict[str, int]] = field(default_factory=dict)
    issues: list[Issue] = field(default_factory=list)
    rows: int = 0
    #: what to know about rows that passed (a reading held for review)
    notes: list[Issue] = field(default_factory=list)
    kind: str = kinds.BUILDINGS.name

    @property
    def ok(self) -> bool:
        return not self.issues

    @property
    def applied(self) -> bool:
        return self.ok and not self.dry_run

    @property
    def changes(self) -> int:
        return sum(c["created"] + c["updated"] for c in self.counts.values())

    def summary(self) -> dict[str, Any]:
        return {"counts": self.counts, "rows": self.rows, "errors": len(self.issues),
                "notes": len(self.notes), "kind": self.kind}


class _Rollback(Exception):
    pass


def _issue_order(order: dict[str, int]) -> Callable[[Issue], tuple]:
    def key(issue: Issue) -> tuple:
        sheet = next((name for name in order if name.lower() == issue.sheet.lower()), None)
        return (order.get(sheet, -1) if sheet else -1, issue.row or 0,
                len(issue.letter), issue.letter)
    return key


def import_workbook(*, organization: Organization, source: str | IO[bytes], file_name: str,
                    user: Any = None, remote_addr: str | None = None, dry_run: bool = False,
                    on_start: Callable[[int], None] | None = None,
                    on_row: Callable[[int], None] | None = None,
                    kind: str = kinds.BUILDINGS.name) -> ImportResult:
    """Check (and unless ``dry_run``, apply) a file of ``kind`` for ``organization``.

    ``user`` and ``remote_addr`` are recorded in the audit trail (None: the system actor).
    ``on_start(total_rows)`` and ``on_row(n)`` report progress. Permission to import is the
    caller's to check (``access.require(kinds.get(kind).area, "import")``).
    """
    what = kinds.get(kind)
    book = read_file(source, file_name, what.sheets, csv_allowed=what.csv)
    result = ImportResult(file_name=file_name, dry_run=dry_run, rows=book.row_count, kind=kind)
    issues = list(book.issues)
    if on_start:
        on_start(book.row_count)
    if book.sheets:
        with audit.audit_context(source=AuditSource.IMPORT, detail=file_name, user=user,
                                 remote_addr=remote_addr):
            try:
                with transaction.atomic():
                    lock_organization(organization.pk)
                    job = Job(organization, issues, on_row, user=user)
                    loaders = what.loaders()
                    for name, sheet in book.sheets.items():
                        loaders[name](job, sheet).run()
                    result.counts = job.counts
                    result.notes = sorted(job.notes, key=_issue_order(what.sheet_order))
                    if issues or dry_run:
                        raise _Rollback
            except _Rollback:
                pass
    result.issues = sorted(issues, key=_issue_order(what.sheet_order))
    return result


def file_digest(content: bytes) -> str:
    return hashlib.sha256(content).hexdigest()
