"""``abonent bill --org SLUG --period 2026-11 [--preview | --issue]``: bill a month.

Without a flag (or with ``--preview``) the run is computed and left for review in the web
application; ``--issue`` approves and issues it at once. ``--run N`` resumes or issues an
existing run instead of creating one. A period billed before is rated again only where its
inputs changed since (see ``abonent.billing.changes``); ``--full`` rates every account.
Progress is shown on stderr; with a Celery broker configured (``ABONENT_BROKER_URL``) the
chunks run on the workers and the command waits.
"""

from __future__ import annotations

import sys
import time
from datetime import date

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from tqdm import tqdm

from abonent.billing.choices import RunStatus
from abonent.billing.models import BillingRun
from abonent.billing.runs import (
    bill_period,
    run_approve,
    run_compute,
    run_issue,
    use_workers,
)
from abonent.core.management import arguments
from abonent.core.tenancy import Access


def month(value: str) -> date:
    try:
        year, number = value.split("-")
        return date(int(year), int(number), 1)
    except ValueError:
        raise CommandError(_("The period is a month written YYYY-MM, e.g. 2026-11; got "
                             "“%(value)s”.") % {"value": value}) from None


class Command(BaseCommand):
    help = "Bill a month: compute a run for review, or issue it."

    def add_arguments(self, parser):
        parser.add_argument("--org", required=True, help="slug of the organization")
        parser.add_argument("--period", help="the month to bill, YYYY-MM")
        mode = parser.add_mutually_exclusive_group()
        mode.add_argument("--preview", action="store_true", help="compute only (default)")
        mode.add_argument("--issue", action="store_true", help="approve and issue the run")
        parser.add_argument("--run", type=int, help="resume or issue this run")
        parser.add_argument("--full", action="store_true",
                            help="rate every account, not only where the inputs changed")

    def handle(self, *args, org: str, period: str | None, preview: bool, issue: bool,
               run: int | None, full: bool, **options):
        organization = arguments.organization(org)
        if (period is None) == (run is None):
            raise CommandError(_("Give either --period YYYY-MM or --run N."))
        bar = tqdm(unit=" chunks", file=sys.stderr, desc=org, total=0)

        def progress(done: int, total: int) -> None:
            bar.total = total
            bar.n = done
            bar.refresh()

        started = time.monotonic()
        processes = settings.ABONENT_BILLING_PROCESSES
        try:
            if run is not None:
                billing_run = BillingRun.objects.of_org(organization).filter(pk=run).first()
                if billing_run is None:
                    raise CommandError(_("No run %(run)s in this organization.") % {"run": run})
            else:
                billing_run = bill_period(organization, month(period), progress=progress,
                                          full=full, processes=processes)
            billing_run = self.wait(billing_run, progress)
            if billing_run.status in (RunStatus.DRAFT, RunStatus.FAILED) or (
                    billing_run.status == RunStatus.COMPUTING and not use_workers()):
                billing_run = self.wait(run_compute(billing_run, progress=progress, full=full,
                                                    processes=processes), progress)
            if issue:
                access = Access(user=None, organization=organization, role="admin")
                if billing_run.status == RunStatus.PREVIEW:
                    billing_run = run_approve(billing_run, access=access)
                billing_run = self.wait(run_issue(billing_run, access=access,
                                                  progress=progress), progress)
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from exc
        finally:
            bar.close()
        summary = billing_run.summary or {}
        self.stdout.write(_(
            "Run %(run)s for %(period)s: %(status)s; %(changed)s account(s) billed, "
            "%(unchanged)s unchanged, total %(total)s %(currency)s, in %(seconds).1f s.") % {
            "run": billing_run.pk, "period": billing_run.period,
            "status": billing_run.get_status_display(),
            "changed": summary.get("accounts_changed", 0),
            "unchanged": summary.get("accounts_unchanged", 0),
            "total": summary.get("total", "0"), "currency": organization.currency,
            "seconds": time.monotonic() - started})
        for flag, count in sorted(summary.get("flags", {}).items()):
            self.stdout.write(f"  {flag}: {count}")

    def wait(self, billing_run: BillingRun, progress) -> BillingRun:
        """Workers do the chunks: follow the run until they are done."""
        while use_workers() and billing_run.status in (RunStatus.COMPUTING, RunStatus.ISSUING):
            time.sleep(0.5)
            billing_run.refresh_from_db()
            progress(billing_run.chunks_done, billing_run.chunks_total)
        return billing_run
