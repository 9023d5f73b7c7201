"""Which debts a payment pays: an ordered, auditable split of an amount over open dues.

Amounts are exact multiples of the currency's quantum (0.01): a payment is never split into
fractions of a cent. What is left after every due is paid is the ``credit`` (an overpayment,
which offsets the next bills). Dues of zero or less (credits) are never paid.
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from enum import StrEnum

from abonent.billing.rating.explain import Explanation
from abonent.billing.rating.values import require_decimal, require_non_negative

ZERO = Decimal(0)


class DueKind(StrEnum):
    CHARGE = "charge"
    PENALTY = "penalty"


class Strategy(StrEnum):
    OLDEST_FIRST = "oldest_first"  # oldest period first; in a period charges, then penalties
    PROPORTIONAL = "proportional"  # every due in proportion to its amount
    SPECIFIED = "specified"  # what the payer named first, the rest oldest first
    PENALTIES_LAST = "penalties_last"  # all charges oldest first, then all penalties
    PENALTIES_FIRST = "penalties_first"  # all penalties oldest first, then all charges


@dataclass(frozen=True)
class Due:
    """An open debt of an account: a period's charge for a service, or a penalty."""

    key: Hashable
    period_start: date
    service: str | None
    kind: DueKind
    amount: Decimal

    def __post_init__(self) -> None:
        require_decimal(self.amount, f"due {self.key!r} amount")


@dataclass(frozen=True)
class Part:
    key: Hashable
    amount: Decimal


@dataclass(frozen=True)
class Allocation:
    """The split of ``amount``: ``parts`` (positive, at most one per due, in paying order)
    plus ``credit`` equals ``amount`` exactly. ``order`` is every payable due in the order
    the strategy considered them; ``reason`` says why, for the audit trail."""

    amount: Decimal
    strategy: Strategy
    parts: tuple[Part, ...]
    credit: Decimal
    order: tuple[Hashable, ...]
    reason: Explanation

    def paid(self, key: Hashable) -> Decimal:
        return sum((part.amount for part in self.parts if part.key == key), ZERO)


TEMPLATES: dict[str, str] = {
    "allocation.oldest_first": "oldest period first, charges before penalties: "
                               "{paid} of {dues} dues paid",
    "allocation.proportional": "in proportion to each due, largest remainders get the "
                               "leftover cents: {paid} of {dues} dues paid",
    "allocation.specified": "as the payer specified ({named} named), the rest oldest period "
                            "first: {paid} of {dues} dues paid",
    "allocation.penalties_last": "charges oldest first, then penalties: "
                                 "{paid} of {dues} dues paid",
    "allocation.penalties_first": "penalties oldest first, then charges: "
                                  "{paid} of {dues} dues paid",
}


def allocate(amount: Decimal, dues: Sequence[Due], strategy: Strategy = Strategy.OLDEST_FIRST,
             *, quantum: Decimal,
             specified: Mapping[Hashable, Decimal | None] | Sequence[
                 tuple[Hashable, Decimal | None]] | None = None) -> Allocation:
    """Split ``amount`` over ``dues`` by ``strategy``.

    ``specified`` (with :attr:`Strategy.SPECIFIED` only): the dues the payer named, in their
    order, each with the amount to pay on it (``None``: in full); a named amount larger than
    the due pays the due and the rest goes on oldest first.
    """
    step = _positive(quantum, "quantum")
    money = _in_quanta(require_non_negative(amount, "amount"), step, "amount")
    keys = [due.key for due in dues]
    if len(set(keys)) != len(keys):
        raise ValueError("two dues have the same key")
    owed = {due.key: _in_quanta(due.amount, step, f"due {due.key!r}") for due in dues}
    payable = [due for due in dues if owed[due.key] > 0]
    if (specified is not None) != (strategy is Strategy.SPECIFIED):
        raise ValueError("name the dues to pay (specified=...) with the SPECIFIED strategy, "
                         "and only with it")
    named: list[tuple[Hashable, int | None]] = []
    if strategy is Strategy.PROPORTIONAL:
        order = _ordered(payable, Strategy.OLDEST_FIRST)
        quanta = _proportional(money, order, owed)
    else:
        if strategy is Strategy.SPECIFIED:
            named = _named(specified or (), owed, step)
        order = _ordered(payable, strategy)
        quanta = _in_order(money, order, owed, named)
    parts = tuple(Part(key, step * count) for key, count in quanta.items() if count > 0)
    credit = step * (money - sum(quanta.values()))
    reason = Explanation(f"allocation.{strategy.value}", {
        "paid": len(parts), "dues": len(order), "named": len(named)})
    return Allocation(amount=step * money, strategy=strategy, parts=parts, credit=credit,
                      order=tuple(due.key for due in order), reason=reason)


def _positive(value: object, name: str) -> Decimal:
    number = require_decimal(value, name)
    if number <= 0:
        raise ValueError(f"{name} must be positive, got {number}")
    return number


def _in_quanta(value: Decimal, quantum: Decimal, name: str) -> int:
    """``value`` as a whole number of quanta; an amount with fractions of a cent is refused."""
    count = value / quantum
    if count != count.to_integral_value():
        raise ValueError(f"{name} {value} is not a whole multiple of {quantum}")
    return int(count)


_KIND_RANK = {DueKind.CHARGE: 0, DueKind.PENALTY: 1}


def _ordered(dues: Sequence[Due], strategy: Strategy) -> list[Due]:
    """The paying order. Ties (same period, kind and service) by the key's text, so the
    order does not depend on the order the dues were loaded in."""

    def oldest(due: Due) -> tuple[date, int, str, str]:
        return (due.period_start, _KIND_RANK[due.kind], due.service or "", str(due.key))

    if strategy is Strategy.PENALTIES_LAST:
        return sorted(dues, key=lambda due: (_KIND_RANK[due.kind], oldest(due)))
    if strategy is Strategy.PENALTIES_FIRST:
        return sorted(dues, key=lambda due: (-_KIND_RANK[due.kind], oldest(due)))
    return sorted(dues, key=oldest)


def _named(specified: Mapping[Hashable, Decimal | None] | Sequence[
        tuple[Hashable, Decimal | None]], owed: Mapping[Hashable, int],
           quantum: Decimal) -> list[tuple[Hashable, int | None]]:
    pairs = list(specified.items()) if isinstance(specified, Mapping) else list(specified)
    named: list[tuple[Hashable, int | None]] = []
    for key, wanted in pairs:
        if key not in owed:
            raise ValueError(f"the payer named {key!r}, which is not an open due")
        named.append((key, None if wanted is None else _in_quanta(
            require_non_negative(wanted, f"amount named for {key!r}"), quantum,
            f"amount named for {key!r}")))
    return named


def _in_order(money: int, order: Sequence[Due], owed: Mapping[Hashable, int],
              named: Sequence[tuple[Hashable, int | None]]) -> dict[Hashable, int]:
    """Pay the named dues first (up to the amount named), then every due in ``order``."""
    paid: dict[Hashable, int] = {}
    left = money
    for key, wanted in named:
        room = max(owed[key] - paid.get(key, 0), 0)
        part = min(left, room if wanted is None else min(wanted, room))
        if part > 0:
            paid[key] = paid.get(key, 0) + part
            left -= part
    for due in order:
        if left == 0:
            break
        part = min(left, owed[due.key] - paid.get(due.key, 0))
        if part > 0:
            paid[due.key] = paid.get(due.key, 0) + part
            left -= part
    return paid


def _proportional(money: int, order: Sequence[Due],
                  owed: Mapping[Hashable, int]) -> dict[Hashable, int]:
    """Each due gets ``money x due / total`` rounded down to the quantum; the quanta left
    over go one each to the dues with the largest remainders (ties: the oldest first)."""
    total = sum(owed[due.key] for due in order)
    if money >= total:
        return {due.key: owed[due.key] for due in order}
    shares = {due.key: divmod(money * owed[due.key], total) for due in order}
    paid = {key: share for key, (share, _rest) in shares.items()}
    leftover = money - sum(paid.values())
    by_remainder = sorted(range(len(order)), key=lambda i: -shares[order[i].key][1])
    for index in by_remainder[:leftover]:
        paid[order[index].key] += 1
    return paid
