"""The ``abonent`` command: Django's management commands, run as the system actor.

``abonent import buildings FILE.xlsx`` is ``manage.py import_buildings FILE.xlsx``: a first
word that is a group (import, export) is joined to the next with an underscore.
"""

import getpass
import os
import sys

GROUPS = {"import", "export"}


def run_django(argv: list[str]) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "abonent.settings")
    import django
    from django.core.management import execute_from_command_line

    django.setup()
    from abonent.core import audit
    from abonent.core.choices import AuditSource

    command = argv[1] if len(argv) > 1 else "help"
    source = AuditSource.SHELL if command in {"shell", "dbshell"} else AuditSource.COMMAND
    try:
        who = getpass.getuser()
    except (KeyError, OSError):
        who = "unknown"
    with audit.audit_context(source=source, detail=f"{command} (by {who})"):
        execute_from_command_line(argv)


def translate_args(args: list[str]) -> list[str]:
    if len(args) >= 2 and args[0] in GROUPS and not args[1].startswith("-"):
        return [f"{args[0]}_{args[1]}", *args[2:]]
    return args


def main() -> None:
    run_django(["abonent", *translate_args(sys.argv[1:])])


if __name__ == "__main__":
    main()
