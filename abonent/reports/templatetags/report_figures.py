from decimal import Decimal

from django import template
from django.utils.translation import get_language

from abonent.core.money import format_number
from abonent.core.templatetags.abonent import show

register = template.Library()


@register.simple_tag
def figure(value) -> str:
    """A report's figure by locale, with the places it was rounded to (144.10, 19.500); any
    other value as ``show`` writes it."""
    if isinstance(value, Decimal):
        return format_number(value, get_language() or "en",
                             places=max(-int(value.as_tuple().exponent), 0))
    return show(value)
