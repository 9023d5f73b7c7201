"""The roles: documented in docs/roles.md exactly as roles.py grants them, and sane."""

import re

import pytest
from django.apps import apps
from django.core.management import CommandError, call_command
from django.utils import translation

from abonent.core import roles
from abonent.core.choices import Action, Role
from abonent.core.management.commands import roles_doc

WRITE_ACTIONS = {Action.ADD, Action.CHANGE, Action.CLOSE, Action.IMPORT}


def test_docs_roles_md_carries_the_current_rights_table():
    call_command("roles_doc", "--check")
    text = roles_doc.default_path().read_text(encoding="utf-8")
    assert roles_doc.generated_table() in text


def test_roles_doc_check_fails_on_a_stale_table_and_write_repairs_it(tmp_path):
    stale = tmp_path / "roles.md"
    stale.write_text(f"# Roles\n\n{roles_doc.START}\n| old | table |\n{roles_doc.END}\n\nEnd.\n",
                     encoding="utf-8")
    with pytest.raises(CommandError, match="out of date"):
        call_command("roles_doc", "--check", "--file", str(stale))
    call_command("roles_doc", "--write", "--file", str(stale))
    call_command("roles_doc", "--check", "--file", str(stale))
    text = stale.read_text(encoding="utf-8")
    assert text.startswith("# Roles\n") and text.endswith("\n\nEnd.\n")
    assert "| old | table |" not in text


def test_roles_doc_says_where_the_markers_are_missing(tmp_path):
    bare = tmp_path / "roles.md"
    bare.write_text("# Roles without markers\n", encoding="utf-8")
    with pytest.raises(CommandError, match="markers are missing"):
        call_command("roles_doc", "--check", "--file", str(bare))


def test_every_role_is_described_in_words():
    text = roles_doc.default_path().read_text(encoding="utf-8")
    for role in Role:
        with translation.override("en"):
            label = str(role.label)
        heading = rf"\*\*{re.escape(label)} \(`{role.value}`\)\.\*\*"
        match = re.search(heading + r"(.+?)(\n\n|$)", text, re.DOTALL)
        assert match, f"docs/roles.md does not describe the {role.value} role"
        assert len(match.group(1).split()) >= 20, f"say more about the {role.value} role"


def test_the_table_has_one_row_per_area_and_one_column_per_role():
    lines = roles.rights_table().splitlines()
    assert len(lines) == 2 + len(roles.AREAS)
    assert lines[0].count("|") == len(Role) + 2


def test_every_area_governs_some_model():
    used = {getattr(m, "permission_area", "") for m in apps.get_models()}
    unused = set(roles.AREAS) - used
    assert not unused, f"areas no model uses: {sorted(unused)}"


def test_every_model_names_a_known_area():
    for model in apps.get_models():
        area = getattr(model, "permission_area", None)
        if area is not None and model.__module__.startswith("abonent."):
            assert area in roles.AREAS, f"{model._meta.label}: unknown area {area!r}"


def test_every_role_has_a_row_and_only_known_areas_and_actions():
    assert set(roles.RIGHTS) == set(Role)
    for role, rights in roles.RIGHTS.items():
        assert set(rights) <= set(roles.AREAS), role
        for area, actions in rights.items():
            assert set(actions) <= set(Action), (role, area)


@pytest.mark.parametrize("area", list(roles.AREAS))
@pytest.mark.parametrize("action", sorted(WRITE_ACTIONS))
def test_auditor_has_no_write_right_anywhere(area, action):
    assert not roles.can(Role.AUDITOR, area, action)


def test_auditor_reads_and_exports_everything():
    for area in roles.AREAS:
        assert roles.can(Role.AUDITOR, area, Action.VIEW)
        assert roles.can(Role.AUDITOR, area, Action.EXPORT)


def test_nobody_may_change_the_audit_trail():
    for role in Role:
        for action in WRITE_ACTIONS:
            assert not roles.can(role, "audit", action), (role, action)


def test_no_role_and_an_unknown_role_have_no_rights():
    for area in roles.AREAS:
        assert not roles.can(None, area, Action.VIEW)
        assert not roles.can("janitor", area, Action.VIEW)
