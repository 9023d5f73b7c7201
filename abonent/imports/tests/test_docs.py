"""docs/import.md describes every sheet and column the import reads, as spec.py has them."""

from pathlib import Path

from django.conf import settings

from abonent.imports.reference import reference, sheet_table
from abonent.imports.spec import SHEETS

DOCS = Path(settings.BASE_DIR) / "docs" / "import.md"


def test_the_docs_list_every_column_of_every_sheet_as_the_code_reads_them():
    text = DOCS.read_text()
    for sheet in SHEETS:
        assert sheet_table(sheet) in text, (
            f"docs/import.md is out of date for {sheet.name}: paste the output of "
            "`python -m abonent.imports.reference`")
    assert reference().strip() in text
