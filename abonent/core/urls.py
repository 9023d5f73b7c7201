from django.contrib.auth import views as auth_views
from django.urls import path

from abonent.core.views import audit, home, pick, staff
from abonent.core.views.generic import crud_urls

app_name = "core"
urlpatterns = [
    *crud_urls("organization", list_view=staff.OrganizationList,
               detail_view=staff.OrganizationDetail, edit_view=staff.OrganizationEdit),
    *crud_urls("branch", list_view=staff.BranchList, detail_view=staff.BranchDetail,
               edit_view=staff.BranchEdit),
    *crud_urls("staff", list_view=staff.MembershipList, detail_view=staff.MembershipDetail,
               edit_view=staff.MembershipEdit),
    path("audit/", audit.AuditList.as_view(), name="auditentry_list"),
]

# Names used across the site without a namespace.
site_urlpatterns = [
    path("", home.HomeView.as_view(), name="home"),
    path("switch-organization/", home.switch_org, name="switch_org"),
    path("pick/<str:model_label>/", pick.PickView.as_view(), name="pick"),
    path("login/", auth_views.LoginView.as_view(redirect_authenticated_user=True), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
]
