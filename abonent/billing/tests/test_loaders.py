"""The bulk loader reads a chunk in a constant number of queries, whatever its size."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from abonent.billing.loaders import load_chunk, load_context
from abonent.billing.runs import period_for
from abonent.billing.tests.scenario import NOV, build
from abonent.testing.factories import OrganizationFactory


def queries_to_load(organization, account_ids) -> int:
    ctx = load_context(organization, period_for(organization, NOV))
    with CaptureQueriesContext(connection) as captured:
        chunk = load_chunk(ctx, account_ids)
    assert len(chunk.accounts) == len(account_ids)
    return len(captured.captured_queries)


@pytest.mark.django_db
def test_loader_queries_do_not_grow_with_the_chunk():
    org = OrganizationFactory()
    buildings = [build(org, suffix=str(n)) for n in range(4)]
    one = queries_to_load(org, [buildings[0].flat1.pk, buildings[0].flat2.pk])
    accounts = [pk for b in buildings for pk in (b.flat1.pk, b.flat2.pk)]
    assert queries_to_load(org, accounts) == one == 8
