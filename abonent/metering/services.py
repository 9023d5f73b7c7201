"""Writing meters and readings. Every reading, from the form, the grid, the API or an import,
goes through ``reading_record``; the rules themselves are in rules.py and docs/metering.md.

A reading is checked against the meter's *accepted* readings only. It is refused (nothing is
stored) when its date is in the future (in the organization's time zone), before the meter's
installation or after its removal, already taken by another reading of the meter, or before
the meter's latest accepted reading; or when its value does not fit the dial, or is below the
previous accepted reading without being a rollover. A spike is held for review (stored with
status *held*) or refused, as the organization's billing settings say.

Writers of one meter's readings lock the meter row first (``select_for_update``), so two
operators typing the same meter's reading at once cannot both pass the duplicate check.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from abonent.billing.choices import SpikeAction
from abonent.billing.models import BillingSettings
from abonent.billing.settings import billing_settings
from abonent.core.choices import Action
from abonent.core.services import object_close, object_save
from abonent.core.tenancy import Access
from abonent.metering import rules, selectors
from abonent.metering.choices import ReadingSource, ReadingStatus
from abonent.metering.models import Meter, Reading


def number(value: Decimal, places: int = 3) -> str:
    """A quantity in a message: fixed decimals, no exponent."""
    return format(value.quantize(Decimal(1).scaleb(-places)), "f")


@dataclass(frozen=True)
class Evaluation:
    status: str
    reason: str
    rollover: bool
    consumption: Decimal


def _clean_field(name: str, value: Any, errors: dict[str, list]) -> Any:
    try:
        return Reading._meta.get_field(name).clean(value, None)
    except ValidationError as exc:
        errors.setdefault(name, []).extend(exc.messages)
        return None


def _baseline(meter: Meter, day: dt.date, exclude_pk: int | None) -> tuple[dt.date, Decimal]:
    """The previous accepted reading before ``day``, or the value at installation."""
    previous = selectors.latest_accepted(meter, before=day, exclude_pk=exclude_pk)
    if previous is not None:
        return previous.date, previous.value
    return meter.installed_on, meter.initial_value


def below_previous(value: Decimal, previous_value: Decimal, previous_date: dt.date) -> str:
    return _("%(value)s is below the previous reading, %(previous)s of %(date)s, and is not a "
             "rollover of the dial.") % {"value": number(value), "previous": number(
                 previous_value), "date": previous_date.isoformat()}


def spike_text(found: rules.Spike, unit: str) -> str:
    return _("Consumption of %(consumption)s %(unit)s in %(days)s days is %(per_day)s a day, "
             "more than %(multiple)s × the average of %(average)s a day (%(count)s readings "
             "since %(since)s).") % {
        "consumption": number(found.consumption), "unit": unit, "days": found.days,
        "per_day": number(found.per_day), "multiple": number(found.multiple, 2),
        "average": number(found.average), "count": found.readings,
        "since": found.since.isoformat()}


def evaluate(meter: Meter, *, date: Any, value: Any, settings: BillingSettings,
             exclude_pk: int | None = None) -> tuple[dt.date, Decimal, Evaluation]:
    """Check a reading of ``meter`` (``exclude_pk``: the reading being corrected) and work out
    its status, rollover and consumption. Raises ValidationError by field."""
    errors: dict[str, list] = {}
    date = _clean_field("date", date, errors)
    value = _clean_field("value", value, errors)
    if value is not None and value >= meter.capacity:
        errors.setdefault("value", []).append(_(
            "The dial has %(digits)s whole digits: it cannot show %(value)s.") % {
            "digits": meter.digits, "value": number(value)})
    if date is not None:
        today = selectors.local_today(meter.organization)
        if date > today:
            errors.setdefault("date", []).append(_(
                "The date is in the future (today is %(today)s).") % {"today": today.isoformat()})
        elif date < meter.installed_on:
            errors.setdefault("date", []).append(_(
                "The meter was installed on %(day)s, after this date.") % {
                "day": meter.installed_on.isoformat()})
        elif meter.removed_on and date > meter.removed_on:
            errors.setdefault("date", []).append(_(
                "The meter was removed on %(day)s, before this date.") % {
                "day": meter.removed_on.isoformat()})
        elif selectors.live_readings(meter, exclude_pk).filter(date=date).exists():
            errors.setdefault("date", []).append(_(
                "The meter already has a reading on %(day)s.") % {"day": date.isoformat()})
        else:
            latest = selectors.latest_accepted(meter, exclude_pk=exclude_pk)
            if latest is not None and latest.date > date:
                errors.setdefault("date", []).append(_(
                    "The meter has a later accepted reading (%(value)s of %(day)s); readings "
                    "are entered in date order.") % {"value": number(latest.value),
                                                     "day": latest.date.isoformat()})
    if errors:
        raise ValidationError(errors)

    previous_date, previous_value = _baseline(meter, date, exclude_pk)
    used = rules.usage(previous=previous_value, value=value, digits=meter.digits,
                       multiplier=meter.multiplier)
    if used is None:
        raise ValidationError({"value": below_previous(value, previous_value, previous_date)})
    history = selectors.accepted_history(
        meter, since=rules.add_months(date, -settings.estimate_max_months), before=date,
        exclude_pk=exclude_pk)
    found = rules.spike(consumption=used.consumption, days=(date - previous_date).days,
                        history=history, digits=meter.digits, multiplier=meter.multiplier,
                        multiple=settings.spike_multiple)
    status, reason = ReadingStatus.ACCEPTED, ""
    if found is not None:
        text = spike_text(found, meter.service.unit)
        if settings.spike_action == SpikeAction.REJECT:
            raise ValidationError({"value": _("Refused as a spike: %(reason)s") % {
                "reason": text}})
        status, reason = ReadingStatus.HELD, text
    return date, value, Evaluation(status, reason, used.rollover, used.consumption)


def _locked_meter(meter: Meter) -> Meter:
    return Meter.objects.select_for_update().select_related(
        "organization", "service").get(pk=meter.pk)


def _check_reach(access: Access | None, meter: Meter, action: str) -> None:
    if access is None:  # system callers (the import) act for the meter's organization
        return
    access.require("metering", action)
    if not Meter.objects.restrict(access, Action.VIEW).filter(pk=meter.pk).exists():
        raise PermissionDenied("meter out of reach")


@transaction.atomic
def reading_record(*, access: Access | None, meter: Meter, date: Any, value: Any,
                   source: str = ReadingSource.STAFF, author: Any = None,
                   settings: BillingSettings | None = None) -> Reading:
    """Validate and store a reading (accepted, or held as a spike); refuse it with a
    ValidationError by field (``date``, ``value``) otherwise. ``access`` None: a system caller
    (the import), acting in the meter's organization; ``settings``: pass them when recording
    many readings of one organization."""
    _check_reach(access, meter, Action.ADD)
    meter = _locked_meter(meter)
    settings = settings or billing_settings(meter.organization)
    date, value, result = evaluate(meter, date=date, value=value, settings=settings)
    if author is None and access is not None:
        author = access.user
    reading = Reading(organization=meter.organization, meter=meter, date=date, value=value,
                      source=source or ReadingSource.STAFF, author=author, status=result.status,
                      reason=result.reason, rollover=result.rollover,
                      consumption=result.consumption)
    reading.full_clean()
    reading.save()
    return reading


def _reading_for_change(access: Access, reading: Reading) -> Reading:
    access.require("metering", Action.CHANGE)
    _check_reach(access, reading.meter, Action.CHANGE)
    _locked_meter(reading.meter)
    return Reading.objects.select_related("meter__service", "meter__organization").get(
        pk=reading.pk)


@transaction.atomic
def reading_correct(*, access: Access, reading: Reading, date: Any, value: Any) -> Reading:
    """Change the date or value of the meter's latest reading; it is checked again like a new
    one (and may become held, or be refused)."""
    reading = _reading_for_change(access, reading)
    meter = reading.meter
    if reading.status == ReadingStatus.REJECTED:
        raise ValidationError(_("A rejected reading cannot be corrected; enter a new one."))
    later = selectors.next_accepted(meter, after=reading.date, exclude_pk=reading.pk)
    if later is not None:
        raise ValidationError(_("Only the meter's latest reading can be corrected: a later "
                                "reading (%(day)s) has been accepted.") % {
            "day": later.date.isoformat()})
    date, value, result = evaluate(meter, date=date, value=value,
                                   settings=billing_settings(meter.organization),
                                   exclude_pk=reading.pk)
    reading.date, reading.value = date, value
    reading.status, reading.reason = result.status, result.reason
    reading.rollover, reading.consumption = result.rollover, result.consumption
    reading.full_clean()
    reading.save()
    return reading


def _recount(reading: Reading, previous_date: dt.date, previous_value: Decimal) -> None:
    meter = reading.meter
    used = rules.usage(previous=previous_value, value=reading.value, digits=meter.digits,
                       multiplier=meter.multiplier)
    if used is None:
        raise ValidationError(below_previous(reading.value, previous_value, previous_date))
    reading.rollover, reading.consumption = used.rollover, used.consumption


@transaction.atomic
def reading_accept(*, access: Access, reading: Reading) -> Reading:
    """Accept a held reading. Its consumption is counted again from the accepted reading
    before it, and so is the consumption of the next accepted reading, which now follows it."""
    reading = _reading_for_change(access, reading)
    if reading.status != ReadingStatus.HELD:
        raise ValidationError(_("Only a reading held for review can be accepted."))
    meter = reading.meter
    _recount(reading, *_baseline(meter, reading.date, reading.pk))
    reading.status = ReadingStatus.ACCEPTED
    reading.save()
    following = selectors.next_accepted(meter, after=reading.date)
    if following is not None:
        try:
            _recount(following, reading.date, reading.value)
        except ValidationError:
            raise ValidationError(_(
                "Accepting it would put the later accepted reading (%(value)s of %(day)s) "
                "below it; reject one of them.") % {"value": number(following.value),
                                                   "day": following.date.isoformat()}) from None
        following.save(update_fields=["rollover", "consumption", "updated_at"])
    return reading


@transaction.atomic
def reading_reject(*, access: Access, reading: Reading, reason: str = "") -> Reading:
    """Reject a held reading, or withdraw the meter's latest accepted reading (a mistake).
    The reading stays, with status *rejected*, and no longer counts."""
    reading = _reading_for_change(access, reading)
    if reading.status == ReadingStatus.REJECTED:
        raise ValidationError(_("The reading is already rejected."))
    if reading.status == ReadingStatus.ACCEPTED and selectors.next_accepted(
            reading.meter, after=reading.date) is not None:
        raise ValidationError(_("Only the meter's latest accepted reading can be withdrawn."))
    reading.status = ReadingStatus.REJECTED
    reason = (reason or "").strip()
    if reason:
        reading.reason = reason[:300]
    elif not reading.reason:
        reading.reason = _("Rejected by %(user)s.") % {"user": access.user}
    reading.save(update_fields=["status", "reason", "updated_at"])
    return reading


# -- meters -----------------------------------------------------------------------------------

#: what a meter with readings keeps: its readings were counted with these
FIXED_ONCE_READ = ("service", "account", "digits", "multiplier", "initial_value")


@transaction.atomic
def meter_save(*, access: Access, instance: Meter) -> Meter:
    """Add or change a meter. An individual meter's building is its account's; a meter with
    readings keeps its service, account, dial, multiplier and value at installation."""
    errors: dict[str, Any] = {}
    if instance.account_id and not instance.building_id:
        instance.building = instance.account.unit.building
    if instance.service_id and not instance.service.is_metered:
        errors["service"] = _("%(service)s is not charged by consumption; only metered and "
                              "tiered services have meters.") % {"service": instance.service}
    if instance.service_id and instance.serial and Meter.objects.filter(
            organization_id=access.organization_id, service_id=instance.service_id,
            serial=instance.serial).exclude(pk=instance.pk).exists():
        errors["serial"] = _("Another meter of this service has this serial number.")
    if instance.pk:
        readings = selectors.live_readings(instance)
        if readings.exists():
            stored = Meter.objects.get(pk=instance.pk)
            for name in FIXED_ONCE_READ:
                field = Meter._meta.get_field(name)
                if getattr(stored, field.attname) != getattr(instance, field.attname):
                    errors[name] = _("The meter has readings, counted with this value; to "
                                     "replace the meter, close it and add a new one.")
            first = readings.order_by("date").values_list("date", flat=True).first()
            if instance.installed_on and instance.installed_on > first:
                errors["installed_on"] = _("The meter has a reading of %(day)s, before this "
                                           "date.") % {"day": first.isoformat()}
    if errors:
        raise ValidationError(errors)
    return object_save(access=access, instance=instance)


@transaction.atomic
def meter_close(*, access: Access, meter: Meter, on: dt.date) -> Meter:
    """Record the meter's removal on ``on``; it may not have readings after that day."""
    last = selectors.live_readings(meter).order_by("-date").first()
    if last is not None and on < last.date:
        raise ValidationError({"removed_on": _(
            "The meter has a reading of %(day)s, after this date.") % {
            "day": last.date.isoformat()}})
    return object_close(access=access, instance=meter, on=on)
