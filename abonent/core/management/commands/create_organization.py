"""Start a new organization with its first administrator: the first step of a real install."""

import getpass

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from abonent.core.choices import Role
from abonent.core.models import Membership, Organization, User


class Command(BaseCommand):
    help = "Create an organization and its first administrator."

    def add_arguments(self, parser):
        parser.add_argument("--slug", required=True, help="short name, e.g. tbilisi-housing")
        parser.add_argument("--name", required=True)
        parser.add_argument("--country", required=True, help="ISO 3166 code, e.g. GE")
        parser.add_argument("--currency", required=True, help="ISO 4217 code, e.g. GEL")
        parser.add_argument("--time-zone", required=True, help="IANA zone, e.g. Asia/Tbilisi")
        parser.add_argument("--language", default="en", help="en, ka, pt-br or ru")
        parser.add_argument("--admin", required=True, help="username of the administrator")
        parser.add_argument("--email", default="")
        parser.add_argument("--password", help="read from a prompt when left out")

    @transaction.atomic
    def handle(self, *args, **opts):
        org = Organization(slug=opts["slug"], name=opts["name"], country=opts["country"],
                           currency=opts["currency"], time_zone=opts["time_zone"],
                           language=opts["language"])
        try:
            org.full_clean()
        except ValidationError as exc:
            raise CommandError("; ".join(f"{field}: {' '.join(msgs)}"
                                         for field, msgs in exc.message_dict.items())) from exc
        org.save()
        user = User.objects.filter(username=opts["admin"]).first()
        if user is None:
            password = opts["password"] or getpass.getpass(f"Password for {opts['admin']}: ")
            user = User(username=opts["admin"], email=opts["email"], language=opts["language"])
            from django.contrib.auth.password_validation import validate_password

            try:
                validate_password(password, user)
            except ValidationError as exc:
                raise CommandError(" ".join(exc.messages)) from exc
            user.set_password(password)
            user.save()
        Membership.objects.create(organization=org, user=user, role=Role.ADMIN)
        self.stdout.write(self.style.SUCCESS(
            f"Organization {org.slug} created; {user.username} is its administrator."))
