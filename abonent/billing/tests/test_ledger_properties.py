"""Properties of the ledger over random sequences of re-billing and corrections (hypothesis).

* an account's balance is the sum of its entries, and its statement closes on it;
* issuing the same run again changes nothing;
* re-billing after a price change reverses what was posted and leaves exactly the new amounts;
* every amount is an exact Decimal of the currency's places, never a float.
"""

from decimal import Decimal as D

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from abonent.billing import ledger
from abonent.billing.models import Adjustment, LedgerEntry
from abonent.billing.runs import bill_period, run_issue
from abonent.billing.services import adjustment_request
from abonent.billing.tests.scenario import NOV, build
from abonent.core.money import round_money
from abonent.core.tenancy import Access
from abonent.tariffs.models import TariffVersion

rates = st.decimals(min_value=D("0.50"), max_value=D("9.99"), places=2)
adjustments = st.decimals(min_value=D("-99.99"), max_value=D("99.99"), places=2).filter(bool)


def net(account, service) -> D:
    # summed in Python: SQLite adds decimal columns as floats
    return sum(LedgerEntry.objects.filter(account=account, service=service).values_list(
        "amount", flat=True), D(0))


@pytest.mark.django_db
@settings(max_examples=12, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture,
                                 HealthCheck.too_slow])
@given(prices=st.lists(rates, min_size=1, max_size=4), corrections=st.lists(adjustments,
                                                                             max_size=3))
def test_rebilling_leaves_exactly_the_last_prices_and_the_balance_is_the_sum(prices,
                                                                          corrections):
    b = build()
    access = Access(user=None, organization=b.organization, role="admin")
    for price in prices:
        for version in TariffVersion.objects.filter(tariff__service=b.water):
            version.rate = price  # saved as a user would: the audit trail sees the change
            version.save()
        run = bill_period(b.organization, NOV, issue=True)
        posted = LedgerEntry.objects.count()
        run_issue(run)  # issuing again changes nothing
        assert LedgerEntry.objects.count() == posted
    for amount in corrections:
        adjustment_request(access=access, adjustment=Adjustment(
            account=b.flat1, service=b.waste, service_period=run.period, amount=amount,
            reason="property test"))
    last = prices[-1]
    # flat 1 reads 10 m3, flat 2 is billed by the norm 3.5 x 3 = 10.5 m3
    assert net(b.flat1, b.water) == round_money(D(10) * last, "GEL")
    assert net(b.flat2, b.water) == round_money(D("10.5") * last, "GEL")
    posted_corrections = sum((a.amount for a in Adjustment.objects.filter(
        account=b.flat1, status="posted")), D(0))
    assert net(b.flat1, b.waste) == D("9.00") + posted_corrections
    for account in (b.flat1, b.flat2):
        entries = list(LedgerEntry.objects.filter(account=account))
        total = sum((entry.amount for entry in entries), D(0))
        assert ledger.balance(account) == total
        assert ledger.statement(account).closing == total
        for entry in entries:
            assert isinstance(entry.amount, D)
            assert entry.amount == entry.amount.quantize(D("0.01"))
        # every reversal undoes exactly one earlier entry
        reversed_ids = [e.reverses_id for e in entries if e.reverses_id]
        assert len(reversed_ids) == len(set(reversed_ids))
