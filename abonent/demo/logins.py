"""Demo staff logins: one per role, plus a manager limited to the Batumi office.

They all share one published password, so the demo command refuses to run where the
deployment has its own secret key (see the ``demo`` command's ``--force``).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth.password_validation import validate_password
from django.db import transaction
from django.utils.translation import gettext as _

from abonent.core.choices import Role
from abonent.core.models import Branch, Membership, Organization, User

DEMO_PASSWORD = "abonent-demo"  # noqa: S105 - published on purpose: demo logins only
DEMO_URL = "http://127.0.0.1:8000"


@dataclass(frozen=True)
class DemoLogin:
    username: str
    role: str
    first_name: str
    last_name: str
    branches: tuple[str, ...] = ()  # branch codes in the main organization; () = all
    second_org: bool = False  # also a member of the Brazilian organization


LOGINS = (
    DemoLogin("admin", Role.ADMIN, "Giorgi", "Kapanadze", second_org=True),
    DemoLogin("manager", Role.MANAGER, "Nino", "Beridze", second_org=True),
    DemoLogin("accountant", Role.ACCOUNTANT, "Tamar", "Lomidze"),
    DemoLogin("cashier", Role.CASHIER, "Elena", "Smirnova"),
    DemoLogin("dispatcher", Role.DISPATCHER, "Levan", "Gelashvili"),
    DemoLogin("technician", Role.TECHNICIAN, "Zurab", "Maisuradze"),
    DemoLogin("auditor", Role.AUDITOR, "Ana", "Souza", second_org=True),
    DemoLogin("batumi-manager", Role.MANAGER, "Davit", "Bolkvadze", branches=("BAT",)),
)


def check_password() -> None:
    """Fail before building anything if the demo password does not pass the validators."""
    for login in LOGINS:
        validate_password(DEMO_PASSWORD, _new_user(login))


def _new_user(login: DemoLogin) -> User:
    return User(username=login.username, first_name=login.first_name,
                last_name=login.last_name, email=f"{login.username}@tbilisi-housing.example")


@transaction.atomic
def ensure_logins(main: Organization | None, second: Organization | None = None,
                  reset_passwords: bool = False) -> list[str]:
    """Give the demo logins their memberships in the demo organizations (idempotent).

    A user is created the first time (with the demo password); an existing user keeps their
    password unless ``reset_passwords``. Returns the usernames created.
    """
    created = []
    for login in LOGINS:
        orgs = [org for org, wanted in ((main, True), (second, login.second_org))
                if org is not None and wanted]
        if not orgs:
            continue
        user = User.objects.filter(username=login.username).first()
        if user is None:
            user = _new_user(login)
            validate_password(DEMO_PASSWORD, user)
            user.set_password(DEMO_PASSWORD)
            user.full_clean()
            user.save()
            created.append(login.username)
        elif reset_passwords:
            user.set_password(DEMO_PASSWORD)
            user.save(update_fields=["password"])
        for org in orgs:
            if Membership.objects.filter(organization=org, user=user).exists():
                continue
            membership = Membership(organization=org, user=user, role=login.role)
            membership.full_clean()
            membership.save()
            if org == main and login.branches:
                membership.branches.set(Branch.objects.filter(organization=org,
                                                              code__in=login.branches))
    return created


def login_rows(usernames=None) -> list[tuple[str, str, str]]:
    """(username, role, where) for each demo login that exists, from the database."""
    rows = []
    for login in LOGINS:
        if usernames is not None and login.username not in usernames:
            continue
        memberships = (Membership.objects.filter(user__username=login.username, is_active=True)
                       .select_related("organization").prefetch_related("branches")
                       .order_by("organization_id"))
        for m in memberships:
            branches = ", ".join(b.name for b in m.branches.all())
            where = m.organization.name + (f" — {branches}" if branches else "")
            rows.append((login.username, str(m.get_role_display()), where))
    return rows


def logins_table(url: str = DEMO_URL) -> str:
    rows = login_rows()
    if not rows:
        return str(_("No demo logins in this database."))
    head = (str(_("username")), str(_("role")), str(_("organization")))
    width = max(len(r[0]) for r in (head, *rows))
    role_width = max(len(r[1]) for r in (head, *rows))
    lines = [
        _("Abonent demo: open %(url)s and sign in with one of these logins.") % {"url": url},
        _("Password for every demo login: %(password)s") % {"password": DEMO_PASSWORD},
        "",
        f"  {head[0].ljust(width)}  {head[1].ljust(role_width)}  {head[2]}",
        f"  {'-' * width}  {'-' * role_width}  {'-' * 40}",
    ]
    previous = None
    for username, role, where in rows:
        shown = username if username != previous else ""
        lines.append(f"  {shown.ljust(width)}  {role.ljust(role_width)}  {where}")
        previous = username
    return "\n".join(lines)
