"""The ledger: its entries, and an account's statement over a range of months (with a chart of
its last twelve months and an XLSX export)."""

from __future__ import annotations

from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from abonent.accounts.models import Account
from abonent.billing import ledger, selectors, tables
from abonent.billing.filtersets import LedgerEntryFilterSet
from abonent.billing.forms import StatementForm
from abonent.billing.models import LedgerEntry
from abonent.billing.views.base import BillingPages, get_restricted
from abonent.billing.views.chart import balance_chart
from abonent.core.choices import Action
from abonent.core.export import export_xlsx
from abonent.core.views import generic


class LedgerEntryList(BillingPages, generic.ObjectListView):
    model = LedgerEntry
    addable = editable = False
    filterset_class = LedgerEntryFilterSet
    columns = tables.LEDGER_COLUMNS
    default_sort = "-created_at"
    export_name = "ledger"

    def decorate(self, objects: list) -> None:
        selectors.entry_explanations(objects, get_language() or "en")


class LedgerEntryDetail(BillingPages, generic.ObjectDetailView):
    model = LedgerEntry
    addable = editable = False
    fields = ["account", "service", "period", "service_period", "kind", "amount", "tax_amount",
              "text", "run", "charge", "reverses", "posted_by", "created_at"]

    def detail_fields(self, obj) -> list:
        """The explanation in the reader's language (from the charge line's data)."""
        rows = super().detail_fields(obj)
        selectors.entry_explanations([obj], get_language() or "en")
        index = self.fields.index("text")
        rows[index] = (rows[index][0], obj.explanation_text)
        return rows


class StatementView(generic.StaffView):
    """``/billing/accounts/<id>/statement/?from=2026-01&to=2026-11``."""

    def get(self, request, account_pk: int):
        self.access.require("billing", Action.VIEW)
        account = get_restricted(Account, self.access, account_pk)
        organization = self.access.organization
        form = StatementForm(request.GET or None)
        first, last = form.months(selectors.current_month(organization))
        if not form.is_bound:  # show the months the default range covers
            form = StatementForm(initial={"from": first, "to": last})
        statement = ledger.statement(account, selectors.period_of(organization, first),
                                     selectors.period_of(organization, last))
        language = get_language() or "en"
        selectors.entry_explanations(statement.entries, language)
        if request.GET.get("export") == "xlsx":
            self.access.require("billing", Action.EXPORT)
            return statement_xlsx(statement, first, last)
        history = selectors.monthly_history(account, last)
        statement.total = selectors.statement_total(statement)
        return render(request, "billing/statement.html", {
            "account": account, "form": form, "statement": statement, "first": first,
            "last": last, "currency": organization.currency,
            "chart": balance_chart(history, organization.currency, language),
            "history": history, "querystring": request.GET.urlencode(),
            "can_export": self.access.can("billing", Action.EXPORT),
            "can_rebill": self.access.can("billing", Action.ADD)})


def statement_xlsx(statement: ledger.Statement, first, last):
    """The statement as a worksheet: opening, every entry, closing, then the services."""
    headers = [_("date"), _("posted in"), _("for period"), _("service"), _("kind"),
               _("amount"), _("explanation")]
    rows: list[list] = [[None, None, None, None, _("Opening balance"), statement.opening, None]]
    for entry in statement.entries:
        rows.append([timezone.localtime(entry.created_at).date(), str(entry.period),
                     str(entry.service_period), str(entry.service or ""),
                     entry.get_kind_display(), entry.amount, entry.explanation_text])
    rows.append([None, None, None, None, _("Closing balance"), statement.closing, None])
    rows.append([])
    rows.append([_("service"), _("opening balance"), _("charged"), _("benefits"),
                 _("adjustments"), _("paid"), _("penalties"), _("closing balance")])
    lines = [(str(line.service or _("No service")), line) for line in statement.services]
    for name, line in [*lines, (_("Total"), selectors.statement_total(statement))]:
        rows.append([name, line.opening, line.charged, line.benefits, line.adjustments,
                     line.paid, line.penalties, line.closing])
    name = f"statement-{statement.account.number}-{first:%Y-%m}-{last:%Y-%m}"
    return export_xlsx(name, [str(h) for h in headers], rows)
