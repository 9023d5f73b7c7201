"""Index maintenance on single saves and deletes. Only bookkeeping of the cache happens
here — one read and one write per entry touched; no business rule lives in these receivers.

Bulk statements (``bulk_create``, ``QuerySet.update``) send no signals: their callers run
``indexing.reindex_organization`` afterwards.
"""

from django.db.models.signals import post_delete, post_save

from abonent.search import indexing, registry


def _on_save(sender, instance, raw=False, **kwargs):
    if raw:  # loading fixtures: related rows may not exist yet; reindex afterwards
        return
    for kind in registry.kinds_of(sender):
        indexing.index_objects(kind, [instance.pk])
    indexing.index_followers(sender, instance.pk)


def _on_delete(sender, instance, **kwargs):
    for kind in registry.kinds_of(sender):
        indexing.unindex(kind, instance.pk)


def connect() -> None:
    """Connect to each indexed or followed model (not to every model: a receiver without a
    sender would cost every save in the project and disable Django's fast deletes)."""
    for model in registry.watched_models():
        uid = f"search-{model._meta.label_lower}"
        post_save.connect(_on_save, sender=model, dispatch_uid=f"{uid}-save")
        post_delete.connect(_on_delete, sender=model, dispatch_uid=f"{uid}-delete")
