"""`abonent import buildings FILE.xlsx --org SLUG` and `abonent import template OUT.xlsx`."""

import sys

import pytest
from django.db import connections

from abonent import cli
from abonent.core.choices import AuditSource
from abonent.core.models import AuditEntry
from abonent.imports.management.commands import import_buildings
from abonent.imports.services import import_workbook
from abonent.imports.tests.workbooks import example_sheets, workbook
from abonent.property.models import Building, Unit
from abonent.testing import factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture
def abonent(monkeypatch, capsys):
    """Run the `abonent` console script in process; returns (exit status, stdout, stderr)."""
    # Django closes the connections when a command ends; the test's transaction needs its own.
    monkeypatch.setattr(connections, "close_all", lambda: None)

    def run(*args: str):
        monkeypatch.setattr(sys, "argv", ["abonent", *args])
        try:
            cli.main()
            status = 0
        except SystemExit as exc:
            status = exc.code
        out, err = capsys.readouterr()
        return status, out, err
    return run


@pytest.fixture
def org():
    return f.OrganizationFactory(slug="vake-homes")


def saved(sheets, tmp_path, name="onboarding.xlsx"):
    path = tmp_path / name
    path.write_bytes(workbook(sheets).getvalue())
    return str(path)


def test_the_cli_imports_a_workbook_and_prints_what_changed(abonent, org, tmp_path):
    status, out, err = abonent("import", "buildings", saved(example_sheets(), tmp_path),
                               "--org", "vake-homes")
    assert status == 0, err
    assert Unit.objects.filter(organization=org).count() == 3
    lines = {line.split()[0]: line.split()[1:] for line in out.splitlines() if line.strip()}
    assert lines["Units"] == ["3", "0", "0"] and lines["Accounts"] == ["3", "0", "0"]
    assert "Imported onboarding.xlsx into vake-homes: 20 row(s) created or updated." in out
    entry = AuditEntry.objects.get(object_type="property.building")
    assert (entry.source, entry.source_detail, entry.actor_label) == (
        AuditSource.IMPORT, "onboarding.xlsx", "system")


def test_the_cli_lists_every_problem_and_exits_non_zero(abonent, org, tmp_path):
    sheets = example_sheets()
    sheets["Units"][2]["entrance"] = 5
    sheets["Accounts"][1]["number"] = "20000012"
    status, _out, err = abonent("import", "buildings", saved(sheets, tmp_path), "--org",
                               "vake-homes")
    assert status == 1
    assert "onboarding.xlsx: Units, row 4, column entrance: The building has only 2 " \
           "entrances." in err
    assert "onboarding.xlsx: Accounts, row 3, column number: 20000012 is not a valid " \
           "account number" in err
    assert "2 problem(s) found; nothing was imported." in err
    assert not Building.objects.filter(organization=org).exists()


def test_a_dry_run_shows_the_changes_and_saves_nothing(abonent, org, tmp_path):
    status, out, _err = abonent("import", "buildings", saved(example_sheets(), tmp_path),
                                "--org", "vake-homes", "--dry-run")
    assert status == 0
    assert "Dry run: the file is valid; nothing was saved." in out
    assert not Building.objects.filter(organization=org).exists()


def test_an_unknown_organization_is_refused(abonent, org, tmp_path):
    status, _out, err = abonent("import", "buildings", saved(example_sheets(), tmp_path),
                                "--org", "nowhere")
    assert status == 1 and "nowhere" in err
    assert not Building.objects.exists()


def test_a_large_file_shows_a_progress_bar_on_stderr(abonent, org, tmp_path, monkeypatch):
    monkeypatch.setattr(import_buildings, "PROGRESS_FROM_ROWS", 10)
    status, out, err = abonent("import", "buildings", saved(example_sheets(), tmp_path),
                               "--org", "vake-homes")
    assert status == 0
    assert "onboarding.xlsx: 100%" in err and "20/20" in err
    assert "100%" not in out


def test_a_small_file_shows_no_progress_bar(abonent, org, tmp_path):
    status, _out, err = abonent("import", "buildings", saved(example_sheets(), tmp_path),
                                "--org", "vake-homes")
    assert status == 0 and "%" not in err


def test_the_template_command_writes_a_workbook_that_imports_cleanly(abonent, org, tmp_path):
    out_path = tmp_path / "template.xlsx"
    status, _out, err = abonent("import", "template", str(out_path))
    assert status == 0, err
    result = import_workbook(organization=org, source=str(out_path), file_name="template.xlsx")
    assert result.applied, [str(i) for i in result.issues]
    assert result.counts["Buildings"]["created"] == 1
