"""The same month billed by two Celery worker processes (PostgreSQL + Redis) and in process
gives exactly the same ledger and receipts."""

import subprocess
import uuid
from pathlib import Path

import pytest
from django.conf import settings

from abonent.testing.processes import CELERY, make_site, printed, redis_url, run, shell

pytestmark = pytest.mark.skipif(
    not settings.DATABASES["default"]["ENGINE"].endswith("postgresql"),
    reason="workers share one PostgreSQL database; this runs in the PostgreSQL run")

BUILDINGS = 5
SETUP = """
from abonent.billing.tests.scenario import build
from abonent.testing.factories import OrganizationFactory
for slug in ("inprocess", "workers"):
    org = OrganizationFactory(slug=slug)
    for number in range({buildings}):
        build(org, suffix=str(number))
"""
LEDGER = """
import json
from abonent.billing.models import LedgerEntry, Receipt
from abonent.accounts.models import Account
rank = {{pk: n for n, pk in enumerate(Account.objects.filter(organization__slug={slug!r})
        .order_by("pk").values_list("pk", flat=True))}}
entries = sorted((rank[e.account_id], e.service.code, e.kind, str(e.amount),
                   e.charge_id is not None)
                 for e in LedgerEntry.objects.filter(organization__slug={slug!r})
                 .select_related("service"))
receipts = sorted((rank[r.account_id], str(r.charged), str(r.amount_due), r.version)
                  for r in Receipt.objects.filter(organization__slug={slug!r}))
print("JSON:" + json.dumps({{"entries": entries, "receipts": receipts,
      "numbers": sorted(Receipt.objects.filter(organization__slug={slug!r})
                        .values_list("sequence", flat=True))}}))
"""


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    yield from make_site(tmp_path_factory, "billing-workers")


def ledger(env, slug):
    return printed(shell(env, LEDGER.format(slug=slug)))


def test_two_workers_post_the_same_ledger_as_the_in_process_run(site):
    url = redis_url()
    queue = f"abonent-billing-test-{uuid.uuid4().hex[:12]}"
    env = {**site, "ABONENT_BILLING_CHUNK_SIZE": "2"}
    shell(env, SETUP.format(buildings=BUILDINGS))
    run(env, "bill", "--org", "inprocess", "--period", "2026-11", "--issue")
    workers_env = {**env, "ABONENT_BROKER_URL": url, "ABONENT_TASK_QUEUE": queue}
    logs, workers = [], []
    for number in range(2):
        log_path = Path(site["ABONENT_VAR_DIR"]) / f"{queue}-{number}.log"
        logs.append(log_path)
        with open(log_path, "w") as log:
            workers.append(subprocess.Popen(
                [CELERY, "-A", "abonent", "worker", "--pool", "solo", "--queues", queue,
                 "--hostname", f"{queue}-{number}@%h", "--without-heartbeat",
                 "--without-gossip", "--without-mingle", "--loglevel", "WARNING"],
                env=workers_env, stdout=log, stderr=subprocess.STDOUT,
                cwd=site["ABONENT_VAR_DIR"]))
    try:
        out = run(workers_env, "bill", "--org", "workers", "--period", "2026-11", "--issue",
                  timeout=300)
    except AssertionError:
        raise AssertionError("\n".join(path.read_text() for path in logs)) from None
    finally:
        for worker in workers:
            worker.terminate()
        for worker in workers:
            try:
                worker.wait(timeout=30)
            except subprocess.TimeoutExpired:
                worker.kill()
    assert "Issued" in out
    in_process, on_workers = ledger(env, "inprocess"), ledger(env, "workers")
    assert len(in_process["entries"]) == BUILDINGS * 9
    assert on_workers["entries"] == in_process["entries"]
    assert on_workers["receipts"] == in_process["receipts"]
    assert on_workers["numbers"] == list(range(1, 2 * BUILDINGS + 1))
