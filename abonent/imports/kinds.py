"""What can be imported: each kind names its sheets, their loaders, the right it needs and
how the page and the template speak of it. The command line (``abonent import KIND``), the
import page (one per kind, with a selector) and the template all follow this registry.

- ``buildings``: the onboarding workbook (buildings, units, people, ownership, accounts,
  residents, benefits), docs/import.md;
- ``readings``: meter readings, from a workbook or a CSV file, docs/metering.md.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from abonent.core.choices import Action
from abonent.imports import readings, spec


@dataclass(frozen=True)
class ImportKind:
    name: str
    #: the kind in the selector, e.g. "Buildings and accounts"
    label: Any
    #: the area of roles.py whose *import* right the kind needs
    area: str
    sheets: tuple[spec.SheetSpec, ...]
    loaders: Callable[[], dict[str, Any]]
    #: the heading of the template's instructions sheet
    title: Any
    instructions: Callable[[], list[str]]
    #: whether a .csv file is accepted (read as the kind's one sheet)
    csv: bool = False
    template_file_name: str = "abonent-import-template.xlsx"
    #: after an import: (label, URL name) of the pages to go to
    links: tuple[tuple[Any, str], ...] = ()

    @property
    def extensions(self) -> tuple[str, ...]:
        return (".xlsx", ".csv") if self.csv else (".xlsx",)

    @property
    def sheet_order(self) -> dict[str, int]:
        return {s.name: i for i, s in enumerate(self.sheets)}


def _building_loaders() -> dict[str, Any]:
    from abonent.imports.loaders import LOADERS

    return LOADERS


def _building_instructions() -> list[str]:
    from abonent.imports.template import instructions

    return instructions()


def _reading_instructions() -> list[str]:
    return [
        _("Fill in the Readings sheet (or a CSV file with the same columns in its first row) "
          "and upload it on the “Import readings” page, or run: abonent import readings FILE "
          "--org ORGANIZATION."),
        _("Each row is one reading: the meter (its serial number and service code, or the "
          "account and service code when the account has one meter of that service), the "
          "date and the value on the dial."),
        _("Every reading is checked like one typed in Abonent: not in the future, not before "
          "the meter's installation or after its removal, not before its last accepted "
          "reading, not below the previous reading unless the dial rolled over. A reading "
          "far above the meter's average is held for review, or refused, as the billing "
          "settings say."),
        _("The whole file is checked before anything is saved. Every problem is listed with "
          "its row and column, and nothing is imported until all are fixed. Importing the "
          "same file again changes nothing."),
        _("Dates: a date cell, or text as YYYY-MM-DD or DD.MM.YYYY. Values: a number cell, or "
          "text with a decimal point or comma (in a CSV file separated by commas, put a value "
          "with a decimal comma in quotes, or separate the columns with semicolons)."),
    ]


KINDS: dict[str, ImportKind] = {}


def register(kind: ImportKind) -> ImportKind:
    KINDS[kind.name] = kind
    return kind


BUILDINGS = register(ImportKind(
    name="buildings", label=gettext_lazy("Buildings, units, people and accounts"),
    area="building", sheets=spec.SHEETS, loaders=_building_loaders,
    title=gettext_lazy("Abonent: workbook for onboarding buildings"),
    instructions=_building_instructions,
    links=((gettext_lazy("Go to the buildings"), "property:building_list"),
           (gettext_lazy("Go to the accounts"), "accounts:account_list")),
))

READINGS = register(ImportKind(
    name="readings", label=gettext_lazy("Meter readings"), area="metering",
    sheets=(readings.READINGS,), loaders=lambda: readings.LOADERS,
    title=gettext_lazy("Abonent: meter readings"), instructions=_reading_instructions,
    csv=True, template_file_name="abonent-readings-template.xlsx",
    links=((gettext_lazy("Go to the readings"), "metering:reading_list"),
           (gettext_lazy("Readings held for review"), "metering:review")),
))


def get(name: str) -> ImportKind:
    """The kind called ``name``; KeyError if there is none."""
    return KINDS[name]


def kinds_for(access) -> list[ImportKind]:
    """The kinds ``access`` may import."""
    return [k for k in KINDS.values() if access.can(k.area, Action.IMPORT)]
