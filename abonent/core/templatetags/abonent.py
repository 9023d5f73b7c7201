import datetime as dt
from decimal import Decimal

from django import template
from django.db import models
from django.template.defaultfilters import date as date_filter
from django.template.defaultfilters import stringfilter
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from abonent.core.money import format_money, format_number

register = template.Library()


@register.filter(is_safe=True)
@stringfilter
def capfirst(value: str) -> str:
    """Django's ``capfirst``, written right for Georgian; templates loading this library get it.

    Django upper-cases the first letter, which turns Georgian Mkhedruli into Mtavruli: letters
    written only in ALL-CAPS text, never at the start of a sentence, and missing from most
    fonts (they show as empty boxes). Title case is what a capital at a sentence start means,
    and it leaves Mkhedruli alone. A Mtavruli first letter that Django's own capfirst put into
    a label in Python (form and filter labels) is turned back.
    """
    if not value or value[1:].isupper():  # ALL-CAPS text stays as written
        return value
    return value[0].lower().title() + value[1:]


@register.filter
def can(access, spec: str) -> bool:
    """``access|can:"account"`` or ``access|can:"account,change"``."""
    if not access:
        return False
    area, _sep, action = spec.partition(",")
    return access.can(area, action or "view")


@register.simple_tag(takes_context=True)
def nav_active(context, prefix: str) -> str:
    match = getattr(context["request"], "resolver_match", None)
    name = match.view_name if match else ""
    if name == prefix or name.startswith(prefix if prefix.endswith(":") else prefix + "_"):
        return mark_safe('aria-current="page"')  # a constant
    return ""


@register.simple_tag
def show(value) -> str:
    """A value as people read it: dates by locale, booleans as yes/no, objects as links."""
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, dt.datetime):
        return date_filter(value, "SHORT_DATETIME_FORMAT")
    if isinstance(value, dt.date):
        return date_filter(value, "SHORT_DATE_FORMAT")
    if isinstance(value, Decimal):
        return format_number(value, get_language() or "en")
    if isinstance(value, list):
        return ", ".join(str(v) for v in value) or "—"
    if isinstance(value, models.Model) and hasattr(value, "get_absolute_url"):
        try:
            return format_html('<a href="{}">{}</a>', value.get_absolute_url(), value)
        except Exception:
            return str(value)
    return str(value)


@register.filter
def money(value, currency: str) -> str:
    if value is None or value == "":
        return "—"
    return format_money(value, currency, get_language() or "en")
