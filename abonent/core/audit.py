"""The audit trail: one mechanism for every model, whoever makes the change.

Every ``TenantModel`` (and Organization and User) is recorded on create, update and delete
with field-level before/after. *Who* comes from the current audit context: the web
middleware sets the requesting user and address; the ``abonent`` CLI, Celery tasks and the
shell run under the system actor unless they say otherwise. Code that writes in bulk
(imports, demo data) calls ``record_bulk_create`` itself, because bulk statements send no
signals.
"""

from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import Iterable, Iterator
from contextvars import ContextVar
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db import models
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_save

from abonent.core.choices import AuditAction, AuditSource

SYSTEM_USERNAME = "system"


@dataclass
class AuditContext:
    source: str = AuditSource.SHELL
    detail: str = ""
    request: Any = None  # the HttpRequest; its user is read lazily (DRF authenticates late)
    user: Any = None
    remote_addr: str | None = None

    def actor(self) -> Any:
        if self.request is not None:
            user = getattr(self.request, "user", None)
            if user is not None and user.is_authenticated:
                return user
            return None
        return self.user


_context: ContextVar[AuditContext | None] = ContextVar("abonent_audit", default=None)


def current() -> AuditContext:
    return _context.get() or AuditContext()


@contextlib.contextmanager
def audit_context(**kwargs: Any) -> Iterator[AuditContext]:
    ctx = AuditContext(**kwargs)
    token = _context.set(ctx)
    try:
        yield ctx
    finally:
        _context.reset(token)


def _jsonable(value: Any) -> Any:
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, list | tuple):
        return [_jsonable(v) for v in value]
    if isinstance(value, models.Model):
        return value.pk
    if hasattr(value, "name") and hasattr(value, "url"):  # files
        return value.name or ""
    return value


def snapshot(instance: models.Model) -> dict[str, Any]:
    """The audited field values of an instance, as JSON-friendly data."""
    exclude = set(getattr(instance, "audit_exclude", ()))
    data = {}
    for f in instance._meta.concrete_fields:
        if f.name in exclude or f.name == "id":
            continue
        data[f.name] = _jsonable(getattr(instance, f.attname))
    return data


def diff(before: dict[str, Any] | None, after: dict[str, Any] | None) -> dict[str, list[Any]]:
    """Field -> [before, after]. A create or a delete lists every field, empty ones too; an
    update lists only the fields that changed."""
    if before is None or after is None:
        return {k: [None, v] if before is None else [v, None]
                for k, v in (after if before is None else before).items()}
    keys = list(dict.fromkeys([*before, *after]))
    return {k: [before.get(k), after.get(k)] for k in keys if before.get(k) != after.get(k)}


def _organization_id(instance: models.Model) -> int | None:
    from abonent.core.models import Organization

    if isinstance(instance, Organization):
        return instance.pk
    return getattr(instance, "organization_id", None)


def _entry(instance: models.Model, action: str, changes: dict, ctx: AuditContext):
    from abonent.core.models import AuditEntry

    actor = ctx.actor()
    label = actor.get_username() if actor is not None else SYSTEM_USERNAME
    return AuditEntry(
        organization_id=_organization_id(instance),
        actor=actor if actor is not None and actor.pk else None,
        actor_label=label,
        source=ctx.source,
        source_detail=ctx.detail[:200],
        remote_addr=ctx.remote_addr,
        action=action,
        object_type=instance._meta.label_lower,
        object_id=str(instance.pk),
        object_repr=str(instance)[:250],
        changes=changes,
    )


def record(instance: models.Model, action: str, changes: dict) -> None:
    if action == AuditAction.UPDATE and not changes:
        return
    _entry(instance, action, changes, current()).save()


def record_bulk_create(instances: Iterable[models.Model], batch_size: int = 2000) -> int:
    """Audit rows for objects written with bulk_create (which sends no signals)."""
    from abonent.core.models import AuditEntry

    ctx = current()
    entries = [_entry(obj, AuditAction.CREATE, diff(None, snapshot(obj)), ctx)
               for obj in instances]
    AuditEntry.objects.bulk_create(entries, batch_size=batch_size)
    return len(entries)


def record_bulk_delete(instances: Iterable[models.Model], batch_size: int = 2000) -> int:
    """Audit rows for objects about to be deleted in bulk (a raw delete sends no signals)."""
    from abonent.core.models import AuditEntry

    ctx = current()
    entries = [_entry(obj, AuditAction.DELETE, diff(snapshot(obj), None), ctx)
               for obj in instances]
    AuditEntry.objects.bulk_create(entries, batch_size=batch_size)
    return len(entries)


# Signal receivers: the recording itself, not business logic.

def _on_pre_save(sender, instance, raw=False, **kwargs):
    if raw or instance.pk is None or instance._state.adding:
        instance._audit_before = None
        return
    old = sender._base_manager.filter(pk=instance.pk).first()
    instance._audit_before = snapshot(old) if old is not None else None


def _on_post_save(sender, instance, created, raw=False, **kwargs):
    if raw:
        return
    before = None if created else getattr(instance, "_audit_before", None)
    action = AuditAction.CREATE if created or before is None else AuditAction.UPDATE
    record(instance, action, diff(before, snapshot(instance)))


def _on_post_delete(sender, instance, **kwargs):
    record(instance, AuditAction.DELETE, diff(snapshot(instance), None))


def _on_m2m_changed(sender, instance, action, model, pk_set, **kwargs):
    """A many-to-many change is an update of ``instance``: the related ids before and after."""
    if action not in ("pre_clear", "post_add", "post_remove", "post_clear"):
        return
    field = next((f.name for f in instance._meta.many_to_many
                  if f.remote_field.through is sender), None)
    if field is None:  # changed from the other side: branch.membership_set.add(...)
        field = next(r.get_accessor_name() for r in instance._meta.related_objects
                     if r.many_to_many and r.through is sender)
    after = sorted(getattr(instance, field).values_list("pk", flat=True))
    if action == "pre_clear":  # post_clear no longer knows what was there
        instance._audit_cleared = after
        return
    if action == "post_clear":
        before = getattr(instance, "_audit_cleared", [])
    elif action == "post_add":
        before = sorted(set(after) - set(pk_set or ()))
    else:
        before = sorted(set(after) | set(pk_set or ()))
    if before != after:
        record(instance, AuditAction.UPDATE, {field: [before, after]})


def audited_models() -> list[type[models.Model]]:
    from django.apps import apps

    from abonent.core.models import AuditEntry
    from abonent.core.tenancy import TenantModel

    names = {"core.organization", "core.user"}
    return [m for m in apps.get_models()
            if m is not AuditEntry and getattr(m, "audited", True)
            and (issubclass(m, TenantModel) or m._meta.label_lower in names)]


def connect() -> None:
    for model in audited_models():
        uid = f"audit-{model._meta.label_lower}"
        pre_save.connect(_on_pre_save, sender=model, dispatch_uid=uid + "-pre")
        post_save.connect(_on_post_save, sender=model, dispatch_uid=uid + "-post")
        post_delete.connect(_on_post_delete, sender=model, dispatch_uid=uid + "-del")
        for m2m in model._meta.many_to_many:
            m2m_changed.connect(_on_m2m_changed, sender=m2m.remote_field.through,
                                dispatch_uid=f"{uid}-{m2m.name}")
