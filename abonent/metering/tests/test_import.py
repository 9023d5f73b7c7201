"""Importing readings from real CSV and XLSX files: all or nothing, with file, row and column."""

import io
import sys

import pytest
from django.db import connections
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from abonent import cli
from abonent.core.choices import AuditSource, Role
from abonent.core.models import AuditEntry
from abonent.imports.choices import BatchStatus
from abonent.imports.models import ImportBatch
from abonent.imports.readings import READINGS
from abonent.imports.reference import reference
from abonent.imports.services import import_workbook
from abonent.metering.choices import ReadingSource, ReadingStatus
from abonent.metering.models import Reading
from abonent.metering.tests.helpers import D, day, meter, read
from abonent.testing.factories import AccountFactory, OrganizationFactory, ServiceFactory
from abonent.testing.suites import client_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def org():
    return OrganizationFactory(slug="vake-homes")


@pytest.fixture
def meters(org):
    """Cold water meters SN-1 (account 1) and SN-2 (account 2), 3 digits for SN-2."""
    water = ServiceFactory(organization=org, code="CW")
    first = meter(org, serial="SN-1", service=water,
                  account=AccountFactory(unit__building__organization=org))
    second = meter(org, serial="SN-2", service=water, digits=3,
                   account=AccountFactory(unit__building__organization=org))
    read(first, "2026-09-01", "100")
    read(second, "2026-09-01", "990")
    return first, second


def csv_file(text: str, name: str = "readings.csv") -> io.BytesIO:
    buf = io.BytesIO(text.encode("utf-8-sig"))
    buf.name = name
    return buf


def xlsx_file(rows: list[list], name: str = "readings.xlsx", sheet: str = "Readings"):
    wb = Workbook()
    ws = wb.active
    ws.title = sheet
    for row in rows:
        ws.append(row)
    buf = io.BytesIO()
    wb.save(buf)
    buf.seek(0)
    buf.name = name
    return buf


def run(org, source, **kwargs):
    return import_workbook(organization=org, source=source, file_name=source.name,
                           kind="readings", **kwargs)


def test_a_csv_file_of_readings_is_imported_with_consumption_and_rollover(org, meters):
    first, second = meters
    result = run(org, csv_file(
        "serial;service_code;date;value\n"
        "SN-1;CW;2026-10-01;112,5\n"
        "SN-2;CW;01.10.2026;4\n"))  # 990 -> 4 on a 3-digit dial: 1000 - 990 + 4 = 14
    assert result.applied, [str(i) for i in result.issues]
    assert result.counts == {"Readings": {"created": 2, "updated": 0, "unchanged": 0}}
    a = Reading.objects.get(meter=first, date=day("2026-10-01"))
    b = Reading.objects.get(meter=second, date=day("2026-10-01"))
    assert (a.consumption, a.source) == (D("12.500"), ReadingSource.IMPORT)
    assert (b.rollover, b.consumption) == (True, D("14.000"))


def test_an_xlsx_file_finds_the_meter_by_account_and_reads_in_date_order(org, meters):
    first, _second = meters
    result = run(org, xlsx_file([
        ["account", "service_code", "date", "value", "source"],
        [first.account.number, "CW", day("2026-11-01"), 140, "portal"],
        [first.account.number, "CW", day("2026-10-01"), 120, ""],
    ]))
    assert result.applied, [str(i) for i in result.issues]
    october, november = Reading.objects.filter(meter=first, date__gte=day("2026-10-01")) \
        .order_by("date")
    assert (october.consumption, november.consumption) == (D("20.000"), D("20.000"))
    assert (october.source, november.source) == (ReadingSource.IMPORT, ReadingSource.PORTAL)


def test_one_bad_row_imports_nothing_and_each_problem_names_row_and_column(org, meters):
    result = run(org, csv_file(
        "serial,service_code,date,value\n"
        "SN-1,CW,2026-10-01,130\n"
        "SN-1,CW,2026-10-15,120\n"        # row 3: below 130 of 1 October
        "SN-9,CW,2026-10-01,5\n"          # row 4: no such meter
        "SN-2,GAS,2026-10-01,5\n"         # row 5: unknown service
        "SN-2,CW,2099-01-01,5\n"          # row 6: in the future
        "SN-2,CW,2026-10-02,abc\n"))      # row 7: not a number
    assert not result.ok
    assert [(i.row, i.column, i.letter) for i in result.issues] == [
        (3, "value", "D"), (4, "serial", "A"), (5, "service_code", "B"), (6, "date", "C"),
        (7, "value", "D")]
    assert "120.000 is below the previous reading, 130.000 of 2026-10-01" in \
        result.issues[0].message
    assert str(result.issues[1]) == "row 4, column serial: No meter of service CW has the " \
        "serial number “SN-9”."
    assert Reading.objects.count() == 2  # the two readings of the fixture only


def test_importing_the_same_file_again_changes_nothing(org, meters):
    text = "serial,service_code,date,value\nSN-1,CW,2026-10-01,130\n"
    assert run(org, csv_file(text)).applied
    again = run(org, csv_file(text))
    assert again.applied and again.counts["Readings"]["unchanged"] == 1
    other = run(org, csv_file(text.replace("130", "131")))
    assert not other.ok
    assert "already has the reading 130.000 on this date" in other.issues[0].message


def test_a_spike_in_the_file_is_imported_as_held_and_reported(org, meters):
    first, _second = meters
    read(first, "2026-10-01", "130")
    read(first, "2026-11-01", "161")
    result = run(org, csv_file("serial,service_code,date,value\nSN-1,CW,2026-11-21,400\n"))
    assert result.applied
    assert Reading.objects.get(date=day("2026-11-21")).status == ReadingStatus.HELD
    assert [(n.row, n.column) for n in result.notes] == [(2, "value")]
    assert result.notes[0].message.startswith("Held for review: Consumption of 239.000")


def test_an_account_with_two_meters_of_the_service_needs_the_serial(org, meters):
    first, _second = meters
    meter(org, serial="SN-3", service=first.service, account=first.account)
    result = run(org, csv_file(f"account,service_code,date,value\n{first.account.number},CW,"
                               "2026-10-01,130\n"))
    assert [str(i) for i in result.issues] == [
        f"row 2, column account: Account {first.account.number} has 2 meters of service CW; "
        "give the serial number."]


def test_a_file_without_the_required_columns_is_refused(org, meters):
    result = run(org, csv_file("serial,service_code,when,value\nSN-1,CW,2026-10-01,130\n"))
    assert {(i.row, i.column) for i in result.issues} == {(1, "when"), (1, "date")}


@pytest.fixture
def abonent(monkeypatch, capsys):
    monkeypatch.setattr(connections, "close_all", lambda: None)

    def run_cli(*args: str):
        monkeypatch.setattr(sys, "argv", ["abonent", *args])
        try:
            cli.main()
            status = 0
        except SystemExit as exc:
            status = exc.code
        out, err = capsys.readouterr()
        return status, out, err
    return run_cli


def test_the_cli_imports_readings_with_a_progress_bar_and_lists_held_ones(
        abonent, org, meters, tmp_path, monkeypatch):
    from abonent.imports.management.commands import import_buildings

    monkeypatch.setattr(import_buildings, "PROGRESS_FROM_ROWS", 2)
    first, _second = meters
    read(first, "2026-10-01", "130")
    read(first, "2026-11-01", "161")
    path = tmp_path / "november.csv"
    path.write_text("serial,service_code,date,value\nSN-2,CW,2026-11-01,995\n"
                    "SN-1,CW,2026-11-21,400\n")
    status, out, err = abonent("import", "readings", str(path), "--org", "vake-homes")
    assert status == 0, err
    assert "november.csv: 100%" in err and "2/2" in err
    assert "november.csv: row 3, column value: Held for review" in out
    assert "Imported november.csv into vake-homes: 2 row(s) created or updated." in out
    entry = AuditEntry.objects.filter(object_type="metering.reading").latest("id")
    assert (entry.source, entry.source_detail) == (AuditSource.IMPORT, "november.csv")


def test_the_cli_reports_problems_with_file_row_and_column(abonent, org, meters, tmp_path):
    path = tmp_path / "bad.xlsx"
    path.write_bytes(xlsx_file([["serial", "service_code", "date", "value"],
                                ["SN-1", "CW", day("2026-10-01"), 50]]).getvalue())
    status, _out, err = abonent("import", "readings", str(path), "--org", "vake-homes",
                                "--dry-run")
    assert status == 1
    assert "bad.xlsx: Readings, row 2, column value: 50.000 is below the previous reading" \
        in err


def test_the_readings_template_has_its_instructions_and_sheet(abonent, tmp_path):
    out = tmp_path / "t.xlsx"
    status, _out, err = abonent("import", "template", "readings", str(out))
    assert status == 0, err
    book = load_workbook(out)
    assert book.sheetnames == ["Instructions", "Readings"]
    assert [c.value for c in book["Readings"][1]] == READINGS.names


def test_the_upload_page_has_a_kind_selector_and_imports_readings_after_a_preview(
        client, org, meters):
    c = client_for(client, org, Role.ACCOUNTANT)  # may import readings, not buildings
    page = reverse("imports:import", args=["readings"])
    html = c.get(page).content.decode()
    assert "File (.xlsx or .csv)" in html
    assert reverse("imports:import_template", args=["readings"]) in html
    assert c.get(reverse("imports:building_import")).status_code == 403
    preview = c.post(page, {"workbook": csv_file(
        "serial,service_code,date,value\nSN-1,CW,2026-10-01,130\n")},
        HTTP_HX_REQUEST="true")
    assert "readings.csv is valid." in preview.content.decode()
    assert not Reading.objects.filter(date=day("2026-10-01")).exists()
    batch = ImportBatch.objects.get()
    # A readings upload is confirmed as readings only.
    assert c.post(reverse("imports:import_apply", args=["buildings", batch.pk])
                  ).status_code == 403
    applied = c.post(reverse("imports:import_apply", args=["readings", batch.pk]),
                     HTTP_HX_REQUEST="true")
    assert "readings.csv was imported." in applied.content.decode()
    assert reverse("metering:reading_list") in applied.content.decode()
    assert Reading.objects.get(date=day("2026-10-01")).author.username == \
        batch.user.username
    batch.refresh_from_db()
    assert batch.status == BatchStatus.APPLIED


def test_a_technician_cannot_import_readings(client, org):
    c = client_for(client, org, Role.TECHNICIAN)
    assert c.get(reverse("imports:import", args=["readings"])).status_code == 403
    assert c.get(reverse("imports:import", args=["nothing"])).status_code == 404


def test_docs_metering_describe_the_readings_columns_as_the_code_reads_them():
    from pathlib import Path

    from django.conf import settings

    text = (Path(settings.BASE_DIR) / "docs" / "metering.md").read_text()
    assert reference("readings").strip() in text, (
        "docs/metering.md is out of date: paste `python -m abonent.imports.reference readings`")
