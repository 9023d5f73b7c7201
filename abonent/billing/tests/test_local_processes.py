"""`abonent bill` computing chunks in two local processes posts exactly what one process
posts (on the database of the run: a SQLite file, or PostgreSQL)."""

import pytest

from abonent.billing.tests.test_workers import SETUP, ledger
from abonent.testing.processes import make_site, run, shell

BUILDINGS = 5


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    yield from make_site(tmp_path_factory, "billing-processes")


def test_two_local_processes_post_the_same_ledger_as_one(site):
    env = {**site, "ABONENT_BILLING_CHUNK_SIZE": "2"}
    shell(env, SETUP.format(buildings=BUILDINGS))
    run({**env, "ABONENT_BILLING_PROCESSES": "1"}, "bill", "--org", "inprocess", "--period",
        "2026-11", "--issue")
    out = run({**env, "ABONENT_BILLING_PROCESSES": "2"}, "bill", "--org", "workers",
              "--period", "2026-11", "--issue")
    assert "Issued" in out
    one, two = ledger(env, "inprocess"), ledger(env, "workers")
    assert len(one["entries"]) == BUILDINGS * 9
    assert two["entries"] == one["entries"]
    assert two["receipts"] == one["receipts"]
    assert two["numbers"] == list(range(1, 2 * BUILDINGS + 1))
