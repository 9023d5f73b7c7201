"""``abonent import readings FILE --org SLUG [--dry-run]``: meter readings from a CSV file or
an .xlsx workbook (docs/metering.md). Each reading is checked like a typed one; every problem
is printed with its row and column, nothing is saved unless the whole file is valid, and the
readings held for review are listed."""

from abonent.imports.management.commands import import_buildings


class Command(import_buildings.Command):
    help = "Import meter readings from a .csv file or an .xlsx workbook."
    kind = "readings"
    file_help = "the readings (.csv or .xlsx), as in docs/metering.md"
