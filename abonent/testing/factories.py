"""factory_boy factories for every model. Each object lands in the organization of the
objects it hangs from, so one ``organization=`` argument builds a consistent tree."""

import datetime as dt
from decimal import Decimal

import factory

from abonent.accounts.models import Account, BenefitCategory, BenefitMembership, Resident
from abonent.billing.models import (
    Absence,
    Adjustment,
    BillingPeriod,
    BillingRun,
    BillingSettings,
    Interruption,
)
from abonent.collections.models import CollectionCase, Instalment, PaymentPlan, StageEvent
from abonent.core import checkdigit
from abonent.core.models import Branch, Membership, Organization, User
from abonent.metering.models import Meter, Reading
from abonent.payments.models import (
    CsvMappingRecord,
    Payment,
    PaymentSettings,
    PenaltySettings,
    ReferenceRate,
    StatementImport,
    StatementLine,
)
from abonent.people.models import Ownership, Person
from abonent.property.models import Building, Unit
from abonent.tariffs.models import Service, Subscription, Tariff, TariffVersion


class OrganizationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organization
        django_get_or_create = ("slug",)

    slug = factory.Sequence(lambda n: f"org{n}")
    name = factory.Sequence(lambda n: f"Housing Company {n}")
    country = "GE"
    currency = "GEL"
    time_zone = "Asia/Tbilisi"
    language = "en"
    legal_name = factory.LazyAttribute(lambda o: f"{o.name} LLC")
    bank_account = "GE29NB0000000101904917"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = "Test"
    last_name = factory.Sequence(lambda n: f"User{n}")
    password = factory.PostGenerationMethodCall("set_password", "correct-horse-battery")

    @factory.post_generation
    def _save(obj, create, extracted, **kwargs):
        if create:
            obj.save()


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    organization = factory.SubFactory(OrganizationFactory)
    user = factory.SubFactory(UserFactory)
    role = "admin"


class BranchFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Branch

    organization = factory.SubFactory(OrganizationFactory)
    code = factory.Sequence(lambda n: f"BR{n}")
    name = factory.Sequence(lambda n: f"Branch {n}")


class BuildingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Building

    organization = factory.SubFactory(OrganizationFactory)
    code = factory.Sequence(lambda n: f"B{n:04d}")
    city = "Tbilisi"
    street = factory.Sequence(lambda n: f"Rustaveli Avenue {n}")
    house_number = factory.Sequence(lambda n: str(n + 1))
    floors = 9
    entrances = 4
    total_area = Decimal("5400.00")
    year_built = 1978
    management_start = dt.date(2020, 1, 1)


class UnitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Unit

    building = factory.SubFactory(BuildingFactory)
    organization = factory.SelfAttribute("building.organization")
    number = factory.Sequence(lambda n: str(n + 1))
    entrance = 1
    floor = 2
    area = Decimal("54.30")
    rooms = 2


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person

    organization = factory.SubFactory(OrganizationFactory)
    first_name = "Nino"
    last_name = factory.Sequence(lambda n: f"Beridze{n}")
    phone = factory.Sequence(lambda n: f"+995 555 {n:06d}")
    email = factory.Sequence(lambda n: f"nino{n}@example.ge")
    language = "ka"


class OwnershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Ownership

    unit = factory.SubFactory(UnitFactory)
    organization = factory.SelfAttribute("unit.organization")
    person = factory.SubFactory(PersonFactory, organization=factory.SelfAttribute(
        "..organization"))
    date_from = dt.date(2020, 1, 1)


class AccountFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Account

    unit = factory.SubFactory(UnitFactory)
    organization = factory.SelfAttribute("unit.organization")
    holder = factory.SubFactory(PersonFactory, organization=factory.SelfAttribute(
        "..organization"))
    number = factory.Sequence(lambda n: checkdigit.with_check_digit(str(5000000 + n)))
    opened_on = dt.date(2020, 1, 1)


class ResidentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Resident

    account = factory.SubFactory(AccountFactory)
    organization = factory.SelfAttribute("account.organization")
    person = factory.SubFactory(PersonFactory, organization=factory.SelfAttribute(
        "..organization"))
    date_from = dt.date(2020, 1, 1)


class BenefitCategoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = BenefitCategory

    organization = factory.SubFactory(OrganizationFactory)
    code = factory.Sequence(lambda n: f"BEN{n}")
    name = factory.Sequence(lambda n: f"Pensioner {n}")
    discount_percent = Decimal("50.00")


class BenefitMembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = BenefitMembership

    account = factory.SubFactory(AccountFactory)
    organization = factory.SelfAttribute("account.organization")
    category = factory.SubFactory(BenefitCategoryFactory, organization=factory.SelfAttribute(
        "..organization"))
    valid_from = dt.date(2024, 1, 1)
    document_ref = factory.Sequence(lambda n: f"PENS-{n:06d}")


class ServiceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Service

    organization = factory.SubFactory(OrganizationFactory)
    code = factory.Sequence(lambda n: f"WATER{n}")
    name = factory.Sequence(lambda n: f"Cold water {n}")
    unit = "m³"
    method = "metered"


class TariffFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Tariff

    service = factory.SubFactory(ServiceFactory)
    organization = factory.SelfAttribute("service.organization")
    scope = "organization"


class TariffVersionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TariffVersion

    tariff = factory.SubFactory(TariffFactory)
    organization = factory.SelfAttribute("tariff.organization")
    effective_from = dt.date(2024, 1, 1)
    rate = Decimal("3.250000")
    norm = Decimal("3.5000")


class SubscriptionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Subscription

    building = factory.SubFactory(BuildingFactory)
    organization = factory.SelfAttribute("building.organization")
    service = factory.SubFactory(ServiceFactory, organization=factory.SelfAttribute(
        "..organization"))
    date_from = dt.date(2024, 1, 1)


class MeterFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Meter

    account = factory.SubFactory(AccountFactory)
    organization = factory.SelfAttribute("account.organization")
    building = factory.SelfAttribute("account.unit.building")
    service = factory.SubFactory(ServiceFactory, organization=factory.SelfAttribute(
        "..organization"))
    serial = factory.Sequence(lambda n: f"SN{n:08d}")
    installed_on = dt.date(2024, 1, 1)
    verified_until = dt.date(2030, 1, 1)


class ReadingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Reading

    meter = factory.SubFactory(MeterFactory)
    organization = factory.SelfAttribute("meter.organization")
    date = dt.date(2026, 10, 25)
    value = Decimal("125.400")


class BillingPeriodFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = BillingPeriod
        django_get_or_create = ("organization", "start")

    organization = factory.SubFactory(OrganizationFactory)
    start = dt.date(2026, 11, 1)
    end = factory.LazyAttribute(lambda o: (o.start.replace(day=28) + dt.timedelta(days=4))
                                .replace(day=1) - dt.timedelta(days=1))


class AdjustmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Adjustment

    account = factory.SubFactory(AccountFactory)
    organization = factory.SelfAttribute("account.organization")
    service = factory.SubFactory(ServiceFactory, organization=factory.SelfAttribute(
        "..organization"))
    service_period = factory.SubFactory(BillingPeriodFactory,
                                        organization=factory.SelfAttribute("..organization"))
    amount = Decimal("-12.50")
    reason = "Meter replaced, double-counted consumption"


class AbsenceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Absence

    account = factory.SubFactory(AccountFactory)
    organization = factory.SelfAttribute("account.organization")
    date_from = dt.date(2026, 11, 5)
    date_to = dt.date(2026, 11, 20)
    document_ref = factory.Sequence(lambda n: f"ABS-{n:05d}")


class InterruptionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Interruption

    building = factory.SubFactory(BuildingFactory)
    organization = factory.SelfAttribute("building.organization")
    service = factory.SubFactory(ServiceFactory, organization=factory.SelfAttribute(
        "..organization"))
    date_from = dt.date(2026, 11, 3)
    date_to = dt.date(2026, 11, 5)
    reason = "Water main repair"


class BillingSettingsFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = BillingSettings
        django_get_or_create = ("organization",)

    organization = factory.SubFactory(OrganizationFactory)


class BillingRunFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = BillingRun

    period = factory.SubFactory(BillingPeriodFactory)
    organization = factory.SelfAttribute("period.organization")


class PaymentFactory(factory.django.DjangoModelFactory):
    """A payment row (for the pages' tenancy tests); posting goes through
    ``abonent.payments.posting.post_payments``."""

    class Meta:
        model = Payment

    account = factory.SubFactory(AccountFactory)
    organization = factory.SelfAttribute("account.organization")
    channel = "cash"
    source = "cash-desk"
    external_id = factory.Sequence(lambda n: f"F-{n:06d}")
    amount = Decimal("25.00")
    value_date = dt.date(2026, 12, 1)
    payer_name = factory.Sequence(lambda n: f"Payer {n}")
    strategy = "oldest_first"
    period = factory.SubFactory(BillingPeriodFactory,
                                organization=factory.SelfAttribute("..organization"))


class PaymentSettingsFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PaymentSettings
        django_get_or_create = ("organization",)

    organization = factory.SubFactory(OrganizationFactory)


class StatementImportFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = StatementImport

    organization = factory.SubFactory(OrganizationFactory)
    file_name = factory.Sequence(lambda n: f"statement-{n}.xml")
    file_sha256 = "0" * 64
    format = "camt053"
    statement_account = "GE29NB0000000101904917"
    currency = "GEL"


class StatementLineFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = StatementLine

    statement = factory.SubFactory(StatementImportFactory)
    organization = factory.SelfAttribute("statement.organization")
    index = factory.Sequence(lambda n: n + 1)
    external_id = factory.Sequence(lambda n: f"BANK-{n}")
    value_date = dt.date(2026, 12, 4)
    amount = Decimal("20.00")
    payer_name = factory.Sequence(lambda n: f"Unknown payer {n}")
    status = "queued"
    reason = "no_match"


class CsvMappingRecordFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CsvMappingRecord

    organization = factory.SubFactory(OrganizationFactory)
    name = factory.Sequence(lambda n: f"Bank {n}")
    mapping = factory.LazyFunction(lambda: {"name": "bank", "columns": {
        "date": "Date", "amount": "Amount"}})


class PenaltySettingsFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PenaltySettings
        django_get_or_create = ("organization",)

    organization = factory.SubFactory(OrganizationFactory)


class ReferenceRateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ReferenceRate

    organization = factory.SubFactory(OrganizationFactory)
    effective_from = factory.Sequence(lambda n: dt.date(2020, 1, 1) + dt.timedelta(days=n))
    percent = Decimal("16.00")


class CollectionCaseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CollectionCase

    account = factory.SubFactory(AccountFactory)
    organization = factory.SelfAttribute("account.organization")
    opened_on = dt.date(2025, 1, 20)


class StageEventFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = StageEvent

    case = factory.SubFactory(CollectionCaseFactory)
    organization = factory.SelfAttribute("case.organization")
    stage = "reminder"
    date = dt.date(2025, 1, 21)


class PaymentPlanFactory(factory.django.DjangoModelFactory):
    """A plan row; its instalments come from ``collections.services.plan_save``."""

    class Meta:
        model = PaymentPlan

    account = factory.SubFactory(AccountFactory)
    organization = factory.SelfAttribute("account.organization")
    total = Decimal("300.00")
    start = dt.date(2027, 1, 10)
    instalments_count = 3


class InstalmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Instalment

    plan = factory.SubFactory(PaymentPlanFactory)
    organization = factory.SelfAttribute("plan.organization")
    number = factory.Sequence(lambda n: n + 1)
    due_date = dt.date(2027, 2, 10)
    amount = Decimal("100.00")
