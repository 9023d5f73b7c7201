"""Quick-search latency: p50/p95/p99 of the search box's selector over a large organization.

    python bench/search.py --size 100000 --db sqlite
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/x python bench/search.py --db postgres

Builds its own deterministic data set (``--size`` accounts, 1.5 times as many people, their
units and buildings) with bulk writes, indexes it with ``reindex_organization``, then times
a realistic mix of queries (2, 3, 4 and more characters: account number prefixes, surnames
in Georgian, Latin and Cyrillic script, phone fragments, e-mails, street + house + unit,
misses) through ``abonent.search.selectors.quick_search``, the function the search box uses.
The last line on stdout is one JSON object with the figures; progress goes to stderr.
"""

from __future__ import annotations

import os
import sys
import time
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import _common


def main() -> None:
    args = _parse()
    kept = _common.setup_django(args, "search")

    from tqdm import tqdm

    from abonent.core.models import Organization
    from abonent.core.tenancy import Access
    from abonent.search.indexing import reindex_organization
    from abonent.search.models import SearchEntry
    from abonent.search.selectors import quick_search
    from bench import _search_data

    slug = f"bench-search-{args.size}-{args.seed}"
    org = Organization.objects.filter(slug=slug).first() if kept else None
    build_seconds = index_seconds = None
    if org is None or not SearchEntry.objects.filter(organization=org).exists():
        if kept:
            sys.exit(f"--reuse: the kept database does not hold {slug}; run without --reuse")
        started = time.perf_counter()
        org = Organization.objects.create(slug=slug, name="Benchmark Housing", country="GE",
                                          currency="GEL", time_zone="Asia/Tbilisi")
        with tqdm(total=int(args.size * 3.5 + args.size // 60), desc="data", unit="rows",
                  file=sys.stderr, mininterval=1) as bar:
            counts = _search_data.build(org, args.size, args.seed, bar.update)
        indexed = time.perf_counter()
        with tqdm(desc="index", unit="rows", file=sys.stderr, mininterval=1) as bar:
            reindex_organization(org.pk, progress=bar)
        _analyze()
        index_seconds = time.perf_counter() - indexed
        build_seconds = time.perf_counter() - started
    else:
        _common.say(f"· reusing {slug}")
    counts = {kind: SearchEntry.objects.filter(organization=org, kind=kind).count()
              for kind in ("account", "person", "building", "unit")}

    access = Access(user=None, organization=org, role="admin")
    mix = _search_data.queries(args.queries, args.seed)
    for _, q in mix[:25]:  # warm the connection and the caches
        quick_search(access, q)
    timings, cpu, per_category, found = [], [], defaultdict(list), 0
    load_before = os.getloadavg()[0]
    for category, q in tqdm(mix, desc="queries", unit="q", file=sys.stderr, mininterval=1):
        started, started_cpu = time.perf_counter(), time.process_time()
        groups = quick_search(access, q)
        ms = (time.perf_counter() - started) * 1000
        cpu.append((time.process_time() - started_cpu) * 1000)
        timings.append(ms)
        per_category[category].append(ms)
        found += bool(groups)
        if args.verbose:
            hits = sum(len(g.hits) for g in groups)
            _common.say(f"  {ms:7.2f} ms  {category:8} {q!r} → {hits}")
    timings.sort()
    cpu.sort()
    load = round(max(load_before, os.getloadavg()[0]), 1)
    for category, values in sorted(per_category.items()):
        values.sort()
        _common.say(f"  {category:8} n={len(values):3}  p50 {_common.percentile(values, 50):6.2f}"
                    f"  p95 {_common.percentile(values, 95):6.2f}  max {values[-1]:6.2f} ms")
    _common.emit({
        "bench": "search", "db": args.db, "accounts": counts["account"],
        "people": counts["person"], "buildings": counts["building"], "units": counts["unit"],
        "queries": len(timings),
        "p50_ms": round(_common.percentile(timings, 50), 2),
        "p95_ms": round(_common.percentile(timings, 95), 2),
        "p99_ms": round(_common.percentile(timings, 99), 2),
        "max_ms": round(timings[-1], 2),
        # CPU time of this process per query: all of the work on SQLite, only the Python
        # side on PostgreSQL. Wall-clock figures above suffer when the machine is busy (load).
        "cpu_p50_ms": round(_common.percentile(cpu, 50), 2),
        "cpu_p95_ms": round(_common.percentile(cpu, 95), 2),
        "load_avg": load,
        "found_share": round(found / len(timings), 2),
        "build_seconds": round(build_seconds, 1) if build_seconds is not None else None,
        "index_seconds": round(index_seconds, 1) if index_seconds is not None else None,
        "machine": _common.machine(),
    })


def _parse():
    p = _common.parser("search", __doc__.split("\n\n")[0], default_size=100_000)
    p.add_argument("--queries", type=int, default=500)
    p.add_argument("--verbose", action="store_true", help="print every query and its time")
    return p.parse_args()


def _analyze() -> None:
    """Fresh statistics, as autovacuum (PostgreSQL) or a nightly ANALYZE would leave them."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


if __name__ == "__main__":
    main()
