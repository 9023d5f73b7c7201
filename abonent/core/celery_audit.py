"""Celery tasks record their changes under the system actor, named by the task."""

from celery.signals import task_postrun, task_prerun

from abonent.core import audit
from abonent.core.choices import AuditSource

_tokens: dict[str, object] = {}


@task_prerun.connect(dispatch_uid="abonent-audit-task-prerun")
def _enter(task_id=None, task=None, **kwargs):
    token = audit._context.set(audit.AuditContext(source=AuditSource.TASK, detail=task.name))
    _tokens[task_id] = token


@task_postrun.connect(dispatch_uid="abonent-audit-task-postrun")
def _leave(task_id=None, **kwargs):
    token = _tokens.pop(task_id, None)
    if token is not None:
        audit._context.reset(token)
