"""``abonent import buildings FILE.xlsx --org SLUG [--dry-run]``: onboard buildings from a
workbook (docs/import.md). Every problem is printed with its sheet, row and column, and the
command exits with status 1; nothing is saved unless the whole file is valid.

The command of every import kind (kinds.py) is this one with its ``kind``: see
import_readings.py."""

from __future__ import annotations

import sys

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from tqdm import tqdm

from abonent.core.management import arguments
from abonent.imports.choices import Outcome
from abonent.imports.services import ImportResult, import_workbook

#: from this many rows on, a progress bar is shown on stderr
PROGRESS_FROM_ROWS = 500


class Command(BaseCommand):
    help = "Import buildings, units, people, ownership and accounts from an .xlsx workbook."
    #: the import kind (kinds.py) and where its format is described
    kind = "buildings"
    file_help = "the workbook (.xlsx), as in docs/import.md"

    def add_arguments(self, parser):
        parser.add_argument("file", help=self.file_help)
        parser.add_argument("--org", required=True, help="slug of the organization")
        parser.add_argument("--dry-run", action="store_true",
                            help="check the file and show what would change, save nothing")

    def handle(self, *args, file: str, org: str, dry_run: bool, **options):
        organization = arguments.organization(org)
        path = arguments.existing_file(file)
        bar: tqdm | None = None

        def on_start(total: int) -> None:
            nonlocal bar
            if total >= PROGRESS_FROM_ROWS:
                bar = tqdm(total=total, unit=" rows", file=sys.stderr, desc=path.name)

        def on_row(n: int) -> None:
            if bar is not None:
                bar.update(n)

        try:
            with path.open("rb") as source:
                result = import_workbook(organization=organization, source=source,
                                         file_name=path.name, dry_run=dry_run,
                                         on_start=on_start, on_row=on_row, kind=self.kind)
        finally:
            if bar is not None:
                bar.close()
        if not result.ok:
            for issue in result.issues:
                self.stderr.write(f"{path.name}: {issue}")
            raise CommandError(_("%(count)s problem(s) found; nothing was imported.") % {
                "count": len(result.issues)}, returncode=1)
        self.stdout.write(self.summary(result))
        for note in result.notes:
            self.stdout.write(f"{path.name}: {note}")
        if dry_run:
            self.stdout.write(_("Dry run: the file is valid; nothing was saved."))
        else:
            self.stdout.write(self.style.SUCCESS(
                _("Imported %(file)s into %(org)s: %(changes)s row(s) created or updated.") % {
                    "file": path.name, "org": organization.slug, "changes": result.changes}))

    @staticmethod
    def summary(result: ImportResult) -> str:
        outcomes = list(Outcome)
        width = max([len(s) for s in result.counts] + [12])
        lines = [f"{'':<{width}}  " + "  ".join(f"{o.label!s:>10}" for o in outcomes)]
        for sheet, counts in result.counts.items():
            lines.append(f"{sheet:<{width}}  " + "  ".join(
                f"{counts[o.value]:>10}" for o in outcomes))
        return "\n".join(lines)
