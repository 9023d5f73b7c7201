"""``abonent demo --accounts N [--seed S] [--org SLUG] [--reset]``: load the demo data.

Builds a Georgian housing-management company (``--org``, default ``demo``) and a small
Brazilian condominium administrator (``<org>-br``) with the demo staff logins, and prints
the logins. Run again, it changes nothing and prints the logins (``make demo`` relies on it).
"""

from __future__ import annotations

import argparse
import datetime as dt

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext_lazy as _

from abonent.core.models import Organization
from abonent.demo.generator import AS_OF, DemoError, DemoSummary, generate
from abonent.demo.logins import DEMO_URL, check_password, ensure_logins, logins_table
from abonent.demo.reset import empty_demo_organization, is_demo_organization

SECOND_ORG_SHARE = 10  # the Brazilian organization gets a tenth of the accounts
SECOND_ORG_MIN = 10


class Command(BaseCommand):
    help = _("Build a realistic, deterministic demo organization and print the demo logins.")

    def add_arguments(self, parser):
        parser.add_argument("--accounts", type=int, default=1500,
                            help=_("Personal accounts in the main organization (default 1500)."))
        parser.add_argument("--seed", type=int, default=1,
                            help=_("The same seed always builds the same data (default 1)."))
        parser.add_argument("--org", default="demo",
                            help=_("Short name of the main organization (default demo); the "
                                   "Brazilian one is <org>-br."))
        parser.add_argument("--second-org", action=argparse.BooleanOptionalAction, default=True,
                            help=_("Also build the small Brazilian organization (default)."))
        parser.add_argument("--as-of", type=dt.date.fromisoformat, default=AS_OF,
                            help=_("The date the data describes, YYYY-MM-DD (default %(d)s).")
                            % {"d": AS_OF.isoformat()})
        parser.add_argument("--reset", action="store_true",
                            help=_("Delete the demo organizations' data and build them again."))
        parser.add_argument("--url", default=DEMO_URL,
                            help=_("The address printed with the logins."))
        parser.add_argument("--no-progress", action="store_true",
                            help=_("No progress bar."))
        parser.add_argument("--force", action="store_true",
                            help=_("Run even though the site has its own secret key."))

    def handle(self, *args, **options):
        if settings.SECRET_KEY != settings.DEMO_SECRET_KEY and not options["force"]:
            raise CommandError(_(
                "This site has its own secret key, so it looks like a real deployment. The "
                "demo creates logins with a published password; pass --force if this really "
                "is a demo."))
        if options["accounts"] < 1:
            raise CommandError(_("--accounts must be at least 1."))
        check_password()
        slug = options["org"]
        plan = [(slug, "ge", options["accounts"])]
        if options["second_org"]:
            plan.append((f"{slug}-br", "br",
                         max(SECOND_ORG_MIN, options["accounts"] // SECOND_ORG_SHARE)))
        demo_orgs: dict[str, Organization] = {}
        for org_slug, profile, accounts in plan:
            org = Organization.objects.filter(slug=org_slug).first()
            if org is not None and not options["reset"]:
                self.stdout.write(_("%(org)s (%(slug)s) already exists: nothing changed.")
                                  % {"org": org.name, "slug": org_slug})
                if is_demo_organization(org):
                    demo_orgs[profile] = org
                continue
            try:
                if org is not None:
                    empty_demo_organization(org)
                summary = generate(organization_slug=org_slug, accounts=accounts,
                                   seed=options["seed"], profile=profile,
                                   as_of=options["as_of"], progress=not options["no_progress"])
            except DemoError as exc:
                raise CommandError(str(exc)) from exc
            self.stdout.write(self._summary(summary))
            demo_orgs[profile] = Organization.objects.get(pk=summary.organization_id)
        # Also for demo organizations built earlier: a no-op unless a login went missing.
        ensure_logins(demo_orgs.get("ge"), demo_orgs.get("br"), reset_passwords=options["reset"])
        self.stdout.write("")
        self.stdout.write(logins_table(options["url"]))

    @staticmethod
    def _summary(s: DemoSummary) -> str:
        people = _(
            "%(name)s (%(slug)s): %(buildings)s buildings, %(units)s units, %(persons)s "
            "people, %(ownerships)s ownership records, %(accounts)s accounts, %(residents)s "
            "registered residents, %(benefits)s benefit memberships."
        ) % {"name": s.name, "slug": s.slug, "buildings": s.buildings, "units": s.units,
             "persons": s.persons, "ownerships": s.ownerships, "accounts": s.accounts,
             "residents": s.residents, "benefits": s.benefit_memberships}
        billing = _(
            "  Billing: %(subscriptions)s building subscriptions, %(meters)s meters, "
            "%(readings)s readings; %(runs)s billing runs (three issued, one waiting for "
            "review), %(charges)s charge lines, %(entries)s ledger entries, %(receipts)s "
            "receipts."
        ) % {"subscriptions": s.subscriptions, "meters": s.meters, "readings": s.readings,
             "runs": s.billing_runs, "charges": s.charges, "entries": s.ledger_entries,
             "receipts": s.receipts}
        totals = _(
            "  %(audit)s audit rows, %(search)s search entries in %(seconds)s s (seed %(seed)s)."
        ) % {"audit": s.audit_entries, "search": s.search_entries, "seconds": s.seconds,
             "seed": s.seed}
        return "\n".join((people, billing, totals))
