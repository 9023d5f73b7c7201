"""What is wrong with a file, said so that a person can find it and a translator can word it.

A :class:`Problem` is data: a stable ``code``, its ``params``, and where it is (``file``, a
``location`` such as "statement 1, entry 3", "line 12" or "row 5", and the ``field``: an XML
element path, an MT940 tag, CNAB positions or a CSV column). The English ``message`` comes
from the template table in :mod:`.messages`; the Django layer translates by ``code``.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import NoReturn

from .messages import render

ParamValue = str | int

#: A parser stops collecting after this many problems; the file is refused either way.
MAX_PROBLEMS = 100


@dataclass(frozen=True)
class Problem:
    file: str
    location: str
    field: str
    code: str
    params: Mapping[str, ParamValue] = dataclasses.field(default_factory=dict)

    @property
    def message(self) -> str:
        return render(self.code, self.params)

    def __str__(self) -> str:
        where = ", ".join(part for part in (self.file, self.location, self.field) if part)
        return f"{where}: {self.message}" if where else self.message


class StatementError(Exception):
    """A file that cannot be imported, with every problem found in it (up to a limit)."""

    def __init__(self, problems: Iterable[Problem]) -> None:
        self.problems: list[Problem] = list(problems)
        super().__init__(self._summary())

    def _summary(self) -> str:
        shown = [str(p) for p in self.problems[:10]]
        more = len(self.problems) - len(shown)
        if more > 0:
            shown.append(f"... and {more} more problem(s)")
        return "\n".join(shown) or "the file cannot be imported"

    @property
    def codes(self) -> list[str]:
        return [p.code for p in self.problems]


class Collector:
    """Gathers the problems of one file so that a person sees all of them at once."""

    def __init__(self, file: str) -> None:
        self.file = file
        self.problems: list[Problem] = []

    def add(self, location: str, field_name: str, code: str, **params: ParamValue) -> None:
        if len(self.problems) < MAX_PROBLEMS:
            self.problems.append(Problem(self.file, location, field_name, code, params))

    def refuse(self, location: str, field_name: str, code: str,
               **params: ParamValue) -> NoReturn:
        """Add one problem and raise at once: the file cannot be read any further."""
        self.add(location, field_name, code, **params)
        raise StatementError(self.problems)

    def raise_if_any(self) -> None:
        if self.problems:
            raise StatementError(self.problems)

    @property
    def full(self) -> bool:
        return len(self.problems) >= MAX_PROBLEMS
