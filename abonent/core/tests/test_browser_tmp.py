import pytest
from abonent.core.tests.test_browser import *  # noqa
from abonent.core.tests.test_browser import change_delivery_and_notes_then_read_history, office  # noqa

def test_tmp_edit(open_page, office):
    page = open_page(DESKTOP)
    log_in(page, office.username)
    page.goto(office.account.get_absolute_url())
    change_delivery_and_notes_then_read_history(page, office.account, office.username)
    screenshot(page, "desktop-account-history")
    assert_no_problems(page)
