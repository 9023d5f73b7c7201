"""Celery tasks: one billing-run chunk each. Queued only after the run's rows are committed."""

from __future__ import annotations

from celery import shared_task

from abonent.billing.models import BillingRun, RunChunk


@shared_task(acks_late=True)
def compute_chunk_task(run_id: int, chunk_id: int) -> None:
    from abonent.billing.runs import compute_by_id

    compute_by_id(run_id, chunk_id)


@shared_task(acks_late=True)
def issue_chunk_task(run_id: int, chunk_id: int, user_id: int | None) -> None:
    from abonent.billing.runs import issue_one

    run = BillingRun.objects.select_related("organization", "period").get(pk=run_id)
    issue_one(run, RunChunk.objects.get(pk=chunk_id), user_id=user_id)
