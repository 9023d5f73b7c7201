"""Organization settings, branches and staff memberships."""

import django_filters
from django.contrib import messages
from django.http import Http404, HttpResponseRedirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from abonent.core.choices import Action
from abonent.core.filtersets import TenantFilterSet
from abonent.core.forms_staff import BranchForm, MembershipForm, OrganizationForm, StaffAddForm
from abonent.core.models import Branch, Membership, Organization
from abonent.core.staff import staff_add
from abonent.core.tables import Column
from abonent.core.views import generic


class OrganizationFilterSet(django_filters.FilterSet):
    class Meta:
        model = Organization
        fields = ["name"]

    def __init__(self, *args, request=None, **kwargs):
        super().__init__(*args, request=request, **kwargs)


class OrganizationList(generic.ObjectListView):
    model = Organization
    filterset_class = OrganizationFilterSet
    columns = [Column("name", link=True), Column("country"), Column("currency"),
               Column("time_zone")]
    default_sort = "name"

    def base_context(self):
        return {**super().base_context(), "can_add": False}


class OrganizationDetail(generic.ObjectDetailView):
    model = Organization

    def base_context(self):
        return {**super().base_context(), "can_close": False}


class OrganizationEdit(generic.ObjectEditView):
    """Only the current organization is edited here; new ones start with create_organization."""

    model = Organization
    form_class = OrganizationForm

    def get_instance(self):
        if "pk" not in self.kwargs:
            raise Http404
        return super().get_instance()

    def save(self, form):
        self.access.require("organization", Action.CHANGE)
        obj = form.instance
        obj.full_clean()
        obj.save()
        return obj


class BranchFilterSet(TenantFilterSet):
    search_fields = ("code", "name", "address")

    class Meta:
        model = Branch
        fields = ["q", "kind"]


class BranchList(generic.ObjectListView):
    model = Branch
    filterset_class = BranchFilterSet
    columns = [Column("code", link=True), Column("name", link=True), Column("kind"),
               Column("address"), Column("phone")]
    default_sort = "code"


class BranchDetail(generic.ObjectDetailView):
    model = Branch
    related = [(gettext_lazy("Buildings"), "buildings",
                [Column("code", link=True), Column("address", sortable=False)])]


class BranchEdit(generic.ObjectEditView):
    model = Branch
    form_class = BranchForm


class MembershipFilterSet(TenantFilterSet):
    search_fields = ("user__username", "user__first_name", "user__last_name", "user__email")

    class Meta:
        model = Membership
        fields = ["q", "role", "is_active"]


class MembershipList(generic.ObjectListView):
    model = Membership
    filterset_class = MembershipFilterSet
    columns = [Column("user__username", label=gettext_lazy("username"), link=True),
               Column("user", sortable=False), Column("user__email"),
               Column("role", groupable=True), Column("is_active")]
    default_sort = "user__username"


class MembershipDetail(generic.ObjectDetailView):
    model = Membership
    fields = ["user", "role", "is_active"]

    def detail_fields(self, obj):
        rows = super().detail_fields(obj)
        branches = ", ".join(str(b) for b in obj.branches.all()) or _("whole organization")
        return [*rows, (_("branches"), branches), (_("e-mail"), obj.user.email),
                (_("last sign-in"), obj.user.last_login)]


class MembershipEdit(generic.ObjectEditView):
    model = Membership

    @property
    def form_class(self):
        return MembershipForm if "pk" in self.kwargs else StaffAddForm

    def initial(self):
        return {}

    def post(self, request, *args, **kwargs):
        if "pk" in self.kwargs:
            return super().post(request, *args, **kwargs)
        instance = self.get_instance()
        form = StaffAddForm(request.POST, access=self.access)
        if form.is_valid():
            membership = staff_add(access=self.access, **form.cleaned_data)
            messages.success(request, _("%(name)s saved.") % {"name": membership})
            return HttpResponseRedirect(membership.get_absolute_url())
        return self.render_form(form, instance)
