"""What the commands' arguments name, found or refused with one message each."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import CommandError
from django.utils.translation import gettext as _

from abonent.core.models import Organization


def organization(slug: str) -> Organization:
    """The organization ``--org SLUG`` names."""
    found = Organization.objects.filter(slug=slug).first()
    if found is None:
        raise CommandError(_("No organization with the short name “%(slug)s”.") % {
            "slug": slug})
    return found


def existing_file(name: str) -> Path:
    """The file a command reads."""
    path = Path(name)
    if not path.is_file():
        raise CommandError(_("No such file: %(path)s") % {"path": name})
    return path
