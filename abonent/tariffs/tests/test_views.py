from abonent.tariffs.models import Service, Subscription, Tariff, TariffVersion
from abonent.testing.factories import (
    ServiceFactory,
    SubscriptionFactory,
    TariffFactory,
    TariffVersionFactory,
)
from abonent.testing.suites import TenantViewSuite


class TestServiceViews(TenantViewSuite):
    model = Service
    factory = ServiceFactory


class TestTariffViews(TenantViewSuite):
    model = Tariff
    factory = TariffFactory
    org_path = "service__organization"


class TestTariffVersionViews(TenantViewSuite):
    model = TariffVersion
    factory = TariffVersionFactory
    org_path = "tariff__service__organization"


class TestSubscriptionViews(TenantViewSuite):
    model = Subscription
    factory = SubscriptionFactory
    org_path = "building__organization"
