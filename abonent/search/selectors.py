"""The quick search: what the search box, the benchmark and any other caller run."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from abonent.core.choices import Action
from abonent.core.tenancy import Access
from abonent.search import backends, registry
from abonent.search.models import SearchEntry
from abonent.search.text import Query, parse_query

PER_KIND = 8
#: candidates read per kind and ranked in Python; reading no more keeps every query cheap
#: however many objects match (a two-letter query may match half the organization)
CANDIDATES = 40


@dataclass(frozen=True)
class Hit:
    kind: str
    object_id: int
    title: str
    subtitle: str
    url: str
    closed: bool


@dataclass(frozen=True)
class Group:
    kind: str
    label: Any
    hits: list[Hit]
    #: more matched than are shown
    more: bool


def _rank(text: str, title: str, closed: bool, query: Query) -> tuple:
    """Sort key: open before closed, exact words before word starts before substrings, words
    in the typed order first, then shorter titles (the more specific match)."""
    words = query.words
    exact = sum(f" {w} " in text for w in words)
    starts = sum(f" {w}" in text for w in words)
    positions = [text.find(w) for w in words]
    in_order = positions == sorted(positions)
    return (closed, -exact, -starts, not in_order, len(title), title)


def quick_search(access: Access, q: str, *, per_kind: int = PER_KIND) -> list[Group]:
    """Matches for ``q`` grouped by kind, at most ``per_kind`` each, only what ``access``
    may see (SearchEntry.objects.restrict). Empty while ``q`` is shorter than 2 characters."""
    query = parse_query(q)
    if query is None or access.organization is None:
        return []
    kinds = [k for k in registry.kinds() if access.can(k.area, Action.VIEW)]
    visible = SearchEntry.objects.restrict(access, Action.VIEW)
    by_kind: dict[str, list[tuple]] = {}
    for row in backends.search(visible, kinds, query.patterns, CANDIDATES):
        by_kind.setdefault(row[0], []).append(row)
    groups = []
    for kind in kinds:
        rows = by_kind.get(kind.name)
        if not rows:
            continue
        # kind, object_id, title, subtitle, url, closed, text
        rows.sort(key=lambda r: _rank(r[6], r[2], bool(r[5]), query))
        hits = [Hit(kind.name, r[1], r[2], r[3], r[4], bool(r[5])) for r in rows[:per_kind]]
        groups.append(Group(kind.name, kind.label, hits, more=len(rows) > per_kind))
    return groups
