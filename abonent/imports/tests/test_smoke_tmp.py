import pytest
from abonent.imports.services import import_workbook
from abonent.imports.tests.workbooks import workbook, example_sheets
from abonent.testing.factories import OrganizationFactory

@pytest.mark.django_db
def test_smoke():
    org = OrganizationFactory()
    r = import_workbook(organization=org, source=workbook(example_sheets()), file_name="x.xlsx")
    for i in r.issues: print(i)
    print(r.counts)
    r = import_workbook(organization=org, source=workbook(example_sheets()), file_name="x.xlsx")
    for i in r.issues: print(i)
    print(r.counts)
    assert False
