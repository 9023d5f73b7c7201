"""The readings import: one sheet (or a CSV file) of meter readings, each recorded through
``metering.services.reading_record``, so that an imported reading passes exactly the checks a
typed one does (date, dial, previous reading, spike). All or nothing, like every import.

A row finds its meter by ``serial`` and ``service_code``, or by ``account`` and
``service_code`` when the account has one meter of that service working on the row's date.
Rows are recorded in date order, whatever their order in the file, so that a file with several
months of one meter reads them one after the other. A row whose meter already has a reading
on that date with the same value is *unchanged* (a re-import changes nothing); with another
value it is an error.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from abonent.accounts.models import Account
from abonent.billing.settings import billing_settings
from abonent.imports.cells import ColumnType
from abonent.imports.choices import KeyKind, Outcome
from abonent.imports.engine import Loader, Pending, RowCheck
from abonent.imports.models import ImportedKey
from abonent.imports.reader import Row
from abonent.imports.spec import SheetSpec, col, ref
from abonent.metering.choices import ReadingSource, ReadingStatus
from abonent.metering.models import Meter, Reading
from abonent.metering.services import reading_record
from abonent.tariffs.models import Service

READINGS = SheetSpec(
    "Readings", gettext_lazy("Meter readings"),
    gettext_lazy("A reading is found by its meter and date."),
    (
        ref("serial", gettext_lazy("Serial number of the meter. With service_code it finds the "
                                   "meter."), False),
        ref("account", gettext_lazy("Instead of the serial: the account number (or its "
                                    "account_ref), when the account has one meter of the "
                                    "service."), False),
        ref("service_code", gettext_lazy("Code of the service the meter measures, e.g. "
                                         "WATER.")),
        col("date", ColumnType.DATE, gettext_lazy("Date of the reading; not in the future, "
                                                  "nor before the last accepted reading."),
            True),
        col("value", ColumnType.DECIMAL, gettext_lazy("The value on the dial (at most 3 "
                                                      "decimals)."), True),
        col("source", ColumnType.CHOICE, gettext_lazy("Where the value comes from (import if "
                                                      "empty)."), choices=ReadingSource),
    ),
    ({"serial": "SN-0001", "service_code": "WATER", "date": dt.date(2026, 10, 25),
      "value": Decimal("125.4")},
     {"account": "20000011", "service_code": "WATER", "date": dt.date(2026, 10, 25),
      "value": Decimal("88.5"), "source": "portal"}),
)


def _working_on(meter: Meter, day: dt.date | None) -> bool:
    if day is None:
        return meter.removed_on is None
    return meter.installed_on <= day and (meter.removed_on is None or meter.removed_on >= day)


class ReadingLoader(Loader):
    spec = READINGS
    model = Reading
    ref_columns = {"meter": "serial"}
    key_columns = ["serial", "date"]

    def run(self) -> None:
        self.settings = billing_settings(self.org)
        dated = [r for r in self.sheet.rows if isinstance(r.values.get("date"), dt.date)]
        undated = [r for r in self.sheet.rows if r not in dated]
        self.sheet.rows = sorted(dated, key=lambda r: r.values["date"]) + undated
        super().run()

    def prefetch(self) -> None:
        codes = {r.get("service_code") for r in self.sheet.rows if r.get("service_code")}
        self.services = {s.code: s for s in Service.objects.of_org(self.org).filter(
            code__in=codes)}
        serials = {r.get("serial") for r in self.sheet.rows if r.get("serial")}
        keys = {r.get("account") for r in self.sheet.rows if r.get("account")}
        self.accounts = {a.number: a for a in Account.objects.of_org(self.org).filter(
            number__in=keys)}
        remembered = dict(ImportedKey.objects.filter(
            organization=self.org, kind=KeyKind.ACCOUNT, key__in=keys - set(self.accounts))
            .values_list("key", "object_id"))
        by_pk = Account.objects.of_org(self.org).in_bulk(set(remembered.values()))
        self.accounts.update({k: by_pk[pk] for k, pk in remembered.items() if pk in by_pk})
        meters = Meter.objects.of_org(self.org).filter(
            Q(serial__in=serials) | Q(account__in=self.accounts.values())).select_related(
            "service", "account")
        self.by_serial = {(m.service_id, m.serial): m for m in meters}
        self.by_account: dict[tuple[int, int], list[Meter]] = {}
        for m in meters:
            if m.account_id:
                self.by_account.setdefault((m.account_id, m.service_id), []).append(m)
        dates = {r.values.get("date") for r in self.sheet.rows} - {None}
        self.existing_readings = {
            (r.meter_id, r.date): r for r in Reading.objects.filter(
                meter__in=meters, date__in=dates).exclude(status=ReadingStatus.REJECTED)}

    def references(self, row: Row, check: RowCheck) -> dict[str, Any]:
        bad = {"serial", "account", "service_code"} & (row.bad | self.sheet.missing)
        if bad:
            check.skip("meter")
            return {}
        code, serial, account_key = (row.get("service_code"), row.get("serial"),
                                     row.get("account"))
        if not code:
            check.error("service_code", _("A value is required."))
        elif code not in self.services:
            check.error("service_code", _("Unknown service code “%(code)s”.") % {"code": code})
        if not serial and not account_key:
            check.error("serial", _("Give the meter's serial number, or the account when it "
                                    "has one meter of the service."))
        if check.failed:
            check.exclude.add("meter")
            return {}
        service = self.services[code]
        meter = self.meter_by_serial(check, service, serial, account_key) if serial else \
            self.meter_by_account(check, row, service, account_key)
        if meter is None:
            check.exclude.add("meter")
            return {}
        return {"meter": meter}

    def meter_by_serial(self, check, service, serial, account_key) -> Meter | None:
        meter = self.by_serial.get((service.pk, serial))
        if meter is None:
            check.error("serial", _("No meter of service %(code)s has the serial number "
                                    "“%(serial)s”.") % {"code": service.code, "serial": serial})
            return None
        account = self.accounts.get(account_key) if account_key else None
        if account_key and (account is None or meter.account_id != account.pk):
            check.error("account", _("Meter “%(serial)s” is not the meter of account "
                                     "“%(account)s”.") % {"serial": serial,
                                                          "account": account_key})
            return None
        return meter

    def meter_by_account(self, check, row, service, account_key) -> Meter | None:
        account = self.accounts.get(account_key)
        if account is None:
            check.error("account", _("Unknown account “%(key)s”.") % {"key": account_key})
            return None
        day = row.values.get("date")
        found = [m for m in self.by_account.get((account.pk, service.pk), [])
                 if _working_on(m, day)]
        if len(found) == 1:
            return found[0]
        if not found:
            check.error("account", _("Account %(account)s has no working meter of service "
                                     "%(code)s.") % {"account": account.number,
                                                     "code": service.code})
        else:
            check.error("account", _("Account %(account)s has %(count)s meters of service "
                                     "%(code)s; give the serial number.") % {
                "account": account.number, "count": len(found), "code": service.code})
        return None

    def key(self, row: Row, refs: dict[str, Any]) -> tuple | None:
        meter, day = refs.get("meter"), row.values.get("date")
        return (meter.pk, day) if meter is not None and day is not None else None

    def existing(self, row, refs, key, check) -> Reading | None:
        return self.existing_readings.get(key)

    def commit(self, pending: Pending) -> Reading | None:
        check, values = pending.check, pending.values
        if check.failed:
            return None
        if pending.instance is not None:
            stored = pending.instance
            if stored.value == values["value"]:
                self.job.count(self.spec.name, Outcome.UNCHANGED)
                return stored
            check.error("value", _("The meter already has the reading %(value)s on this date; "
                                   "correct it in Abonent.") % {"value": stored.value})
            return None
        try:
            reading = reading_record(
                access=None, meter=values["meter"], date=values["date"], value=values["value"],
                source=check.row.get("source") or ReadingSource.IMPORT, author=self.job.user,
                settings=self.settings)
        except ValidationError as exc:
            self.model_errors(check, exc)
            return None
        self.job.count(self.spec.name, Outcome.CREATED)
        if reading.status == ReadingStatus.HELD:
            self.job.note(check, "value", _("Held for review: %(reason)s") % {
                "reason": reading.reason})
        return reading


LOADERS: dict[str, type[Loader]] = {READINGS.name: ReadingLoader}
