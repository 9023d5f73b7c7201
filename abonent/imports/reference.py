"""The column reference of docs/import.md, generated from spec.py (a test keeps them equal):
``python -m abonent.imports.reference`` prints it."""

from django.utils import translation

from abonent.imports.spec import SHEETS, SheetSpec
from abonent.imports.template import allowed_values, type_label


def sheet_table(sheet: SheetSpec) -> str:
    rows = ["| Column | Type | Required | Meaning |", "|---|---|---|---|"]
    for column in sheet.columns:
        meaning = str(column.help)
        if column.values:
            meaning += f" Values: `{allowed_values(column).replace(', ', '`, `')}`."
        rows.append(f"| `{column.name}` | {type_label(column)} | "
                    f"{'yes' if column.required else ''} | {meaning} |")
    return "\n".join(rows)


def reference() -> str:
    with translation.override("en"):
        parts = []
        for sheet in SHEETS:
            parts.append(f"### {sheet.name}\n\n{sheet.title}. {sheet.key_help}\n\n"
                         f"{sheet_table(sheet)}\n")
        return "\n".join(parts)


if __name__ == "__main__":
    import django

    django.setup()
    print(reference())
