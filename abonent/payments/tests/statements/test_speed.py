"""A quick speed check of CAMT parsing on a synthetic statement: it reports, it does not time
out. Set STATEMENTS_SPEED_ENTRIES=100000 to measure the size the importer is built for; run
with ``-s`` to see the figure."""

from __future__ import annotations

import os
import time
from decimal import Decimal

from abonent.payments.statements import parse, reconcile
from abonent.payments.statements.synthetic import camt053


def test_parsing_a_synthetic_camt053_statement() -> None:
    size = int(os.environ.get("STATEMENTS_SPEED_ENTRIES", "2000"))
    data = camt053(size, seed=7, version="08", references=["ACC0000001", "ACC0000002"])
    started = time.perf_counter()
    [statement] = parse(data, filename="synthetic.xml")
    seconds = time.perf_counter() - started
    print(f"\nparsed {size} CAMT.053 entries ({len(data) / 1e6:.1f} MB) in {seconds:.2f} s "
          f"({size / seconds:,.0f} entries/s)")
    assert len(statement.entries) == size
    assert reconcile(statement) == []
    assert statement.entries[1].reference == "ACC0000002"
    assert statement.entries[1].payer_name == "PAYER 0000002"
    assert statement.closing_balance == Decimal("1000.00") + statement.booked_total
    assert camt053(size, seed=7, version="08",
                   references=["ACC0000001", "ACC0000002"]) == data  # deterministic
