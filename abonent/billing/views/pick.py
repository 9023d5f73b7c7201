"""Choosing several accounts for a run: a search that keeps the ticked ones."""

from __future__ import annotations

from django.shortcuts import render

from abonent.accounts.filtersets import AccountFilterSet
from abonent.accounts.models import Account
from abonent.core.views.generic import StaffView

LIMIT = 25


class AccountsPickView(StaffView):
    """``?pick=beri&accounts=3&accounts=9``: the ticked accounts (still ticked) and up to 25
    others matching the search, within the user's reach."""

    def get(self, request):
        accounts = Account.objects.restrict(request.access).select_related("holder")
        name = request.GET.get("name", "accounts")
        chosen_ids = [pk for pk in request.GET.getlist(name) if pk.isdigit()]
        chosen = list(accounts.filter(pk__in=chosen_ids))
        q = request.GET.get("pick", "").strip()
        found = []
        if q:
            found = list(AccountFilterSet({"q": q}, queryset=accounts, request=request).qs
                         .exclude(pk__in=[a.pk for a in chosen])[:LIMIT])
        return render(request, "billing/widgets/accounts_picker_options.html", {
            "name": name, "chosen": chosen, "found": found,
            "searched": bool(q)})
