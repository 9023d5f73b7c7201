"""Debt notices: a printable page with one notice per account (one page each when printed),
in the holder's language or the one chosen; recorded as a "notice" step of each account's case
when the user confirms that they were handed over."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.contrib import messages
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import ngettext

from abonent.collections import selectors
from abonent.collections.forms import NoticeForm
from abonent.collections.models import Debtor
from abonent.collections.services import notices_record
from abonent.collections.views.base import AREA, CollectionsView, today
from abonent.core.choices import Action

#: the notice templates, one per language (``collections/notices/<code>.html``)
LANGUAGES = [code for code, _name in settings.LANGUAGES]
PAY_WITHIN_DAYS = 14


def notice_language(account, chosen: str, organization) -> str:
    """The chosen language, else the holder's preferred one, else the organization's."""
    for code in (chosen, getattr(account.holder, "language", ""), organization.language):
        if code in LANGUAGES:
            return code
    return "en"


class Notices(CollectionsView):
    """``?account=1&account=2``: the notices of the chosen accounts (``pay_by``, ``language``
    optional); POST records them as handed over."""

    def accounts(self, ids) -> list:
        try:
            wanted = [int(pk) for pk in ids]
        except ValueError:
            raise Http404 from None
        accounts = list(Debtor.objects.restrict(self.access).filter(pk__in=wanted).select_related(
            "holder", "unit__building").order_by("number"))
        if not accounts:
            raise Http404
        return accounts

    def get(self, request, account_id: int | None = None):
        ids = [account_id] if account_id is not None else request.GET.getlist("account")
        accounts = self.accounts(ids)
        organization = self.access.organization
        form = NoticeForm(request.GET if "pay_by" in request.GET else None,
                          languages=settings.LANGUAGES,
                          initial={"pay_by": today() + timedelta(days=PAY_WITHIN_DAYS)})
        pay_by, chosen = today() + timedelta(days=PAY_WITHIN_DAYS), ""
        if form.is_bound and form.is_valid():
            pay_by, chosen = form.cleaned_data["pay_by"], form.cleaned_data["language"]
        debts = selectors.account_debts(accounts, as_of=today())
        notices = []
        for account in accounts:
            language = notice_language(account, chosen, organization)
            notices.append({"account": account, "debt": debts[account.pk], "language": language,
                            "template": f"collections/notices/{language}.html"})
        return render(request, "collections/notices.html", {
            "notices": notices, "organization": organization, "pay_by": pay_by,
            "today": today(), "form": form, "chosen_language": chosen,
            "may_record": self.access.can(AREA, Action.ADD) and self.access.can(
                AREA, Action.CHANGE),
            "record_url": reverse("collections:notices"),
        })

    def post(self, request, account_id: int | None = None):
        self.access.require(AREA, Action.ADD)
        self.access.require(AREA, Action.CHANGE)
        accounts = self.accounts(request.POST.getlist("account"))
        events = notices_record(access=self.access, accounts=accounts, on=today())
        messages.success(request, ngettext(
            "A debt notice is recorded for %(count)s account.",
            "Debt notices are recorded for %(count)s accounts.", len(events))
            % {"count": len(events)})
        if len(accounts) == 1:
            return HttpResponseRedirect(reverse("collections:account", args=[accounts[0].pk]))
        return HttpResponseRedirect(reverse("collections:debtors"))
