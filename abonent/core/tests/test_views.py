from abonent.core.models import Branch, Membership
from abonent.testing.factories import BranchFactory, MembershipFactory
from abonent.testing.suites import TenantViewSuite


class TestBranchViews(TenantViewSuite):
    model = Branch
    factory = BranchFactory


class TestStaffViews(TenantViewSuite):
    model = Membership
    factory = MembershipFactory
