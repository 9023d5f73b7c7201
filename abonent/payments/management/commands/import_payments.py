"""``abonent import payments FILE --org SLUG [--format camt053|camt054|mt940|cnab240|csv]
[--mapping NAME]``: a bank file (docs/payments.md). Every problem is printed with its file,
statement, entry and field, and the command exits with status 1; nothing is posted unless the
whole file can be applied. Importing the same file again posts nothing."""

from __future__ import annotations

import sys

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from tqdm import tqdm

from abonent.core.management import arguments
from abonent.payments.choices import StatementFormat
from abonent.payments.imports import import_statement
from abonent.payments.models import CsvMappingRecord
from abonent.payments.statements import CsvMapping


class Command(BaseCommand):
    help = "Import payments from a bank file (CAMT.053/054, MT940, CNAB 240 or CSV)."

    def add_arguments(self, parser):
        parser.add_argument("file", help="the bank file")
        parser.add_argument("--org", required=True, help="slug of the organization")
        parser.add_argument("--format", choices=StatementFormat.values, default=None,
                            help="the file's format (default: recognised from its content)")
        parser.add_argument("--mapping", default=None,
                            help="name of a saved CSV mapping (CSV files)")

    def handle(self, *args, file: str, org: str, format: str | None, mapping: str | None,
               **options):
        organization = arguments.organization(org)
        path = arguments.existing_file(file)
        csv_mapping = None
        if mapping is not None:
            record = CsvMappingRecord.objects.of_org(organization).filter(name=mapping).first()
            if record is None:
                raise CommandError(_("No CSV mapping named “%(name)s”.") % {"name": mapping})
            csv_mapping = CsvMapping.from_dict(record.mapping)
        bars: dict[str, tqdm] = {}

        def progress(step: str, done: int, total: int) -> None:
            bar = bars.get(step) or bars.setdefault(step, tqdm(
                total=total, unit=" lines", file=sys.stderr, desc=f"{path.name}: {step}"))
            bar.update(done - bar.n)

        try:
            imports = import_statement(organization, path.read_bytes(), filename=path.name,
                                       file_format=format, mapping=csv_mapping,
                                       progress=progress)
        except ValidationError as exc:
            for message in exc.messages:
                self.stderr.write(message)
            raise CommandError(_("The file was not imported; nothing was posted."),
                               returncode=1) from None
        finally:
            for bar in bars.values():
                bar.close()
        for record in imports:
            self.stdout.write(_(
                "%(file)s, account %(account)s: %(lines)s line(s); %(posted)s posted "
                "(%(amount)s %(currency)s), %(duplicates)s already posted, %(queued)s waiting "
                "for a person, %(skipped)s not payments.") % {
                "file": record.file_name, "account": record.statement_account or "—",
                "lines": record.lines_total, "posted": record.posted,
                "amount": record.posted_amount, "currency": organization.currency,
                "duplicates": record.duplicates, "queued": record.queued,
                "skipped": record.skipped})
