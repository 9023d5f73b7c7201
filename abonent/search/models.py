"""The quick-search index: one row per searchable object, kept up to date from its source.

It is a cache (like NetBox's search cache): everything in it can be rebuilt from the domain
tables with ``abonent reindex``. The text index on ``text`` is database-specific and made by
migration 0002: a pg_trgm GIN index on PostgreSQL, an FTS5 trigram table on SQLite.
"""

from __future__ import annotations

from django.db import models
from django.db.models import Q

from abonent.core.choices import Action


class SearchEntryQuerySet(models.QuerySet):
    def restrict(self, access, action: str = Action.VIEW) -> SearchEntryQuerySet:
        """Entries the access may find: the same rule as ``TenantQuerySet.restrict``.

        Its organization only; only kinds whose permission area the role may act on; and
        for branch-scoped staff, objects of kinds tied to a branch only within their branches.
        """
        from abonent.search import registry

        allowed = [k for k in registry.kinds() if access.can(k.area, action)]
        if not allowed:
            return self.none()
        qs = self.filter(organization_id=access.organization_id,
                         kind__in=[k.name for k in allowed])
        if access.branch_ids:
            scoped = [k.name for k in allowed if k.branch_path]
            if scoped:
                qs = qs.filter(~Q(kind__in=scoped) | Q(branch_id__in=access.branch_ids))
        return qs


class SearchEntry(models.Model):
    #: ``kind code << 48 | object id`` (see registry.KIND_SHIFT)
    id = models.BigIntegerField(primary_key=True)
    organization = models.ForeignKey("core.Organization", on_delete=models.CASCADE,
                                     related_name="+", db_index=False)
    kind = models.CharField(max_length=30)
    object_id = models.BigIntegerField()
    #: the permission area of the object's model, for looking at the index by hand
    area = models.CharField(max_length=30)
    branch_id = models.BigIntegerField(null=True, blank=True)
    #: normalized words with a space at each end (see text.py); the indexed column
    text = models.TextField()
    title = models.CharField(max_length=300)
    subtitle = models.CharField(max_length=300, blank=True)
    url = models.CharField(max_length=300)
    closed = models.BooleanField(default=False)

    objects = SearchEntryQuerySet.as_manager()

    class Meta:
        db_table = "search_entry"
        # No B-tree index on organization or kind, on purpose: on PostgreSQL the planner
        # would walk one with a LIMIT, reading a whole kind when few rows match. The text
        # index (migration 0002) covers organization and kind; see backends.py.

    def __str__(self) -> str:
        return f"{self.kind} {self.object_id}: {self.title}"
