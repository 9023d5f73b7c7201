"""``abonent import template OUT.xlsx``: write the import workbook template (docs/import.md)."""

from pathlib import Path

from django.core.management.base import BaseCommand
from django.utils import translation

from abonent.imports.template import build_template


class Command(BaseCommand):
    help = "Write the workbook template for `abonent import buildings`."

    def add_arguments(self, parser):
        parser.add_argument("out", help="where to write the .xlsx")
        parser.add_argument("--language", default="en",
                            help="language of the instructions (en, ka, pt-br, ru)")

    def handle(self, *args, out: str, language: str, **options):
        with translation.override(language):
            Path(out).write_bytes(build_template())
        self.stdout.write(f"{out}")
