"""Writes of collections: open a case, move it forward, record debt notices, save a payment
plan with its schedule. Each checks the rights it needs and validates before it writes."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from abonent.collections import plans
from abonent.collections.choices import STAGE_ORDER, Stage
from abonent.collections.models import CollectionCase, Instalment, PaymentPlan, StageEvent
from abonent.core.choices import Action
from abonent.core.money import MINOR_UNITS
from abonent.core.services import object_save
from abonent.core.tenancy import Access


def case_open(*, access: Access, account, opened_on: date, responsible=None,
              notes: str = "") -> CollectionCase:
    case = CollectionCase(organization=access.organization, account=account,
                          opened_on=opened_on, responsible=responsible, notes=notes)
    return object_save(access=access, instance=case)


def _record(access: Access, case: CollectionCase, *, stage: str, on: date, responsible,
            note: str) -> StageEvent:
    """Write the event; the case's stage becomes the furthest one reached."""
    event = StageEvent(organization=access.organization, case=case, stage=stage, date=on,
                       responsible=responsible, note=note)
    event.full_clean()
    event.save()
    if not case.stage or STAGE_ORDER[Stage(stage)] >= STAGE_ORDER[Stage(case.stage)]:
        case.stage = stage
    if responsible is not None:
        case.responsible = responsible
    case.full_clean()
    case.save(update_fields=["stage", "responsible", "updated_at"])
    return event


@transaction.atomic
def case_advance(*, access: Access, case: CollectionCase, stage: str, on: date,
                 responsible=None, note: str = "") -> StageEvent:
    """Move an open case to ``stage`` (the same or a later one) on ``on``, by ``responsible``."""
    access.require("payment", Action.CHANGE)
    case = CollectionCase.objects.restrict(access, Action.CHANGE).select_for_update().get(
        pk=case.pk)
    errors = {}
    if case.closed_on is not None:
        errors["stage"] = _("The case is closed.")
    elif case.stage and STAGE_ORDER[Stage(stage)] < STAGE_ORDER[Stage(case.stage)]:
        errors["stage"] = _("A case moves forward: it is already at “%(stage)s”.") % {
            "stage": Stage(case.stage).label}
    last = case.events.order_by("-date").values_list("date", flat=True).first()
    if on < case.opened_on:
        errors["date"] = _("The case opened on %(day)s.") % {"day": case.opened_on}
    elif last is not None and on < last:
        errors["date"] = _("The last step was taken on %(day)s.") % {"day": last}
    if errors:
        raise ValidationError(errors)
    return _record(access, case, stage=stage, on=on, responsible=responsible, note=note)


@transaction.atomic
def notices_record(*, access: Access, accounts: list, on: date, note: str = "") -> list:
    """Record that a debt notice was handed to each account: a ``notice`` event on its open
    case (a case is opened for an account that has none)."""
    access.require("payment", Action.ADD)
    access.require("payment", Action.CHANGE)
    open_cases = {case.account_id: case for case in CollectionCase.objects.restrict(
        access, Action.CHANGE).select_for_update().filter(
        closed_on__isnull=True, account__in=accounts).order_by("pk")}
    events = []
    for account in accounts:
        case = open_cases.get(account.pk) or case_open(access=access, account=account,
                                                       opened_on=on)
        events.append(_record(access, case, stage=Stage.NOTICE, on=max(on, case.opened_on),
                              responsible=access.user, note=note))
    return events


SCHEDULE_FIELDS = ("total", "start", "instalments_count")


@transaction.atomic
def plan_save(*, access: Access, plan: PaymentPlan) -> PaymentPlan:
    """Save a plan; a new plan, or one whose total, start or count changed, gets its schedule
    of instalments anew (``plans.schedule``: the last instalment takes the remainder)."""
    changed = plan._state.adding
    if not changed:
        before = PaymentPlan.objects.filter(pk=plan.pk).values(*SCHEDULE_FIELDS).get()
        changed = any(before[name] != getattr(plan, name) for name in SCHEDULE_FIELDS)
    plan = object_save(access=access, instance=plan)
    if changed:
        plan.instalments.all().delete()
        places = MINOR_UNITS.get(access.organization.currency, 2)
        Instalment.objects.bulk_create(
            Instalment(organization_id=plan.organization_id, plan=plan, number=item.number,
                       due_date=item.due_date, amount=item.amount)
            for item in plans.schedule(plan.total, plan.instalments_count, plan.start, places))
    return plan
