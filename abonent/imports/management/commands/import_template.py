"""``abonent import template [KIND] OUT.xlsx``: write the template of an import kind
(``buildings`` if not given; ``readings``), see docs/import.md and docs/metering.md."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import translation

from abonent.imports.kinds import KINDS
from abonent.imports.template import build_template


class Command(BaseCommand):
    help = "Write the template for `abonent import KIND` (buildings, readings)."

    def add_arguments(self, parser):
        parser.add_argument("args", nargs="+", metavar="[KIND] OUT",
                            help="the kind (buildings if left out) and where to write the .xlsx")
        parser.add_argument("--language", default="en",
                            help="language of the instructions (en, ka, pt-br, ru)")

    def handle(self, *args, language: str, **options):
        if len(args) > 2:
            raise CommandError("give at most a kind and a file")
        kind, out = args if len(args) == 2 else ("buildings", args[0])
        if kind not in KINDS:
            raise CommandError(f"unknown kind {kind!r}; the kinds are: {', '.join(KINDS)}")
        with translation.override(language):
            Path(out).write_bytes(build_template(kind))
        self.stdout.write(f"{out}")
