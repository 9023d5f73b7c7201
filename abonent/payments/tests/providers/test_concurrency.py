"""Against a live server on PostgreSQL: 200 webhook deliveries from 8 concurrent clients, 30%
of them duplicates, post exactly the unique payments; every balance adds up; no 5xx, no
deadlock.

Of the 60 duplicates, 40 are the same delivery re-sent (same body, same signature: the
delivery record answers them) and 20 the same payment signed anew a second later (another
delivery: the payment's (source, external id) answers them). Half the duplicates go right
after their original, so that twins are in flight together.
"""

from __future__ import annotations

import json
import random
import time
import urllib.error
import urllib.request
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from decimal import Decimal as D

import pytest
from django.conf import settings
from django.db.models import Sum
from django.urls import reverse

from abonent.billing.ledger import balance
from abonent.billing.runs import bill_period
from abonent.billing.tests.scenario import NOV, build
from abonent.payments.models import Payment, WebhookDelivery
from abonent.payments.providers.choices import DeliveryStatus
from abonent.payments.providers.webhooks import signature_header
from abonent.testing.factories import OrganizationFactory

from .helpers import HEADER, SECRET, paid_body, sandbox_provider

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(not settings.DATABASES["default"]["ENGINE"].endswith("postgresql"),
                       reason="concurrent deliveries need PostgreSQL; this runs in its run"),
    pytest.mark.django_db(transaction=True),
]

BUILDINGS = 5  # two accounts each
UNIQUE = 140
RESENT = 40
RESIGNED = 20
THREADS = 8
TIMEOUT = 30  # seconds per request


def send(url: str, item: tuple[bytes, str]) -> tuple[int, dict]:
    body, signature = item
    headers = {"Content-Type": "application/json", HEADER: signature}
    request = urllib.request.Request(url, data=body, method="POST",  # noqa: S310 - live server
                                     headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT) as response:  # noqa: S310
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as exc:
        return exc.code, {"body": exc.read()[:500].decode(errors="replace")}


def test_200_concurrent_deliveries_with_30_percent_duplicates_post_each_payment_once(
        live_server):
    organization = OrganizationFactory()
    buildings = [build(organization, suffix=str(n)) for n in range(BUILDINGS)]
    bill_period(organization, NOV, issue=True)
    sandbox_provider(organization)
    accounts = [account for b in buildings for account in (b.flat1, b.flat2)]
    billed = {account.pk: balance(account) for account in accounts}
    assert all(amount > 0 for amount in billed.values())

    rng = random.Random(20261205)
    now = int(time.time())
    paid: dict[str, tuple[int, D]] = {}
    originals = []
    for n in range(UNIQUE):
        account = accounts[n % len(accounts)]
        amount = D(rng.randint(100, 3000)) / 100
        payment_id = f"sbx_{n:04d}"
        body = paid_body(account, payment_id, f"{amount:.2f}")
        paid[payment_id] = (account.pk, amount)
        originals.append((body, signature_header(body, SECRET, now)))
    duplicates = [rng.choice(originals) for _ in range(RESENT)]
    duplicates += [(body, signature_header(body, SECRET, now + 1))
                   for body, _signature in rng.sample(originals, RESIGNED)]
    sends = list(originals)
    rng.shuffle(sends)
    for i, twin in enumerate(duplicates):
        if i % 2 == 0:
            original = next(item for item in sends if item[0] == twin[0])
            sends.insert(sends.index(original) + 1, twin)
        else:
            sends.insert(rng.randrange(len(sends) + 1), twin)
    assert len(sends) == UNIQUE + RESENT + RESIGNED == 200

    url = live_server.url + reverse("providers:webhook", args=[organization.slug, "sandbox"])
    started = time.monotonic()
    with ThreadPoolExecutor(max_workers=THREADS) as pool:
        answers = list(pool.map(lambda item: send(url, item), sends))
    elapsed = time.monotonic() - started

    statuses = Counter(status for status, _body in answers)
    assert statuses == {200: 200}, [a for a in answers if a[0] != 200][:5]
    outcome = Counter(body.get("status") for _status, body in answers)
    assert outcome[DeliveryStatus.POSTED] == UNIQUE, outcome

    payments = Payment.objects.filter(organization=organization)
    assert payments.count() == UNIQUE
    assert {p.external_id: (p.account_id, p.amount) for p in payments} == paid
    for account in accounts:
        mine = sum((amount for pk, amount in paid.values() if pk == account.pk), D("0.00"))
        assert balance(account) == billed[account.pk] - mine, account.number

    deliveries = WebhookDelivery.objects.filter(organization=organization)
    assert deliveries.count() == len(set(sends))  # one row per distinct delivery
    assert deliveries.aggregate(total=Sum("attempts"))["total"] == 200
    assert not deliveries.filter(status=DeliveryStatus.FAILED).exists()
    assert elapsed < 60, f"{elapsed:.1f} s"
