"""The readings grid over plain HTTP: the rows, one value saved by htmx, the whole form without
JavaScript (all or nothing). The keyboard is tested in a browser (test_grid_browser.py)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from abonent.core.choices import Role
from abonent.metering.choices import ReadingStatus
from abonent.metering.models import Reading
from abonent.metering.tests.helpers import D, day, meter, read
from abonent.testing.factories import (
    AccountFactory,
    BuildingFactory,
    MeterFactory,
    ServiceFactory,
    UnitFactory,
)
from abonent.testing.suites import client_for

pytestmark = pytest.mark.django_db
GRID = reverse("metering:grid")


@pytest.fixture
def building():
    """Units 10 (entrance 2), 9 and 2 (entrance 1, floors 3 and 1), a common meter, and a
    removed meter that the grid leaves out."""
    b = BuildingFactory(entrances=2)
    org = b.organization
    water = ServiceFactory(organization=org, code="CW")
    for number, entrance, floor in (("10", 2, 1), ("9", 1, 3), ("2", 1, 1)):
        account = AccountFactory(unit=UnitFactory(building=b, number=number,
                                                  entrance=entrance, floor=floor))
        m = meter(account=account, service=water, serial=f"U{number}")
        read(m, "2026-10-01", "100")
    MeterFactory(account=None, building=b, organization=org, service=water, serial="COMMON",
                 installed_on=day("2026-01-01"))
    meter(account=AccountFactory(unit=UnitFactory(building=b, number="1", entrance=1,
                                                  floor=1)),
          service=water, serial="OLD", removed_on=day("2026-06-30"))
    return b


def serials(html: str) -> list[str]:
    """The serial numbers of the grid's rows, in order."""
    rows = html.split('<tr id="row-')[1:]
    return [row.split('tabindex="-1">')[1].split("<")[0] for row in rows]


def test_the_grid_lists_working_meters_common_first_then_by_entrance_floor_and_unit(
        client, building):
    c = client_for(client, building.organization, Role.TECHNICIAN)
    html = c.get(GRID, {"building": building.pk, "date": "2026-11-01"}).content.decode()
    assert serials(html) == ["COMMON", "U2", "U9", "U10"]
    assert "100" in html and 'id="value-' in html
    assert "4 meters" in html


def test_the_grid_runs_a_fixed_number_of_queries(client, building):
    c = client_for(client, building.organization, Role.TECHNICIAN)
    params = {"building": building.pk, "date": "2026-11-01"}
    c.get(GRID, params)
    with CaptureQueriesContext(connection) as few:
        c.get(GRID, params)
    for n in range(5):
        m = meter(account=AccountFactory(unit=UnitFactory(building=building, number=f"5{n}")),
                  serial=f"X{n}", service=building.meters.first().service)
        read(m, "2026-10-01", "1")
    with CaptureQueriesContext(connection) as many:
        c.get(GRID, params)
    assert len(many) == len(few)


def test_one_value_is_saved_by_the_row_and_the_row_shows_its_consumption(client, building):
    m = building.meters.get(serial="U9")
    c = client_for(client, building.organization, Role.TECHNICIAN)
    response = c.post(reverse("metering:grid_row", args=[m.pk]),
                      {"date": "2026-11-01", f"value-{m.pk}": "112,5"}, HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert response.status_code == 200
    assert "Saved: 12.500 m³" in html and "readonly" in html
    assert Reading.objects.get(meter=m, date=day("2026-11-01")).consumption == D("12.500")
    # Sent again (a second tab): refused as a second reading of the day, the row stays saved.
    again = c.post(reverse("metering:grid_row", args=[m.pk]),
                   {"date": "2026-11-01", f"value-{m.pk}": "113"}).content.decode()
    assert "Saved: 12.500 m³" in again
    assert Reading.objects.filter(meter=m).count() == 2


def test_a_refused_value_stays_in_its_input_marked_invalid_with_the_reason(client, building):
    m = building.meters.get(serial="U9")
    c = client_for(client, building.organization, Role.TECHNICIAN)
    html = c.post(reverse("metering:grid_row", args=[m.pk]),
                  {"date": "2026-11-01", f"value-{m.pk}": "99"}).content.decode()
    assert 'value="99"' in html and 'aria-invalid="true"' in html
    assert f'aria-describedby="result-{m.pk}"' in html
    assert "99.000 is below the previous reading, 100.000 of 2026-10-01" in html
    nonsense = c.post(reverse("metering:grid_row", args=[m.pk]),
                      {"date": "2026-11-01", f"value-{m.pk}": "12a"}).content.decode()
    assert 'value="12a"' in nonsense and "Enter a number" in nonsense
    assert not Reading.objects.filter(date=day("2026-11-01")).exists()


def test_without_javascript_the_grid_saves_all_rows_or_none(client, building):
    c = client_for(client, building.organization, Role.TECHNICIAN)
    ids = {m.serial: m.pk for m in building.meters.all()}
    base = {"building": building.pk, "date": "2026-11-01"}
    bad = c.post(GRID, {**base, f"value-{ids['U2']}": "110", f"value-{ids['U9']}": "90",
                        f"value-{ids['COMMON']}": "5"})
    html = bad.content.decode()
    assert bad.status_code == 400
    assert "1 reading was refused; nothing was saved." in html
    assert 'value="110"' in html and 'value="90"' in html and 'value="5"' in html
    assert html.count('aria-invalid="true"') == 1
    assert not Reading.objects.filter(date=day("2026-11-01")).exists()

    good = c.post(GRID, {**base, f"value-{ids['U2']}": "110", f"value-{ids['U9']}": "190",
                         f"value-{ids['COMMON']}": "5"})
    assert good.status_code == 302
    assert good.url == f"{GRID}?building={building.pk}&date=2026-11-01"
    saved = {r.meter.serial: r for r in Reading.objects.filter(date=day("2026-11-01"))}
    assert {s: r.consumption for s, r in saved.items()} == {
        "U2": D("10.000"), "U9": D("90.000"), "COMMON": D("5.000")}
    assert all(r.status == ReadingStatus.ACCEPTED for r in saved.values())
    page = c.get(good.url).content.decode()
    assert "3 readings saved." in page and "3 of 4 meters entered." in page


def test_only_roles_that_add_readings_open_the_grid(client, building):
    c = client_for(client, building.organization, Role.CASHIER)
    assert c.get(GRID).status_code == 403
    m = building.meters.first()
    assert c.post(reverse("metering:grid_row", args=[m.pk]), {}).status_code == 403


def test_another_organizations_meter_is_not_found_by_the_row(client, building):
    c = client_for(client, BuildingFactory().organization, Role.ADMIN)
    m = building.meters.first()
    response = c.post(reverse("metering:grid_row", args=[m.pk]),
                      {"date": "2026-11-01", f"value-{m.pk}": "1"})
    assert response.status_code == 404


def test_unit_numbers_sort_as_people_read_them():
    from abonent.metering.selectors import _natural

    numbers = ["10", "A1", "2", "12b", "12a", "1"]
    assert sorted(numbers, key=_natural) == ["1", "2", "10", "12a", "12b", "A1"]
