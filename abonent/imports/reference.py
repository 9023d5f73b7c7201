"""The column reference of docs/import.md (and of docs/metering.md for readings), generated
from the specs (a test keeps them equal): ``python -m abonent.imports.reference [KIND]``
prints it."""

from django.utils import translation

from abonent.imports.spec import SheetSpec
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


def reference(kind: str = "buildings") -> str:
    from abonent.imports.kinds import get

    with translation.override("en"):
        parts = []
        for sheet in get(kind).sheets:
            parts.append(f"### {sheet.name}\n\n{sheet.title}. {sheet.key_help}\n\n"
                         f"{sheet_table(sheet)}\n")
        return "\n".join(parts)


if __name__ == "__main__":
    import sys

    import django

    django.setup()
    print(reference(*sys.argv[1:2]))
