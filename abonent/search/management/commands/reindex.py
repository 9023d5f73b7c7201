"""``abonent reindex [--org SLUG]``: rebuild the quick-search index, with a progress bar."""

import sys

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from abonent.core.models import Organization
from abonent.search.indexing import reindex_organization


class Command(BaseCommand):
    help = "Rebuild the quick-search index of one organization (--org) or of all of them."

    def add_arguments(self, parser):
        parser.add_argument("--org", metavar="SLUG", help="only this organization")

    def handle(self, *args, org=None, **options):
        organizations = Organization.objects.order_by("slug")
        if org:
            organizations = organizations.filter(slug=org)
            if not organizations.exists():
                raise CommandError(f"No organization with the short name {org!r}.")
        stderr = getattr(self.stderr, "_out", sys.stderr)
        for organization in organizations:
            with tqdm(desc=organization.slug, unit="entries", file=stderr,
                      disable=options["verbosity"] < 1, mininterval=0.5) as bar:
                written = reindex_organization(organization.pk, progress=bar)
            self.stdout.write(f"{organization.slug}: {written} entries")
