"""Keeping the quick-search index up to date.

Single saves and deletes of indexed models are followed by signals (``signals.py``): the
saved object's entry is rewritten, and so are the entries that show its words (renaming a
person rewrites the accounts they hold). Bulk writers — imports, demo data, anything using
``bulk_create`` or ``QuerySet.update`` — send no signals and call ``reindex_organization``
when they are done. ``abonent reindex`` does the same from the command line.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from django.db import transaction

from abonent.search import backends, registry
from abonent.search.models import SearchEntry
from abonent.search.registry import SearchKind
from abonent.search.text import index_text

BATCH = 2000
_UPDATE_FIELDS = ["organization", "kind", "object_id", "area", "branch_id", "text", "title",
                  "subtitle", "url", "closed"]


def entry_for(kind: SearchKind, obj: Any) -> SearchEntry:
    return SearchEntry(
        id=kind.entry_id(obj.pk),
        organization_id=obj.organization_id,
        kind=kind.name,
        object_id=obj.pk,
        area=kind.area,
        branch_id=kind.branch_id(obj),
        text=index_text(kind.terms(obj)),
        title=str(kind.title(obj) or obj)[:300],
        subtitle=str(kind.subtitle(obj) or "")[:300],
        url=kind.url(obj)[:300],
        closed=kind.is_closed(obj),
    )


def _chunks(items: Iterable[Any], size: int) -> Iterator[list[Any]]:
    chunk: list[Any] = []
    for item in items:
        chunk.append(item)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def _values(entry: SearchEntry) -> tuple:
    return tuple(getattr(entry, f if f != "organization" else "organization_id")
                 for f in _UPDATE_FIELDS)


def index_queryset(kind: SearchKind, objects: Iterable[Any]) -> int:
    """Write (insert or replace) the entries of some objects of one kind; entries that
    would not change are left alone. Returns the number written."""
    written = 0
    for chunk in _chunks(objects, BATCH):
        entries = [entry_for(kind, obj) for obj in chunk]
        stored = {e.pk: _values(e) for e in SearchEntry.objects.filter(
            pk__in=[e.pk for e in entries])}
        changed = [e for e in entries if stored.get(e.pk) != _values(e)]
        if changed:
            SearchEntry.objects.bulk_create(changed, update_conflicts=True,
                                            unique_fields=["id"], update_fields=_UPDATE_FIELDS)
        written += len(changed)
    return written


def index_objects(kind: SearchKind, pks: Iterable[int]) -> int:
    """Re-read some objects of a kind (with everything their entry shows) and index them."""
    pks = list(pks)
    if not pks:
        return 0
    return index_queryset(kind, kind.queryset().filter(pk__in=pks))


def index_followers(model: type, pk: int) -> int:
    """Rewrite the entries that show words of the object ``model``/``pk`` (not its own)."""
    written = 0
    for kind, lookup in registry.followers_of(model):
        written += index_queryset(kind, kind.queryset().filter(**{lookup: pk}).iterator(BATCH))
    return written


def unindex(kind: SearchKind, pk: int) -> None:
    SearchEntry.objects.filter(pk=kind.entry_id(pk)).delete()


class _Progress:
    """Adapts ``progress``: a tqdm-like object (``update(n)``, ``total``) or a callable that
    receives ``(done, total)`` after each batch."""

    def __init__(self, progress: Any, total: int) -> None:
        self.target, self.total, self.done = progress, total, 0
        if hasattr(progress, "update") and not getattr(progress, "total", None):
            progress.total = total
            if hasattr(progress, "refresh"):
                progress.refresh()

    def step(self, n: int) -> None:
        self.done += n
        if self.target is None:
            return
        if hasattr(self.target, "update"):
            self.target.update(n)
        else:
            self.target(self.done, self.total)


def reindex_organization(organization_id: int, progress: Any = None) -> int:
    """Rebuild the quick-search index of one organization; returns the number of entries.

    Call after bulk writes (imports, demo data) that bypass model signals. Runs in one
    transaction: searches meanwhile see the old index, never a half-built one.
    ``progress`` is optional: a tqdm bar, or a callable ``(done, total)``.
    """
    with transaction.atomic():
        querysets = [(kind, kind.queryset().filter(organization_id=organization_id))
                     for kind in registry.kinds()]
        report = _Progress(progress, sum(qs.count() for _, qs in querysets))
        SearchEntry.objects.filter(organization_id=organization_id).delete()
        written = 0
        for kind, qs in querysets:
            for chunk in _chunks(qs.iterator(chunk_size=BATCH), BATCH):
                SearchEntry.objects.bulk_create([entry_for(kind, obj) for obj in chunk])
                written += len(chunk)
                report.step(len(chunk))
    backends.tidy_index(SearchEntry.objects.db)
    return written
