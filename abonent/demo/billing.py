"""The demo's billing: the engine bills the three months before ``as_of`` and issues them, and
computes the month of ``as_of`` as a preview waiting for review.

Everything goes through ``abonent.billing.runs.bill_period`` in process (never on Celery
workers: the demo is one transaction), exactly as ``abonent bill`` would do it; the demo
writes no charge, ledger entry or receipt itself.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass

from django.utils.translation import gettext as _
from tqdm import tqdm

from abonent.billing.choices import RunStatus
from abonent.billing.models import BillingRun, Charge, LedgerEntry, Receipt
from abonent.billing.runs import bill_period
from abonent.demo.catalogue import Calendar


class BillingFailed(Exception):
    pass


@dataclass
class BillingFigures:
    runs: int = 0
    charges: int = 0
    ledger_entries: int = 0
    receipts: int = 0


def bill(organization, calendar: Calendar, progress: bool = True) -> BillingFigures:
    """Issue the calendar's issued months and compute its preview month."""
    plan = [(month, True) for month in calendar.issued] + [(calendar.preview, False)]
    for month, issue in plan:
        with tqdm(desc=f"billing {organization.slug} {month:%Y-%m}", unit=" chunks",
                  file=sys.stderr, disable=not progress, dynamic_ncols=True) as bar:

            def report(done: int, total: int, bar=bar) -> None:
                bar.total = total
                bar.n = done
                bar.refresh()

            run = bill_period(organization, month, issue=issue, progress=report,
                              workers=False)
        wanted = RunStatus.ISSUED if issue else RunStatus.PREVIEW
        if run.status != wanted:
            raise BillingFailed(_("The demo's billing run for %(month)s ended %(status)s: "
                                  "%(error)s") % {"month": f"{month:%Y-%m}",
                                                  "status": run.get_status_display(),
                                                  "error": run.error})
    return BillingFigures(
        runs=BillingRun.objects.of_org(organization).count(),
        charges=Charge.objects.of_org(organization).count(),
        ledger_entries=LedgerEntry.objects.of_org(organization).count(),
        receipts=Receipt.objects.of_org(organization).count())
