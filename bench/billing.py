"""Billing run: how long billing a month of a large organization takes, and what it costs.

    python bench/billing.py --size 100000 --db sqlite
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/abonent_bench \\
        python bench/billing.py --size 100000 --db postgres --workers 2

Builds its own deterministic data set (``--size`` accounts in buildings of ~60 units, eight
services each, tariffs, benefits, residents and a year of meter readings: bench/_billing_data.py)
in a child process, so that neither its time nor its memory counts. The billing then works on
a fresh copy of that data set (``<name>_run``; the data set itself is never billed, so
``--reuse`` can measure again), in this process, as ``abonent bill --issue`` does: the preview
(``bill_period``: compute and store the charge lines) and the issue (approve, post to the
ledger, number the receipts), timed apart; then the same month again, which must write
nothing. With ``--workers N`` (PostgreSQL) a second copy (``<name>_workers``) is billed by N
Celery worker processes on Redis, started here, and the speed-up is reported. The last line on
stdout is one JSON object with the figures; progress goes to stderr.
"""

from __future__ import annotations

import os
import resource
import shutil
import sqlite3
import subprocess
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from multiprocessing import get_context
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import _common

BROKER = "redis://127.0.0.1:6379/15"


def main() -> None:
    args = _parse()
    if args.workers and args.db != "postgres":
        sys.exit("--workers needs --db postgres (SQLite takes one writer at a time)")
    kept = _common.setup_django(args, "billing")

    from abonent.core.models import Organization

    slug = f"bench-billing-{args.size}-{args.seed}"
    build_seconds = None
    if not Organization.objects.filter(slug=slug).exists():
        if kept:
            sys.exit(f"--reuse: the kept database does not hold {slug}; run without --reuse")
        started = time.perf_counter()
        with ProcessPoolExecutor(1, mp_context=get_context("spawn")) as pool:
            counts = pool.submit(_generate, args.size, args.seed, slug).result()
        build_seconds = time.perf_counter() - started
        _common.say(f"  data: {counts} in {build_seconds:.1f} s")
    else:
        _common.say(f"· reusing {slug}")
    with _common.stage("copy the data set"):
        run_db = _copy(args, "run")
        workers_db = _copy(args, "workers") if args.workers else None
    _use(run_db)
    result = _bill_in_process(args, slug)
    if args.workers:
        result.update(_bill_on_workers(args, slug, workers_db, result))
    _common.emit({
        **result, "load_avg": round(os.getloadavg()[0], 1),
        "build_seconds": round(build_seconds, 1) if build_seconds is not None else None,
        "machine": _common.machine()})


def _parse():
    p = _common.parser("billing", __doc__.split("\n\n")[0], default_size=100_000)
    p.add_argument("--workers", type=int, default=0,
                   help="also bill on this many Celery worker processes (PostgreSQL)")
    p.add_argument("--processes", type=int, default=None,
                   help="local processes of the in-process run, as `abonent bill` "
                        "(default: ABONENT_BILLING_PROCESSES, the number of CPUs)")
    p.add_argument("--broker", default=BROKER, help="Celery broker of the workers (Redis)")
    p.add_argument("--profile", metavar="FILE",
                   help="write a cProfile of the first run (preview and issue) to FILE")
    return p.parse_args()


def _generate(size: int, seed: int, slug: str) -> dict:
    """In a child process: write the data set and fresh statistics; returns the counts."""
    import django

    django.setup()
    from django.db import connection
    from tqdm import tqdm

    from abonent.core.models import Organization
    from bench import _billing_data

    org = Organization.objects.create(slug=slug, name="Benchmark Utility", country="GE",
                                      currency="GEL", time_zone="Asia/Tbilisi")
    with tqdm(total=size, desc="data", unit="accounts", file=sys.stderr, mininterval=1) as bar:
        counts = _billing_data.build(org, size, seed, bar.update)
    with connection.cursor() as cursor:  # as autovacuum or a nightly ANALYZE would leave them
        cursor.execute("ANALYZE")
    return counts


def _copy(args, suffix: str) -> str:
    """A fresh copy of the data set's database; returns its name (PostgreSQL) or path."""
    from django.db import connections

    connections.close_all()
    if args.db == "postgres":
        import psycopg

        parts = urlsplit(os.environ["DATABASE_URL"])
        source, name = parts.path.lstrip("/"), f"{args.pg_name}_{suffix}"
        admin = urlunsplit(parts._replace(path="/postgres"))
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            conn.execute(f'CREATE DATABASE "{name}" TEMPLATE "{source}" STRATEGY FILE_COPY')
        return name
    source = Path(args.var_dir) / "abonent.sqlite3"
    target = Path(args.var_dir) / f"{suffix}.sqlite3"
    with sqlite3.connect(source) as conn:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    for extension in ("", "-wal", "-shm"):
        Path(f"{target}{extension}").unlink(missing_ok=True)
    shutil.copyfile(source, target)
    return str(target)


def _use(name: str) -> None:
    from django.db import connection, connections

    connections.close_all()
    connection.settings_dict["NAME"] = name


def _progress_bar(desc: str):
    from tqdm import tqdm

    bar = tqdm(desc=desc, unit="chunks", file=sys.stderr, total=0, mininterval=1)

    def progress(done: int, total: int) -> None:
        if (done, total) != (bar.n, bar.total):
            bar.total = total
            bar.n = done
            bar.refresh()

    return bar, progress


def _bill_in_process(args, slug: str) -> dict:
    from django.conf import settings

    from abonent.billing.choices import RunStatus
    from abonent.billing.models import Charge, LedgerEntry, Receipt
    from abonent.billing.runs import bill_period, run_approve, run_issue
    from abonent.core.models import Organization
    from abonent.core.tenancy import Access
    from abonent.metering.models import Meter, Reading
    from bench._billing_data import MONTH

    org = Organization.objects.get(slug=slug)
    access = Access(user=None, organization=org, role="admin")
    processes = args.processes or settings.ABONENT_BILLING_PROCESSES
    facts = {"processes": processes,"buildings": _buildings(org),
             "meters": Meter.objects.filter(organization=org).count(),
             "readings": Reading.objects.filter(organization=org).count()}
    profiler = None
    if args.profile:
        import cProfile

        profiler = cProfile.Profile()
        profiler.enable()
    bar, progress = _progress_bar("preview")
    server_cpu = _server_cpu()
    started, cpu = time.perf_counter(), _cpu()
    run = bill_period(org, MONTH, progress=progress, workers=False, processes=processes)
    previewed = time.perf_counter()
    bar.close()
    if run.status != RunStatus.PREVIEW:
        sys.exit(f"the preview failed: {run.status} {run.error}")
    bar, progress = _progress_bar("issue")
    run = run_issue(run_approve(run, access=access), access=access, progress=progress,
                    workers=False)
    issued = time.perf_counter()
    cpu = _cpu() - cpu
    server_cpu = _server_cpu() - server_cpu if server_cpu is not None else None
    bar.close()
    if profiler is not None:
        profiler.disable()
        profiler.dump_stats(args.profile)
        _common.say(f"  profile written to {args.profile}")
    peak_rss_mb = max(resource.getrusage(who).ru_maxrss for who in
                      (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN)) // 1024
    if run.status != RunStatus.ISSUED:
        sys.exit(f"the issue failed: {run.status} {run.error}")
    entries = LedgerEntry.objects.filter(organization=org).count()
    total = issued - started
    _common.say(f"  first run: preview {previewed - started:.1f} s, issue {issued - previewed:.1f}"
                f" s, {entries} ledger entries")

    bar, progress = _progress_bar("re-run")
    again_started = time.perf_counter()
    again = bill_period(org, MONTH, issue=True, progress=progress, workers=False,
                        processes=processes)
    rerun = time.perf_counter() - again_started
    bar.close()
    new_entries = LedgerEntry.objects.filter(organization=org).count() - entries
    assert new_entries == 0, f"the re-run posted {new_entries} ledger entries"
    assert again.status == RunStatus.ISSUED and again.summary["accounts_changed"] == 0, \
        (again.status, again.summary)
    _common.say(f"  re-run: {rerun:.1f} s, nothing written")
    return {
        "bench": "billing", "db": args.db, "accounts": run.accounts_total,
        **facts,
        "chunks": run.chunks_total,
        "preview_seconds": round(previewed - started, 1),
        "issue_seconds": round(issued - previewed, 1),
        "seconds": round(total, 1),
        "accounts_per_s": round(run.accounts_total / total),
        "cpu_seconds": round(cpu, 1),
        "server_cpu_seconds": round(server_cpu, 1) if server_cpu is not None else None,
        "peak_rss_mb": peak_rss_mb,
        "ledger_entries": entries,
        "charges": Charge.objects.filter(run=run).count(),
        "receipts": Receipt.objects.filter(run=run).count(),
        "flags": run.summary.get("flags", {}),
        "rerun_seconds": round(rerun, 1),
        "rerun_ratio": round(rerun / total, 3),
        "rerun_ledger_entries": new_entries,
        "total_billed": run.summary.get("total"),
    }


def _cpu() -> float:
    """CPU seconds of this process and of its finished children (the local processes)."""
    return sum(usage.ru_utime + usage.ru_stime for usage in (
        resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)))


def _server_cpu() -> float | None:
    """CPU seconds of this connection's PostgreSQL backend, when the server runs here."""
    from django.db import connection

    if connection.vendor != "postgresql":
        return None
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        pid = cursor.fetchone()[0]
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:  # a server on another machine
        return None
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _buildings(org) -> int:
    from abonent.property.models import Building

    return Building.objects.filter(organization=org).count()


def _bill_on_workers(args, slug: str, database: str, in_process: dict) -> dict:
    """Bill the copy ``database`` on ``args.workers`` Celery workers started here."""
    import redis

    redis.Redis.from_url(args.broker).flushdb()
    parts = urlsplit(os.environ["DATABASE_URL"])
    env = {**os.environ, "DATABASE_URL": urlunsplit(parts._replace(path=f"/{database}")),
           "ABONENT_BROKER_URL": args.broker}
    logs = [Path(args.var_dir) / f"worker{number}.log" for number in range(args.workers)]
    Path(args.var_dir).mkdir(parents=True, exist_ok=True)
    workers = []
    try:
        for number, log in enumerate(logs):
            with open(log, "w") as out:
                workers.append(subprocess.Popen(
                    [sys.executable, "-m", "celery", "-A", "abonent", "worker", "--pool", "solo",
                     "--hostname", f"bench{number}@%h", "--without-gossip", "--without-mingle",
                     "--without-heartbeat", "--loglevel", "INFO"],
                    cwd=_common.ROOT, env=env, stdout=out, stderr=subprocess.STDOUT))
        _wait_ready(workers, logs)
        _common.say(f"· billing on {args.workers} Celery workers…")
        with ProcessPoolExecutor(1, mp_context=get_context("spawn")) as pool:
            figures = pool.submit(_bill_with_broker, env, slug).result()
    finally:
        for worker in workers:
            worker.terminate()
        for worker in workers:
            try:
                worker.wait(30)
            except subprocess.TimeoutExpired:
                worker.kill()
    if figures["ledger_entries"] != in_process["ledger_entries"] or \
            figures["total_billed"] != in_process["total_billed"]:
        sys.exit(f"the workers billed otherwise: {figures} vs {in_process}")
    seconds = figures["preview_seconds"] + figures["issue_seconds"]
    _common.say(f"  workers: {seconds:.1f} s")
    return {"workers": args.workers,
            "workers_preview_seconds": round(figures["preview_seconds"], 1),
            "workers_issue_seconds": round(figures["issue_seconds"], 1),
            "workers_seconds": round(seconds, 1),
            "workers_speedup": round(in_process["seconds"] / seconds, 2)}


def _wait_ready(workers: list, logs: list[Path], timeout: float = 120) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        for worker, log in zip(workers, logs, strict=True):
            if worker.poll() is not None:
                sys.exit(f"a Celery worker stopped: see {log}")
        if all(" ready." in log.read_text() for log in logs):
            return
        time.sleep(0.2)
    sys.exit(f"the Celery workers were not ready in {timeout} s: see {logs}")


def _bill_with_broker(env: dict, slug: str) -> dict:
    """In a child process configured for the broker: queue the chunks, follow the run."""
    os.environ.update(env)
    import django

    django.setup()
    from abonent.billing.choices import RunStatus
    from abonent.billing.models import LedgerEntry
    from abonent.billing.runs import bill_period, run_approve, run_issue
    from abonent.core.models import Organization
    from abonent.core.tenancy import Access
    from bench._billing_data import MONTH

    org = Organization.objects.get(slug=slug)
    access = Access(user=None, organization=org, role="admin")

    def follow(run, working: str):
        bar, progress = _progress_bar(f"workers {working}")
        while run.status == working:
            time.sleep(0.1)
            run.refresh_from_db()
            progress(run.chunks_done, run.chunks_total)
        bar.close()
        return run

    started = time.perf_counter()
    run = follow(bill_period(org, MONTH, workers=True), RunStatus.COMPUTING)
    previewed = time.perf_counter()
    if run.status != RunStatus.PREVIEW:
        raise RuntimeError(f"the preview on the workers failed: {run.status} {run.error}")
    run = follow(run_issue(run_approve(run, access=access), access=access, workers=True),
                 RunStatus.ISSUING)
    issued = time.perf_counter()
    if run.status != RunStatus.ISSUED:
        raise RuntimeError(f"the issue on the workers failed: {run.status} {run.error}")
    return {"preview_seconds": previewed - started, "issue_seconds": issued - previewed,
            "ledger_entries": LedgerEntry.objects.filter(organization=org).count(),
            "total_billed": run.summary.get("total")}


if __name__ == "__main__":
    main()
