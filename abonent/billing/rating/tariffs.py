"""Tariff versions: which prices are in force on a day, and where they change in a period.

A tariff has versions, each effective from a date (and optionally until a date, inclusive),
at one of three scopes. On a given day the version in force is chosen by scope first
(an account override beats a building version, which beats the organization's), then, within
that scope, by the latest ``effective_from`` not after the day. So an account override holds
until it ends, even if the organization publishes newer prices meanwhile.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from enum import IntEnum
from typing import Generic, TypeVar

from .values import DateRange

T = TypeVar("T")


class Scope(IntEnum):
    """Higher wins."""

    ORGANIZATION = 1
    BUILDING = 2
    ACCOUNT = 3


@dataclass(frozen=True)
class TariffVersion(Generic[T]):
    """``value`` is whatever the charge method needs: a rate, a tuple of bands, a norm..."""

    scope: Scope
    effective_from: date
    value: T
    effective_until: date | None = None

    def __post_init__(self) -> None:
        if self.effective_until is not None and self.effective_until < self.effective_from:
            raise ValueError(f"tariff version ends ({self.effective_until}) before it starts "
                             f"({self.effective_from})")

    def in_force_on(self, day: date) -> bool:
        return self.effective_from <= day and (
            self.effective_until is None or day <= self.effective_until)


class NoTariffError(LookupError):
    """No tariff version is in force on the day asked."""


def select_version(versions: Sequence[TariffVersion[T]], day: date) -> TariffVersion[T]:
    """The version in force on ``day``: highest scope, then latest effective date."""
    candidates = [version for version in versions if version.in_force_on(day)]
    if not candidates:
        raise NoTariffError(f"no tariff version is in force on {day}")
    best = max(candidates, key=lambda version: (version.scope, version.effective_from))
    ties = [version for version in candidates
            if (version.scope, version.effective_from) == (best.scope, best.effective_from)]
    if len(ties) > 1:
        raise ValueError(f"{len(ties)} tariff versions at scope {best.scope.name.lower()} "
                         f"take effect on {best.effective_from}; keep one")
    return best


def version_changes(versions: Sequence[TariffVersion[T]], period: DateRange) -> list[date]:
    """Days inside ``period`` (after its first) on which the version in force changes.

    Feed them to ``proration.split_period``. A day on which no version is in force raises
    :class:`NoTariffError` when the segment is rated, not here.
    """
    candidates = set()
    for version in versions:
        candidates.add(version.effective_from)
        if version.effective_until is not None:
            candidates.add(version.effective_until + timedelta(days=1))
    changes = []
    for day in sorted(candidates):
        if not period.start < day <= period.end:
            continue
        before, after = _version_or_none(versions, day - timedelta(days=1)), \
            _version_or_none(versions, day)
        if before is not after:
            changes.append(day)
    return changes


def _version_or_none(versions: Sequence[TariffVersion[T]], day: date) -> TariffVersion[T] | None:
    try:
        return select_version(versions, day)
    except NoTariffError:
        return None


class Timeline(Generic[T]):
    """The versions of one tariff over one period, resolved once for every account that has
    them (a chunk's accounts of a building share their tariffs): ``changes`` is
    ``version_changes``, ``select`` is ``select_version``, with the same results and errors.

    The days on which a version starts or stops being in force cut time into intervals; in
    each one the versions in force, and so the selected version, stay the same, so ``select``
    chooses once per interval.
    """

    def __init__(self, versions: Sequence[TariffVersion[T]], period: DateRange) -> None:
        self.versions, self.period = versions, period
        bounds = set()
        for version in versions:
            bounds.add(version.effective_from)
            if version.effective_until is not None and version.effective_until < date.max:
                bounds.add(version.effective_until + timedelta(days=1))
        self._bounds = sorted(bounds)
        self._selected: dict[int, TariffVersion[T]] = {}
        self._changes: list[date] | None = None

    def changes(self) -> list[date]:
        """``version_changes(versions, period)``; the caller must not change the list."""
        if self._changes is None:
            self._changes = version_changes(self.versions, self.period)
        return self._changes

    def select(self, day: date) -> TariffVersion[T]:
        interval = bisect_right(self._bounds, day)
        selected = self._selected.get(interval)
        if selected is None:  # an error (no version, or two) is raised again on every call
            selected = self._selected[interval] = select_version(self.versions, day)
        return selected
