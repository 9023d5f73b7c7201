"""Money: exact decimals, rounded by one documented rule per currency.

Rule: amounts are rounded half-up (commercial rounding, as banks and printed receipts do) to
the currency's minor unit wherever money leaves a calculation: a charge line, a ledger entry, a
receipt total. Intermediate results keep full precision. Only ``Decimal`` is accepted; a float
is refused, because it cannot represent most amounts exactly.

Formatting follows the reader's locale through CLDR (Babel): ``1 234,50 ₾`` in Georgian,
``R$ 1.234,50`` in Brazilian Portuguese, ``1 234,50 ₽`` in Russian.
"""

import re
from decimal import ROUND_HALF_UP, Decimal

from babel.numbers import format_currency, format_decimal

# Minor units per ISO 4217. UZS and AMD are officially 2, but nobody pays tiyin or luma:
# kept at 2 here so that amounts stay exact when a bank does send them.
MINOR_UNITS: dict[str, int] = {
    "GEL": 2,
    "BRL": 2,
    "EUR": 2,
    "RUB": 2,
    "USD": 2,
    "KZT": 2,
    "UZS": 2,
    "AMD": 2,
}

_BABEL_LOCALES = {"en": "en", "ka": "ka_GE", "pt-br": "pt_BR", "ru": "ru_RU"}

# CLDR's currency spacing, which Babel does not apply: a currency written in letters (GEL, RUB)
# is kept apart from the digits by a no-break space ("GEL 1,234.50", not "GEL1,234.50").
_LETTER_THEN_DIGIT = re.compile(r"(?<=[^\W\d_])(?=\d)|(?<=\d)(?=[^\W\d_])")


def to_decimal(value: Decimal | int | str) -> Decimal:
    """An exact Decimal from a Decimal, an int or a numeric string; floats are refused."""
    if isinstance(value, float):
        raise TypeError("money must not be a float; pass a Decimal or a string")
    if isinstance(value, Decimal):
        return value
    return Decimal(value)


def quantum(currency: str) -> Decimal:
    return Decimal(1).scaleb(-MINOR_UNITS.get(currency, 2))


def round_money(value: Decimal | int | str, currency: str) -> Decimal:
    """Round to the currency's minor unit, half-up (0.005 GEL -> 0.01 GEL)."""
    return to_decimal(value).quantize(quantum(currency), rounding=ROUND_HALF_UP)


def babel_locale(language: str) -> str:
    return _BABEL_LOCALES.get((language or "en").lower(), "en")


def format_money(value: Decimal | int | str, currency: str, language: str = "en") -> str:
    """The amount rounded to the currency and written as a reader of ``language`` expects."""
    amount = round_money(value, currency)
    text = format_currency(amount, currency, locale=babel_locale(language),
                           decimal_quantization=True)
    return _LETTER_THEN_DIGIT.sub("\u00a0", text)


def format_number(value: Decimal | int | str, language: str = "en",
                  places: int | None = None) -> str:
    """A number by locale; with ``places``, rounded half-up and shown with exactly that many."""
    number = to_decimal(value)
    if places is None:
        return format_decimal(number, locale=babel_locale(language), decimal_quantization=False)
    number = number.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    pattern = "#,##0" + ("." + "0" * places if places > 0 else "")
    return format_decimal(number, format=pattern, locale=babel_locale(language))
