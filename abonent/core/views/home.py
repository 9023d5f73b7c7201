from django.db.models import Count, Q
from django.shortcuts import redirect
from django.utils import timezone
from django.views.decorators.http import require_POST

from abonent.accounts.models import Account, BenefitMembership
from abonent.core.access import SESSION_KEY, access_for
from abonent.core.models import AuditEntry
from abonent.core.views.generic import StaffView
from abonent.people.models import Person
from abonent.property.models import Building, Unit


class HomeView(StaffView):
    def get(self, request):
        from django.shortcuts import render

        access = self.access
        today = timezone.localdate()
        accounts = Account.objects.restrict(access)
        counts = accounts.aggregate(
            open=Count("pk", filter=Q(closed_on__isnull=True)),
            closed=Count("pk", filter=Q(closed_on__isnull=False)))
        context = {
            "buildings": Building.objects.restrict(access).filter(closed_on__isnull=True).count(),
            "units": Unit.objects.restrict(access).filter(closed_on__isnull=True).count(),
            "people": Person.objects.restrict(access).filter(closed_on__isnull=True).count(),
            "accounts_open": counts["open"],
            "accounts_closed": counts["closed"],
            "benefits_active": BenefitMembership.objects.restrict(access).filter(
                Q(valid_to__isnull=True) | Q(valid_to__gte=today), valid_from__lte=today).count(),
            "recent": AuditEntry.objects.restrict(access)[:10],
        }
        return render(request, "core/home.html", context)


@require_POST
def switch_org(request):
    wanted = request.POST.get("organization")
    if request.user.is_authenticated and access_for(request.user, wanted).organization:
        request.session[SESSION_KEY] = int(wanted)
    return redirect("home")
