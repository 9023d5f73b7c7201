"""What every report is made of: rows grouped and summed by the database, their columns, a
totals row, and the finishing touches (labels, computed figures) applied a page or a batch at a
time, so that neither the page nor the export ever holds more than a batch of rows in Python.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from itertools import islice
from typing import Any

from django.core.paginator import Page, Paginator
from django.db.models import DecimalField, Q, QuerySet, Sum, Value
from django.db.models.functions import Coalesce

from abonent.billing.choices import EntryKind
from abonent.billing.ledger import COLUMN
from abonent.billing.models import MONEY
from abonent.core.tables import Column

ZERO = Decimal("0.00")
CENT = Decimal("0.01")
BATCH = 2000


class Row(dict):
    """A row of a report: a dict whose keys read as attributes too (``Column.value`` uses
    ``getattr``, so the list pages' columns and exports work on report rows unchanged)."""

    def __getattr__(self, name: str) -> Any:
        try:
            return self[name]
        except KeyError:
            raise AttributeError(name) from None


def cents(values: dict) -> dict:
    """The row's sums to the cent (SQLite hands sums back with float digits: 66.6300000000000)."""
    return {name: value.quantize(CENT) if isinstance(value, Decimal) else value
            for name, value in values.items()}


def money_sum(condition: Q | None = None) -> Coalesce:
    """The sum of the entries' amounts (matching ``condition``), zero when there are none."""
    return Coalesce(Sum("amount", filter=condition), Value(ZERO),
                    output_field=DecimalField(**MONEY))


def of_kind(kinds: Iterable[str]) -> Q:
    """Entries counted under one of ``kinds``: a reversal counts under the kind of the entry it
    reverses (as ``ledger.statement`` does), so a re-bill nets out inside its own column."""
    kinds = list(kinds)
    return Q(reverses__isnull=True, kind__in=kinds) | Q(reverses__kind__in=kinds)


def column_kinds(column: str) -> list[str]:
    """The entry kinds that ``ledger.COLUMN`` puts in a statement's ``column`` (a kind it does
    not name goes to the adjustments, as in ``ledger.statement``)."""
    return [kind for kind in EntryKind.values if COLUMN.get(kind, "adjustments") == column]


def building_label(row: dict, prefix: str) -> str:
    street, house, city = (row.get(f"{prefix}{name}") for name in
                           ("street", "house_number", "city"))
    return f"{street} {house}, {city}" if street else "—"


def building_keys(prefix: str) -> list[str]:
    return [f"{prefix}id", f"{prefix}code", f"{prefix}street", f"{prefix}house_number",
            f"{prefix}city"]


def _rows(rows: list[dict]) -> list[Row]:
    return [Row(cents(row)) for row in rows]


@dataclass
class Report:
    """A report's columns, its grouped rows (a values() queryset or a short list), and the
    totals row. ``finish`` turns a batch of database rows into display rows. ``parts`` are
    further tables of the same report, each a ``Report`` with a ``title`` (the payments
    report's reversed payments): the page shows them below the main table, the export writes
    them below it, each after an empty row, its title and its own header."""

    columns: list[Column]
    rows: QuerySet | list
    totals: Row | None = None
    finish: Callable[[list[dict]], list[Row]] = _rows
    extra: dict[str, Any] = field(default_factory=dict)
    title: Any = ""
    parts: list[Report] = field(default_factory=list)

    def page(self, number: Any, per_page: int) -> tuple[Page, list[Row]]:
        page = Paginator(self.rows, per_page).get_page(number)
        return page, self.finish(list(page.object_list))

    def all_rows(self) -> Iterator[Row]:
        """Every row, a batch at a time (the export), then the totals row."""
        source = self.rows.iterator(chunk_size=BATCH) if isinstance(self.rows, QuerySet) \
            else iter(self.rows)
        while batch := list(islice(source, BATCH)):
            yield from self.finish(batch)
        if self.totals is not None:
            yield self.totals
