"""Billing runs: create, compute (preview), approve, issue, cancel; in process or on Celery.

    run_create -> DRAFT
    run_compute -> COMPUTING -> PREVIEW      (charge lines stored, nothing posted)
    run_approve -> APPROVED                  (a person with the approve right)
    run_issue -> ISSUING -> ISSUED           (ledger entries and receipts, chunk by chunk)
    run_cancel -> CANCELLED                  (any time before issue: its lines are deleted)

Work is split into chunks of whole buildings (a building's common meter needs all its units).
With a Celery broker configured each chunk is a task on the workers, otherwise the chunks run
here, one after another, reporting progress. A chunk is one transaction, so a run that was
killed midway has only whole chunks done: ``run_compute``/``run_issue`` again resume it (done
chunks are skipped when issuing, recomputed as a whole when previewing), ``run_cancel`` rolls
back a preview.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from datetime import date

from django.conf import settings as django_settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, F, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from abonent.accounts.models import Account
from abonent.billing.choices import ChunkStatus, PeriodStatus, RunScope, RunStatus
from abonent.billing.engine import compute_chunk
from abonent.billing.loaders import load_context
from abonent.billing.models import AccountBill, BillingPeriod, BillingRun, Charge, RunChunk
from abonent.billing.posting import issue_chunk
from abonent.billing.settings import billing_settings
from abonent.core.choices import Action
from abonent.core.tenancy import Access

Progress = Callable[[int, int], None]


def period_for(organization, month: date) -> BillingPeriod:
    """The organization's billing period of ``month`` (created open on first use)."""
    start = month.replace(day=1)
    next_start = date(start.year + start.month // 12, start.month % 12 + 1, 1)
    period, _created = BillingPeriod.objects.get_or_create(
        organization=organization, start=start,
        defaults={"end": date.fromordinal(next_start.toordinal() - 1)})
    return period


def _accounts(run: BillingRun) -> list[tuple[int, int]]:
    """(building, account) of every account billed in the period, by building."""
    period = run.period
    qs = Account.objects.of_org(run.organization).filter(opened_on__lte=period.end).exclude(
        closed_on__lt=period.start)
    if run.scope == RunScope.BUILDING:
        qs = qs.filter(unit__building_id=run.building_id)
    elif run.scope == RunScope.ACCOUNTS:
        buildings = run.accounts.values_list("unit__building_id", flat=True)
        qs = qs.filter(unit__building_id__in=list(buildings))
    return list(qs.order_by("unit__building_id", "pk").values_list("unit__building_id", "pk"))


def _make_chunks(run: BillingRun, chunk_size: int) -> None:
    chunks: list[list[int]] = [[]]
    by_building: dict[int, list[int]] = defaultdict(list)
    for building_id, account_id in _accounts(run):
        by_building[building_id].append(account_id)
    for account_ids in by_building.values():
        if chunks[-1] and len(chunks[-1]) + len(account_ids) > chunk_size:
            chunks.append([])
        chunks[-1].extend(account_ids)
    chunks = [chunk for chunk in chunks if chunk]
    RunChunk.objects.bulk_create([
        RunChunk(organization_id=run.organization_id, run=run, number=number,
                 account_ids=account_ids) for number, account_ids in enumerate(chunks, 1)])
    run.chunks_total = len(chunks)
    run.accounts_total = sum(len(chunk) for chunk in chunks)


def run_create(*, access: Access, period: BillingPeriod, scope: str = RunScope.ORGANIZATION,
               building=None, accounts=()) -> BillingRun:
    access.require("billing", Action.ADD)
    run = BillingRun(organization=access.organization, period=period, scope=scope,
                     building=building, created_by=access.user)
    run.full_clean()
    with transaction.atomic():
        run.save()
        if accounts:
            run.accounts.set(accounts)
    return run


def use_workers() -> bool:
    return bool(getattr(django_settings, "CELERY_BROKER_URL", ""))


def _set(run: BillingRun, **fields) -> None:
    for name, value in fields.items():
        setattr(run, name, value)
    run.save(update_fields=[*fields, "updated_at"])


def run_compute(run: BillingRun, *, progress: Progress | None = None,
                chunk_size: int | None = None, workers: bool | None = None) -> BillingRun:
    """Compute (or recompute) the preview; on workers when a broker is configured."""
    if run.status not in (RunStatus.DRAFT, RunStatus.COMPUTING, RunStatus.PREVIEW,
                          RunStatus.APPROVED, RunStatus.FAILED):
        raise ValidationError(_("A run that is %(status)s cannot be computed again.")
                              % {"status": run.get_status_display()})
    if not run.period.is_open:
        raise ValidationError(_("The period is closed; bill a correction in the open period."))
    with transaction.atomic():
        run.chunks.all().delete()
        run.charges.all().delete()
        run.usages.all().delete()
        run.bills.all().delete()
        _make_chunks(run, chunk_size or django_settings.ABONENT_BILLING_CHUNK_SIZE)
        _set(run, status=RunStatus.COMPUTING, chunks_done=0, chunks_total=run.chunks_total,
             accounts_total=run.accounts_total, error="", approved_by=None, approved_at=None)
    if workers if workers is not None else use_workers():
        from abonent.billing import tasks

        for chunk_id in run.chunks.values_list("pk", flat=True):
            tasks.compute_chunk_task.delay(run.pk, chunk_id)
        return run
    ctx = load_context(run.organization, run.period)
    settings = billing_settings(run.organization)
    for chunk in run.chunks.order_by("number"):
        compute_one(run, chunk, ctx=ctx, settings=settings)
        if progress:
            progress(run.chunks_done, run.chunks_total)
    run.refresh_from_db()
    return run


def compute_one(run: BillingRun, chunk: RunChunk, *, ctx=None, settings=None) -> None:
    """Compute one chunk and, when it is the last, finish the preview."""
    ctx = ctx or load_context(run.organization, run.period)
    settings = settings or billing_settings(run.organization)
    try:
        compute_chunk(run, chunk, ctx, settings)
    except Exception as exc:
        _set(run, status=RunStatus.FAILED, error=f"chunk {chunk.number}: {exc}")
        raise
    _chunk_done(run, RunStatus.COMPUTING, RunStatus.PREVIEW, ChunkStatus.COMPUTED)


def _chunk_done(run: BillingRun, working: str, finished: str, chunk_status: str) -> None:
    BillingRun.objects.filter(pk=run.pk).update(chunks_done=F("chunks_done") + 1)
    with transaction.atomic():
        locked = BillingRun.objects.select_for_update().get(pk=run.pk)
        remaining = locked.chunks.exclude(status=chunk_status).exists()
        if not remaining and locked.status == working:
            locked.status = finished
            fields = ["status", "summary", "updated_at"]
            locked.summary = summarize(locked)
            if finished == RunStatus.ISSUED:
                locked.issued_at = timezone.now()
                fields.append("issued_at")
            locked.save(update_fields=fields)
    run.refresh_from_db()


def summarize(run: BillingRun) -> dict:
    """Totals by service and counts of what to review, for the run's page."""
    by_service = {
        code: str(total) for code, total in run.charges.values("service__code").annotate(
            total=Sum("amount")).values_list("service__code", "total")}
    bills = run.bills.aggregate(accounts=Count("pk"), total=Sum("total"))
    flags: dict[str, int] = defaultdict(int)
    for bill_flags in run.bills.exclude(flags=[]).values_list("flags", flat=True):
        for flag in bill_flags:
            flags[flag] += 1
    return {"by_service": by_service, "accounts_changed": bills["accounts"] or 0,
            "accounts_unchanged": run.accounts_total - (bills["accounts"] or 0)
            if run.scope != RunScope.ACCOUNTS else
            run.accounts.count() - (bills["accounts"] or 0),
            "total": str(bills["total"] or 0), "flags": dict(flags)}


def run_approve(run: BillingRun, *, access: Access) -> BillingRun:
    access.require("billing", Action.APPROVE)
    if run.status != RunStatus.PREVIEW:
        raise ValidationError(_("Only a computed run waiting for review can be approved."))
    _set(run, status=RunStatus.APPROVED, approved_by=access.user, approved_at=timezone.now())
    return run


def run_issue(run: BillingRun, *, access: Access | None = None,
              progress: Progress | None = None, workers: bool | None = None) -> BillingRun:
    """Post the approved run (or resume an interrupted issue). Issuing twice changes nothing."""
    if access is not None:
        access.require("billing", Action.APPROVE)
    if run.status == RunStatus.ISSUED:
        return run
    if run.status not in (RunStatus.APPROVED, RunStatus.ISSUING):
        raise ValidationError(_("Approve the run before issuing it."))
    if not run.period.is_open:
        raise ValidationError(_("The period is closed; bill a correction in the open period."))
    done = run.chunks.filter(status=ChunkStatus.ISSUED).count()
    _set(run, status=RunStatus.ISSUING, chunks_done=done)
    user_id = access.user.pk if access and access.user else None
    if workers if workers is not None else use_workers():
        from abonent.billing import tasks

        for chunk_id in run.chunks.exclude(status=ChunkStatus.ISSUED).values_list("pk",
                                                                                   flat=True):
            tasks.issue_chunk_task.delay(run.pk, chunk_id, user_id)
        if not run.chunks.exclude(status=ChunkStatus.ISSUED).exists():
            _finish_issue(run)
        return run
    for chunk in run.chunks.exclude(status=ChunkStatus.ISSUED).order_by("number"):
        issue_one(run, chunk, user_id=user_id)
        if progress:
            progress(run.chunks_done, run.chunks_total)
    if run.status != RunStatus.ISSUED:
        _finish_issue(run)
    return run


def _finish_issue(run: BillingRun) -> None:
    _set(run, status=RunStatus.ISSUED, issued_at=timezone.now())


def issue_one(run: BillingRun, chunk: RunChunk, *, user_id: int | None) -> None:
    settings = billing_settings(run.organization)
    issue_chunk(run, chunk, user_id=user_id, due_day=settings.due_day)
    _chunk_done(run, RunStatus.ISSUING, RunStatus.ISSUED, ChunkStatus.ISSUED)


def run_cancel(run: BillingRun, *, access: Access) -> BillingRun:
    """Cancel a run before issue: its computed lines are deleted, nothing was posted."""
    access.require("billing", Action.CHANGE)
    if run.status in (RunStatus.ISSUING, RunStatus.ISSUED, RunStatus.CANCELLED):
        raise ValidationError(_("An issued run cannot be cancelled; re-bill the accounts "
                                "instead."))
    with transaction.atomic():
        Charge.objects.filter(run=run).delete()
        run.usages.all().delete()
        AccountBill.objects.filter(run=run).delete()
        run.chunks.all().delete()
        _set(run, status=RunStatus.CANCELLED)
    return run


def bill_period(organization, month: date, *, access: Access | None = None, issue: bool = False,
                progress: Progress | None = None, scope: str = RunScope.ORGANIZATION,
                building=None, accounts=(), workers: bool | None = None) -> BillingRun:
    """Create and compute a run for ``month``; with ``issue``, approve and issue it too
    (the CLI's ``abonent bill``; the command acts as the system, with full rights)."""
    period = period_for(organization, month)
    if period.status == PeriodStatus.CLOSED:
        raise ValidationError(_("The period is closed; bill a correction in the open period."))
    access = access or Access(user=None, organization=organization, role="admin")
    run = run_create(access=access, period=period, scope=scope, building=building,
                     accounts=accounts)
    run = run_compute(run, progress=progress, workers=workers)
    if issue and run.status == RunStatus.PREVIEW:
        run = run_approve(run, access=access)
        run = run_issue(run, access=access, progress=progress, workers=workers)
    return run


def period_close(period: BillingPeriod, *, access: Access) -> BillingPeriod:
    """Close a period: it takes no more changes; closing balances are kept as snapshots."""
    from abonent.billing.ledger import snapshot_balances

    access.require("billing", Action.APPROVE)
    if not period.is_open:
        return period
    if period.runs.filter(status__in=[RunStatus.COMPUTING, RunStatus.ISSUING]).exists():
        raise ValidationError(_("A run of this period is still working."))
    with transaction.atomic():
        snapshot_balances(period)
        period.status = PeriodStatus.CLOSED
        period.closed_at = timezone.now()
        period.closed_by = access.user
        period.save()
    return period

