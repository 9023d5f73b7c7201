"""The kinds of object the quick search finds, and how each becomes an index entry.

A kind names a model and says which words find an object, what its result line shows, and
which related models' changes alter those words (an account is found by its holder's name,
so renaming the holder re-indexes the account). The model gives the rest: its
``permission_area`` decides who may find it, its ``branch_path`` which branch it belongs to,
its ``close_field`` whether it is closed, ``get_absolute_url()`` where the result leads.

Apps register their kinds in a ``search.py`` module, discovered when Django starts::

    from abonent.search.registry import SearchKind, register

    register(SearchKind(
        name="meter", code=5, model="metering.Meter", label=_("Meters"),
        terms=lambda m: [m.serial, m.account.number],
        title=lambda m: m.serial,
        subtitle=lambda m: m.account.number,
        select_related=("account",),
        follows={"accounts.Account": "account"},
    ))
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.apps import apps
from django.db import models
from django.urls import reverse

from abonent.core.tenancy import TenantModel

#: Entry ids are ``code << KIND_SHIFT | object id``: one kind's entries form one id range, so
#: an index can be asked for one kind's matches only, and an object's entry id is known
#: without a lookup.
KIND_SHIFT = 48
_TIMESTAMPS = ("created_at", "updated_at")
_URL_SENTINEL = 987654321987
_url_templates: dict[str, list[str]] = {}


@dataclass(frozen=True)
class SearchKind:
    name: str
    #: a small number, unique and stable: it is part of every entry id of the kind
    code: int
    #: "app_label.ModelName"
    model: str
    #: plural, shown as the header of the kind's results
    label: Any
    #: the strings an object is found by (normalized and de-duplicated when indexed)
    terms: Callable[[Any], Iterable[str | None]]
    title: Callable[[Any], str]
    subtitle: Callable[[Any], str] = lambda obj: ""
    select_related: tuple[str, ...] = ()
    #: related model label → lookup from this kind's model to it, e.g.
    #: {"people.Person": "holder"}: saving that person re-indexes the accounts it holds
    follows: Mapping[str, str] = field(default_factory=dict)
    #: position among the result groups
    order: int = 100

    def __post_init__(self) -> None:
        if not 0 < self.code < 2 ** (62 - KIND_SHIFT):
            raise ValueError(f"search kind {self.name}: code {self.code} out of range")

    @property
    def model_class(self) -> type[models.Model]:
        return apps.get_model(self.model)

    @property
    def area(self) -> str:
        return self.model_class.permission_area

    @property
    def branch_path(self) -> str | None:
        return getattr(self.model_class, "branch_path", None)

    def entry_id(self, object_id: int) -> int:
        return (self.code << KIND_SHIFT) | object_id

    @property
    def id_range(self) -> tuple[int, int]:
        return self.code << KIND_SHIFT, ((self.code + 1) << KIND_SHIFT) - 1

    def queryset(self) -> models.QuerySet:
        """The kind's objects with everything an entry needs, in one query.

        Timestamps are left out: no entry shows them, and reading them is a good part of
        the cost of re-indexing a large organization.
        """
        related = list(self.select_related)
        if self.branch_path and "__" in self.branch_path:
            related.append(self.branch_path.rsplit("__", 1)[0])
        skip = [f"{path}__{name}" for path in ["", *related] for name in _TIMESTAMPS]
        return (self.model_class._base_manager.select_related(*related)
                .defer(*(name.lstrip("_") for name in skip)).order_by("pk"))

    def url(self, obj: Any) -> str:
        """``obj.get_absolute_url()``; for the usual ``<app>:<model>_detail`` URL, filled in
        from one reversed template instead of resolving it again for every object."""
        if type(obj).get_absolute_url is not TenantModel.get_absolute_url:
            return obj.get_absolute_url()
        template = _url_templates.get(self.model)
        if template is None:
            meta = self.model_class._meta
            template = reverse(f"{meta.app_label}:{meta.model_name}_detail",
                               args=[_URL_SENTINEL]).split(str(_URL_SENTINEL))
            _url_templates[self.model] = template
        return str(obj.pk).join(template)

    def branch_id(self, obj: Any) -> int | None:
        if not self.branch_path:
            return None
        *path, last = self.branch_path.split("__")
        for step in path:
            obj = getattr(obj, step, None)
            if obj is None:
                return None
        return getattr(obj, f"{last}_id", None)

    def is_closed(self, obj: Any) -> bool:
        close_field = getattr(obj, "close_field", None)
        return bool(close_field and getattr(obj, close_field, None))


_kinds: dict[str, SearchKind] = {}


def register(kind: SearchKind) -> SearchKind:
    for other in _kinds.values():
        if other.name != kind.name and other.code == kind.code:
            raise ValueError(f"search kinds {other.name} and {kind.name} share code {kind.code}")
    _kinds[kind.name] = kind
    if apps.ready:
        from abonent.search import signals

        signals.connect()
    return kind


def kinds() -> list[SearchKind]:
    return sorted(_kinds.values(), key=lambda k: (k.order, k.code))


def get(name: str) -> SearchKind:
    return _kinds[name]


def kinds_of(model: type[models.Model]) -> list[SearchKind]:
    label = model._meta.label
    return [k for k in _kinds.values() if k.model == label]


def followers_of(model: type[models.Model]) -> list[tuple[SearchKind, str]]:
    label = model._meta.label
    return [(k, k.follows[label]) for k in _kinds.values() if label in k.follows]


def watched_models() -> set[type[models.Model]]:
    labels = {k.model for k in _kinds.values()}
    labels.update(label for k in _kinds.values() for label in k.follows)
    return {apps.get_model(label) for label in labels}
