"""Payment reports: the payments of a range of days by day, channel, cashier or source, and the
cash desk's closing report per cashier and shift.

* **Payments**: the payments whose day (the value date, or the day received in the
  organization's time zone) falls in the range, counted and summed by day, channel, cashier
  (``posted_by``; a payment without a person is "bank" for a bank transfer, "system"
  otherwise) or source. Reversed payments are not in the rows or the totals: they are a part
  of their own, each with the day it was reversed. The report reads the payments as they are
  now: a payment of the range reversed after it is listed as reversed.
* **Cash desk closing**: a *shift* is one cashier's working day at the cash desk: the payments
  taken at the cash desk (source ``cash-desk``, channel cash or card) by one person (``posted_by``)
  whose ``received_at`` falls on one day in the organization's time zone. Per shift: opening
  (the first payment's time), closing (the last one's), the number of payments taken, the cash
  and card totals (every payment taken, reversed or not), the reversals made on that same day
  of the shift's payments and their sum, and the net (cash + card − reversed that day).
  A reversal on a later day is in the list of the shift's payments, with its day, but not in
  that shift's figures: the shift was closed before it.

Which cash desk payments an access sees is decided in one place, ``desk_payments``: a
cashier sees only the payments they took; every other role that may view payments sees all.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from urllib.parse import urlencode
from zoneinfo import ZoneInfo

from django.db.models import Case, Count, F, IntegerField, Max, Min, Q, QuerySet, Value, When
from django.db.models.functions import TruncDate
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from abonent.core.choices import Role
from abonent.core.models import User
from abonent.core.tables import Column
from abonent.core.tenancy import Access
from abonent.payments.choices import Channel, PaymentStatus
from abonent.payments.models import Payment
from abonent.payments.views import CASH_DESK
from abonent.reports.base import Report, Row, cents, money_sum

#: which day a payment belongs to
DATED = {"value_date": _("value date"), "received": _("day received")}
GROUPS = {"day": _("day"), "channel": _("channel"), "cashier": _("cashier"),
          "source": _("source")}
#: the cash desk's channels
DESK_CHANNELS = (Channel.CASH, Channel.CARD)
#: the longest range drawn as a daily chart (a year); a longer one is shown as a table only
CHART_DAYS = 366
#: the reversed payments' part
REVERSED_COLUMNS = {
    "day": _("day"), "account": _("account"), "channel": _("channel"),
    "cashier": _("cashier"), "amount": _("amount"), "reversed_on": _("reversed on"),
    "reason": _("reason for the reversal"),
}
SHIFT_COLUMNS = {
    "label": _("day"), "cashier": _("cashier"), "opened": _("opening"),
    "closed": _("closing"), "payments": _("payments"), "cash": _("cash"), "card": _("card"),
    "reversals": _("reversals that day"), "reversed": _("reversed that day"),
    "net": _("net"),
}
SHIFT_PAYMENT_COLUMNS = {
    "day": _("day"), "cashier": _("cashier"), "time": _("time"), "account": _("account"),
    "payer": _("payer"), "channel": _("channel"), "amount": _("amount"),
    "reversed_on": _("reversed on"),
}


def zone(access: Access) -> ZoneInfo:
    return ZoneInfo(access.organization.time_zone)


def day_bounds(first: dt.date, last: dt.date, tz: ZoneInfo) -> tuple[dt.datetime, dt.datetime]:
    """The instants from the start of ``first`` to the end of ``last`` in ``tz``."""
    return (dt.datetime.combine(first, dt.time.min, tzinfo=tz),
            dt.datetime.combine(last + dt.timedelta(days=1), dt.time.min, tzinfo=tz))


def local(moment: dt.datetime | None, tz: ZoneInfo, fmt: str = "%Y-%m-%d %H:%M") -> str:
    """A moment as the organization's clock shows it (the export writes it as text, so no
    spreadsheet moves it to another time zone)."""
    return moment.astimezone(tz).strftime(fmt) if moment is not None else ""


def channel_label(value: str) -> str:
    return str(Channel(value).label) if value in Channel.values else value


def channel_order() -> Case:
    """The channels in their declared order (cash, card, bank, online), not alphabetically."""
    return Case(*(When(channel=value, then=Value(index))
                  for index, value in enumerate(Channel.values)),
                default=Value(len(Channel.values)), output_field=IntegerField())


def people(ids) -> dict[int, str]:
    """The names of the users ``ids`` (one query for a batch of rows)."""
    ids = {pk for pk in ids if pk is not None}
    return {user.pk: str(user) for user in User.objects.filter(pk__in=ids)} if ids else {}


def no_person(channel: str) -> str:
    """Who posted a payment that no person posted."""
    return str(_("bank")) if channel == Channel.BANK else str(_("system"))


# --- payments by day, channel, cashier or source ---------------------------------------------

def dated_payments(access: Access, first: dt.date, last: dt.date, dated: str) -> QuerySet:
    """The payments the access may see whose day (``dated``) is in ``first``..``last``,
    annotated with that ``day``."""
    payments = Payment.objects.restrict(access)
    if dated == "received":
        tz = zone(access)
        start, end = day_bounds(first, last, tz)
        return payments.filter(received_at__gte=start, received_at__lt=end).annotate(
            day=TruncDate("received_at", tzinfo=tz))
    return payments.filter(value_date__gte=first, value_date__lte=last).annotate(
        day=F("value_date"))


def _grouping(group: str) -> tuple[list[str], list, dict]:
    """The values() keys of ``group``, the rows' order, and annotations the keys need."""
    if group == "day":
        return ["day"], ["day"], {}
    if group == "channel":
        return ["channel"], [channel_order()], {}
    if group == "source":
        return ["source"], ["source"], {}
    # by cashier: a person's payments together; without a person, "bank" or "system"
    unattended = Case(When(posted_by__isnull=False, then=Value("")),
                      When(channel=Channel.BANK, then=Value("bank")), default=Value("system"))
    keys = ["posted_by_id", "posted_by__last_name", "posted_by__first_name",
            "posted_by__username", "unattended"]
    order = [F("posted_by__last_name").asc(nulls_last=True), "posted_by__first_name",
             "posted_by__username", "posted_by_id", "unattended"]
    return keys, order, {"unattended": unattended}


def _group_label(group: str, row: dict, names: dict[int, str]):
    if group == "day":
        return row["day"]
    if group == "channel":
        return channel_label(row["channel"])
    if group == "source":
        return row["source"]
    if row["posted_by_id"] is None:
        return str(_("bank")) if row["unattended"] == "bank" else str(_("system"))
    return names[row["posted_by_id"]]


def _reversed_part(payments: QuerySet, tz: ZoneInfo, dated: str) -> Report:
    def finish(rows: list[dict]) -> list[Row]:
        names = people(row["posted_by_id"] for row in rows)
        return [Row(
            day=row["day"], account=row["account__number"],
            channel=channel_label(row["channel"]),
            cashier=names[row["posted_by_id"]] if row["posted_by_id"] else
            no_person(row["channel"]),
            amount=row["amount"].quantize(Decimal("0.01")),
            reversed_on=local(row["reversed_at"], tz), reason=row["reversal_reason"],
            url=reverse("payments:payment_detail", args=[row["pk"]])) for row in rows]

    reversed_ = payments.filter(status=PaymentStatus.REVERSED)
    rows = reversed_.values("pk", "day", "account__number", "channel", "posted_by_id",
                            "amount", "reversed_at", "reversal_reason").order_by("day", "pk")
    total = cents(reversed_.aggregate(amount=money_sum()))["amount"]
    totals = Row({name: "" for name in REVERSED_COLUMNS}, day=_("Total"), amount=total,
                 url=None)
    columns = [Column(name, label=DATED[dated] if name == "day" else label, sortable=False)
               for name, label in REVERSED_COLUMNS.items()]
    return Report(columns=columns, rows=rows, totals=totals, finish=finish,
                  title=_("Reversed payments (not in the figures above)"))


def _daily(posted: QuerySet, first: dt.date, last: dt.date) -> list[Row] | None:
    """Every day of the range with its count and sum (zero when nothing was paid), for the
    chart; None when the range is too long to draw by day."""
    if (last - first).days + 1 > CHART_DAYS:
        return None
    found = {row["day"]: row for row in posted.values("day").annotate(
        payments=Count("pk"), amount=money_sum()).order_by("day")}
    days = []
    day = first
    while day <= last:
        row = found.get(day, {"payments": 0, "amount": Decimal("0.00")})
        days.append(Row(day=day, payments=row["payments"],
                        amount=row["amount"].quantize(Decimal("0.01"))))
        day += dt.timedelta(days=1)
    return days


def payments_report(*, access: Access, first: dt.date, last: dt.date,
                    dated: str = "value_date", group: str = "day",
                    channel: str = "") -> Report:
    """The posted payments of ``first``..``last`` counted and summed by ``group``; the reversed
    ones as a part; ``extra["days"]``: each day's figures when grouped by day."""
    payments = dated_payments(access, first, last, dated)
    if channel:
        payments = payments.filter(channel=channel)
    posted = payments.filter(status=PaymentStatus.POSTED)
    keys, order, annotations = _grouping(group)
    figures = {"payments": Count("pk"), "amount": money_sum()}
    rows = posted.annotate(**annotations).values(*keys).annotate(**figures).order_by(*order)

    def finish(batch: list[dict]) -> list[Row]:
        names = people(row.get("posted_by_id") for row in batch)
        return [Row(cents(row), label=_group_label(group, row, names), url=None)
                for row in batch]

    totals = Row(cents(posted.aggregate(**figures)), label=_("Total"), url=None)
    columns = [Column("label", label=GROUPS[group], sortable=False),
               Column("payments", label=_("payments"), sortable=False),
               Column("amount", label=_("amount"), sortable=False)]
    extra = {"days": _daily(posted, first, last) if group == "day" else None,
             "currency": access.organization.currency}
    return Report(columns=columns, rows=rows, totals=totals, finish=finish, extra=extra,
                  parts=[_reversed_part(payments, zone(access), dated)])


# --- the cash desk closing report -------------------------------------------------------------

def desk_payments(access: Access) -> QuerySet:
    """The cash desk's payments the access may see. The one place of the rule: a cashier sees
    only the payments they took (their own shifts); every other role that may view payments
    (accountant, manager, administrator, auditor) sees every cashier's."""
    payments = Payment.objects.restrict(access).filter(source=CASH_DESK,
                                                       channel__in=DESK_CHANNELS)
    if access.role == Role.CASHIER:
        return payments.filter(posted_by=access.user) if access.user is not None \
            else payments.none()
    return payments


def shift_url(day: dt.date, cashier_id: int | None) -> str:
    return reverse("reports:cash_desk_shift") + "?" + urlencode(
        {"day": day.isoformat(), "cashier": cashier_id or 0})


def _shift_figures() -> dict:
    same_day = Q(reversed_day=F("day"))
    return {"payments": Count("pk"), "cash": money_sum(Q(channel=Channel.CASH)),
            "card": money_sum(Q(channel=Channel.CARD)),
            "reversals": Count("pk", filter=same_day), "reversed": money_sum(same_day)}


def _net(row: dict) -> dict:
    return {**row, "net": row["cash"] + row["card"] - row["reversed"]}


def _shift_payments_part(payments: QuerySet, tz: ZoneInfo) -> Report:
    def finish(rows: list[dict]) -> list[Row]:
        names = people(row["posted_by_id"] for row in rows)
        return [Row(
            day=row["day"], cashier=names.get(row["posted_by_id"]) or str(_("system")),
            time=local(row["received_at"], tz, "%H:%M"), account=row["account__number"],
            payer=row["payer_name"], channel=channel_label(row["channel"]),
            amount=row["amount"].quantize(Decimal("0.01")),
            reversed_on=local(row["reversed_at"], tz), status=row["status"],
            url=reverse("payments:payment_detail", args=[row["pk"]])) for row in rows]

    rows = payments.values("pk", "day", "posted_by_id", "received_at", "account__number",
                           "payer_name", "channel", "amount", "reversed_at", "status"
                           ).order_by("day", "posted_by_id", "received_at", "pk")
    total = cents(payments.aggregate(amount=money_sum()))["amount"]
    totals = Row({name: "" for name in SHIFT_PAYMENT_COLUMNS}, day=_("Total"), amount=total,
                 url=None)
    return Report(columns=[Column(name, label=label, sortable=False)
                           for name, label in SHIFT_PAYMENT_COLUMNS.items()],
                  rows=rows, totals=totals, finish=finish, title=_("Payments taken"))


def cash_desk_closing(*, access: Access, first: dt.date, last: dt.date,
                      cashier_id: int | None = None) -> Report:
    """The cash desk's shifts of ``first``..``last`` (local days), one row per cashier and
    day; ``cashier_id`` one cashier's (0: the payments no person took); a part lists the
    shifts' payments."""
    tz = zone(access)
    start, end = day_bounds(first, last, tz)
    payments = desk_payments(access).filter(received_at__gte=start, received_at__lt=end)
    if cashier_id == 0:
        payments = payments.filter(posted_by__isnull=True)
    elif cashier_id is not None:
        payments = payments.filter(posted_by_id=cashier_id)
    payments = payments.annotate(day=TruncDate("received_at", tzinfo=tz),
                                 reversed_day=TruncDate("reversed_at", tzinfo=tz))
    figures = _shift_figures()
    rows = payments.values("day", "posted_by_id").annotate(
        opened=Min("received_at"), closed=Max("received_at"), **figures).order_by(
        "day", F("posted_by__last_name").asc(nulls_last=True), "posted_by__first_name",
        "posted_by_id")

    def finish(batch: list[dict]) -> list[Row]:
        names = people(row["posted_by_id"] for row in batch)
        return [Row(_net(cents(row)), label=row["day"],
                    cashier=names.get(row["posted_by_id"]) or str(_("system")),
                    opened=local(row["opened"], tz, "%H:%M"),
                    closed=local(row["closed"], tz, "%H:%M"),
                    url=shift_url(row["day"], row["posted_by_id"])) for row in batch]

    totals = Row(_net(cents(payments.aggregate(**figures))), label=_("Total"), cashier="",
                 opened="", closed="", url=None)
    return Report(columns=[Column(name, label=label, sortable=False)
                           for name, label in SHIFT_COLUMNS.items()],
                  rows=rows, totals=totals, finish=finish,
                  extra={"currency": access.organization.currency},
                  parts=[_shift_payments_part(payments, tz)])


def cash_desk_shift(*, access: Access, day: dt.date, cashier_id: int) -> dict | None:
    """One shift's closing sheet: its figures (the closing report's row) and its payments;
    None when the access sees no such shift."""
    report = cash_desk_closing(access=access, first=day, last=day, cashier_id=cashier_id)
    rows = report.finish(list(report.rows))
    if not rows:
        return None
    part = report.parts[0]
    return {"shift": rows[0], "payments": part.finish(list(part.rows)),
            "columns": part.columns}
