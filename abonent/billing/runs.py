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
from concurrent.futures import ProcessPoolExecutor, as_completed
from datetime import date
from multiprocessing import get_context

from django.conf import settings as django_settings
from django.core.exceptions import ValidationError
from django.db import connection, connections, transaction
from django.db.models import Count, F, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from abonent.accounts.models import Account
from abonent.billing import changes, sql
from abonent.billing.choices import ChunkStatus, PeriodStatus, RunScope, RunStatus
from abonent.billing.engine import compute_chunk
from abonent.billing.loaders import Context, load_context
from abonent.billing.models import (
    AccountBill,
    BillingPeriod,
    BillingRun,
    BillingSettings,
    Charge,
    LedgerEntry,
    MeterUsage,
    Receipt,
    RunChunk,
)
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


def _make_chunks(run: BillingRun, chunk_size: int, changed: set[int] | None) -> None:
    """Chunks of whole buildings; only the ``changed`` buildings get chunks (all when None),
    the others keep what is posted for them."""
    chunks: list[list[int]] = [[]]
    by_building: dict[int, list[int]] = defaultdict(list)
    accounts = _accounts(run)
    for building_id, account_id in accounts:
        by_building[building_id].append(account_id)
    for building_id, account_ids in by_building.items():
        if changed is not None and building_id not in changed:
            continue
        if chunks[-1] and len(chunks[-1]) + len(account_ids) > chunk_size:
            chunks.append([])
        chunks[-1].extend(account_ids)
    chunks = [chunk for chunk in chunks if chunk]
    RunChunk.objects.bulk_create([
        RunChunk(organization_id=run.organization_id, run=run, number=number,
                 account_ids=account_ids) for number, account_ids in enumerate(chunks, 1)])
    run.chunks_total = len(chunks)
    run.accounts_total = len(accounts)


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
                chunk_size: int | None = None, workers: bool | None = None,
                full: bool = False, processes: int = 1) -> BillingRun:
    """Compute (or recompute) the preview; on workers when a broker is configured, else here
    in up to ``processes`` local processes (see ``_local_processes``).

    When the period was already issued, only the buildings whose inputs changed since are
    rated again (``changes.changed_buildings``); ``full`` rates every account."""
    if run.status not in (RunStatus.DRAFT, RunStatus.COMPUTING, RunStatus.PREVIEW,
                          RunStatus.APPROVED, RunStatus.FAILED):
        raise ValidationError(_("A run that is %(status)s cannot be computed again.")
                              % {"status": run.get_status_display()})
    if not run.period.is_open:
        raise ValidationError(_("The period is closed; bill a correction in the open period."))
    billing_settings(run.organization)  # created on first use: before the inputs are read
    inputs_read_at = timezone.now()
    changed = None if full else changes.changed_buildings(
        run.period, changes.baseline(run.period, exclude=run))
    with transaction.atomic():
        run.chunks.all().delete()
        run.charges.all().delete()
        run.usages.all().delete()
        run.bills.all().delete()
        _make_chunks(run, chunk_size or django_settings.ABONENT_BILLING_CHUNK_SIZE, changed)
        _set(run, status=RunStatus.COMPUTING, chunks_done=0, chunks_total=run.chunks_total,
             accounts_total=run.accounts_total, error="", approved_by=None, approved_at=None,
             inputs_read_at=inputs_read_at)
    if not run.chunks_total:  # nothing to rate: the preview is ready (and empty)
        _finish(run, RunStatus.COMPUTING, RunStatus.PREVIEW)
        return run
    if workers if workers is not None else use_workers():
        from abonent.billing import tasks

        for chunk_id in run.chunks.values_list("pk", flat=True):
            tasks.compute_chunk_task.delay(run.pk, chunk_id)
        return run
    chunks = list(run.chunks.order_by("number"))
    if _local_processes(processes, len(chunks)) > 1:
        _compute_in_processes(run, chunks, processes, progress)
    else:
        for chunk in chunks:
            compute_one(run, chunk)
            if progress:
                progress(run.chunks_done, run.chunks_total)
    run.refresh_from_db()
    return run


def _local_processes(wanted: int, chunks: int) -> int:
    """How many local processes to compute in: several only where processes forked from
    this one see the same data (a database file or server, no transaction open here)."""
    if min(wanted, chunks) < 2 or connection.in_atomic_block or (
            connection.vendor == "sqlite" and connection.is_in_memory_db()):
        return 1
    return min(wanted, chunks)


def _compute_in_processes(run: BillingRun, chunks: list[RunChunk], processes: int,
                          progress: Progress | None) -> None:
    """Compute the chunks in forked processes, each as a worker would (``compute_by_id``)."""
    _context(run)  # read here once; the forked processes inherit it
    connections.close_all()  # each process opens its own
    pool = ProcessPoolExecutor(min(processes, len(chunks)), mp_context=get_context("fork"))
    try:
        futures = [pool.submit(compute_by_id, run.pk, chunk.pk) for chunk in chunks]
        for future in as_completed(futures):
            future.result()  # a failed chunk has marked the run failed; stop here too
            if progress:
                run.refresh_from_db(fields=["chunks_done", "chunks_total"])
                progress(run.chunks_done, run.chunks_total)
    finally:
        pool.shutdown(cancel_futures=True)


_contexts: dict[tuple, tuple[Context, BillingSettings]] = {}


def _context(run: BillingRun) -> tuple[Context, BillingSettings]:
    """What the run needs of its organization, read once per process and computation."""
    key = (run.pk, run.inputs_read_at)
    if key not in _contexts:
        _contexts.clear()
        _contexts[key] = (load_context(run.organization, run.period),
                          billing_settings(run.organization))
    return _contexts[key]


def compute_by_id(run_id: int, chunk_id: int) -> None:
    """Compute one chunk of a run (a Celery task, or a local process)."""
    run = BillingRun.objects.select_related("organization", "period").get(pk=run_id)
    compute_one(run, RunChunk.objects.get(pk=chunk_id))


def compute_one(run: BillingRun, chunk: RunChunk) -> None:
    """Compute one chunk and, when it is the last, finish the preview."""
    ctx, settings = _context(run)
    try:
        compute_chunk(run, chunk, ctx, settings)
    except Exception as exc:
        _set(run, status=RunStatus.FAILED, error=f"chunk {chunk.number}: {exc}")
        raise
    if chunk.number in sql.ANALYZE_AFTER:
        sql.analyze(Charge, MeterUsage, AccountBill)
    _chunk_done(run, RunStatus.COMPUTING, RunStatus.PREVIEW, ChunkStatus.COMPUTED)


def _chunk_done(run: BillingRun, working: str, finished: str, chunk_status: str) -> None:
    BillingRun.objects.filter(pk=run.pk).update(chunks_done=F("chunks_done") + 1)
    with transaction.atomic():
        locked = BillingRun.objects.select_for_update().get(pk=run.pk)
        if not locked.chunks.exclude(status=chunk_status).exists():
            _finish(locked, working, finished)
    run.refresh_from_db()


def _finish(run: BillingRun, working: str, finished: str) -> None:
    """Move ``run`` from ``working`` to ``finished`` with its summary (once)."""
    if run.status != working:
        return
    run.status = finished
    fields = ["status", "summary", "updated_at"]
    run.summary = summarize(run)
    if finished == RunStatus.ISSUED:
        run.issued_at = timezone.now()
        fields.append("issued_at")
    run.save(update_fields=fields)


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
            _finish(run, RunStatus.ISSUING, RunStatus.ISSUED)
        return run
    for chunk in run.chunks.exclude(status=ChunkStatus.ISSUED).order_by("number"):
        issue_one(run, chunk, user_id=user_id)
        if progress:
            progress(run.chunks_done, run.chunks_total)
    if run.status != RunStatus.ISSUED:
        _finish(run, RunStatus.ISSUING, RunStatus.ISSUED)
    return run


def issue_one(run: BillingRun, chunk: RunChunk, *, user_id: int | None) -> None:
    settings = billing_settings(run.organization)
    issue_chunk(run, chunk, user_id=user_id, due_day=settings.due_day)
    if chunk.number in sql.ANALYZE_AFTER:
        sql.analyze(LedgerEntry, Receipt)
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
                building=None, accounts=(), workers: bool | None = None,
                full: bool = False, processes: int = 1) -> BillingRun:
    """Create and compute a run for ``month``; with ``issue``, approve and issue it too
    (the CLI's ``abonent bill``; the command acts as the system, with full rights)."""
    period = period_for(organization, month)
    if period.status == PeriodStatus.CLOSED:
        raise ValidationError(_("The period is closed; bill a correction in the open period."))
    access = access or Access(user=None, organization=organization, role="admin")
    run = run_create(access=access, period=period, scope=scope, building=building,
                     accounts=accounts)
    run = run_compute(run, progress=progress, workers=workers, full=full,
                      processes=processes)
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

