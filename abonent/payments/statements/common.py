"""Helpers every parser shares: exact amounts, currency precision, and stable ids."""

from __future__ import annotations

import functools
import hashlib
import re
from collections.abc import Callable, Iterable
from dataclasses import replace
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import ParamSpec, TypeVar

from abonent.core.collector import paused_gc

from .model import Statement, StatementEntry

P = ParamSpec("P")
R = TypeVar("R")

# ISO 4217 minor units that are not 2. Every other code is taken to have 2.
_MINOR_UNITS: dict[str, int] = {
    **dict.fromkeys(
        ["BIF", "CLP", "DJF", "GNF", "ISK", "JPY", "KMF", "KRW", "PYG", "RWF", "UGX", "UYI",
         "VND", "VUV", "XAF", "XOF", "XPF"], 0),
    **dict.fromkeys(["BHD", "IQD", "JOD", "KWD", "LYD", "OMR", "TND"], 3),
    "CLF": 4,
    "UYW": 4,
}

_CURRENCY = re.compile(r"[A-Z]{3}")
_PLAIN_AMOUNT = re.compile(r"\d+(\.\d*)?|\.\d+")


def minor_units(currency: str) -> int:
    """How many decimals ``currency`` allows (ISO 4217): 2 for EUR, 0 for JPY, 3 for KWD."""
    return _MINOR_UNITS.get(currency, 2)


def is_currency(value: str) -> bool:
    return bool(_CURRENCY.fullmatch(value))


def decimal_places(written: str) -> int:
    """Decimal places as written, trailing zeros included: '8.850' has 3."""
    _, dot, fraction = written.partition(".")
    return len(fraction) if dot else 0


def plain_amount(written: str) -> Decimal | None:
    """An unsigned amount written with a dot ('1234.5', '0', '.5'), or None."""
    text = written.strip()
    if not _PLAIN_AMOUNT.fullmatch(text):
        return None
    try:
        return Decimal(text)
    except InvalidOperation:  # pragma: no cover - the pattern only lets numbers through
        return None


_QUANTA: dict[str, Decimal] = {}


def to_places(value: Decimal, currency: str) -> Decimal:
    """``value`` written with the currency's decimals (8.5 EUR -> 8.50). Exact: callers only
    pass amounts that have no more decimals than the currency allows."""
    quantum = _QUANTA.get(currency)
    if quantum is None:
        quantum = _QUANTA[currency] = Decimal(1).scaleb(-minor_units(currency))
    return value.quantize(quantum)


def precision_exceeded(written: str, currency: str) -> int | None:
    """The written decimal places when they exceed what ``currency`` allows, else None.

    Trailing zeros count: ISO 20022 requires an amount's fraction digits to comply with its
    currency, and an importer that drops digits (even zeros) is rounding silently.
    """
    places = decimal_places(written.strip())
    return places if places > minor_units(currency) else None


def hashed_id(*parts: object) -> str:
    """A deterministic id for a transaction the bank gave no id for: the same parts give the
    same id on every import. Prefixed ``h:`` so that it never looks like a bank's id."""
    text = "\x1f".join("" if p is None else str(p) for p in parts)
    return "h:" + hashlib.sha256(text.encode("utf-8")).hexdigest()[:24]


def entry_hash(statement_id: str, index: int, day: date | None, amount: Decimal,
               text: str) -> str:
    """The fallback id of an entry: statement id + position in the file + date + amount + text."""
    return hashed_id(statement_id, index, day.isoformat() if day else "", amount, text)


def unique_ids(entries: Iterable[StatementEntry]) -> list[StatementEntry]:
    """Entries whose ids repeat within one file get ``#2``, ``#3``... in file order, so that
    two different transactions never share an id and reading the file again gives the same
    ids. (Banks do repeat ids: a batch's transactions share the entry's reference, and payers
    reuse end-to-end ids.)"""
    seen: dict[str, int] = {}
    result: list[StatementEntry] = []
    for entry in entries:
        count = seen.get(entry.external_id, 0) + 1
        seen[entry.external_id] = count
        if count > 1:
            new_id = f"{entry.external_id}#{count}"
            while new_id in seen:  # pragma: no cover - only if a bank's id already ends so
                count += 1
                new_id = f"{entry.external_id}#{count}"
            seen[new_id] = 1
            entry = replace(entry, external_id=new_id)
        result.append(entry)
    return result


def with_unique_ids(statements: list[Statement]) -> list[Statement]:
    """The statements with :func:`unique_ids` applied across the whole file."""
    flat = unique_ids(e for s in statements for e in s.entries)
    result, start = [], 0
    for statement in statements:
        end = start + len(statement.entries)
        result.append(replace(statement, entries=tuple(flat[start:end])))
        start = end
    return result


def without_gc(function: Callable[P, R]) -> Callable[P, R]:
    """``function`` run under :func:`paused_gc`."""

    @functools.wraps(function)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        with paused_gc():
            return function(*args, **kwargs)

    return wrapper


def squash(text: str) -> str:
    """Runs of whitespace (line breaks included) as one space, trimmed."""
    return " ".join(text.split())
