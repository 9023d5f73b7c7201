from abonent.accounts.models import Account, BenefitCategory, BenefitMembership, Resident
from abonent.testing.factories import (
    AccountFactory,
    BenefitCategoryFactory,
    BenefitMembershipFactory,
    ResidentFactory,
)
from abonent.testing.suites import TenantViewSuite


class TestAccountViews(TenantViewSuite):
    model = Account
    factory = AccountFactory
    org_path = "unit__building__organization"

    def search_term(self, obj):
        return obj.number


class TestResidentViews(TenantViewSuite):
    model = Resident
    factory = ResidentFactory
    org_path = "account__unit__building__organization"


class TestBenefitCategoryViews(TenantViewSuite):
    model = BenefitCategory
    factory = BenefitCategoryFactory


class TestBenefitMembershipViews(TenantViewSuite):
    model = BenefitMembership
    factory = BenefitMembershipFactory
    org_path = "account__unit__building__organization"
