import datetime as dt
import io
from decimal import Decimal

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from abonent.testing import factories as f

pytestmark = pytest.mark.django_db


def test_xlsx_export_keeps_numbers_and_dates_typed(client):
    account = f.AccountFactory(opened_on=dt.date(2024, 3, 1), unit__area=Decimal("61.25"))
    client.force_login(f.MembershipFactory(organization=account.organization).user)
    response = client.get(reverse("accounts:account_list"), {"export": "xlsx"})
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    header, row = [c.value for c in sheet[1]], [c.value for c in sheet[2]]
    values = dict(zip(header, row, strict=True))
    assert values["account number"] == account.number
    assert values["area, m²"] == pytest.approx(61.25)
    assert values["opened on"].date() == dt.date(2024, 3, 1)  # a real date cell
    assert values["holder"] == str(account.holder)
