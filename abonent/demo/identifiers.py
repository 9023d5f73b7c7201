"""Plausible identifiers for demo data: phone numbers, personal and tax numbers, IBANs.

Brazilian CPF/CNPJ and the IBANs carry correct check digits, so validators written later
accept them. None of these belong to anyone: they are drawn from a seeded generator.
"""

from __future__ import annotations

import random

GE_MOBILE_PREFIXES = ("555", "557", "558", "568", "571", "574", "577", "579", "591", "592",
                      "593", "595", "596", "597", "598", "599")


def _digits(rng: random.Random, n: int) -> str:
    return "".join(str(rng.randrange(10)) for _ in range(n))


def georgian_mobile(rng: random.Random) -> str:
    d = _digits(rng, 6)
    return f"+995 {rng.choice(GE_MOBILE_PREFIXES)} {d[:2]} {d[2:4]} {d[4:]}"


def georgian_landline(rng: random.Random, city_code: str = "32") -> str:
    d = _digits(rng, 6 if city_code == "32" else 5)
    return f"+995 {city_code} 2{d[:2]} {d[2:4]} {d[4:]}"


def russian_mobile(rng: random.Random) -> str:
    d = _digits(rng, 9)
    return f"+7 9{d[:2]} {d[2:5]}-{d[5:7]}-{d[7:]}"


def brazilian_mobile(rng: random.Random) -> str:
    d = _digits(rng, 8)
    return f"+55 (11) 9{d[:4]}-{d[4:]}"


def brazilian_landline(rng: random.Random) -> str:
    d = _digits(rng, 8)
    return f"+55 (11) {rng.choice('2345')}{d[1:4]}-{d[4:]}"


def georgian_personal_number(rng: random.Random) -> str:
    return rng.choice(("01", "59", "60", "61", "62")) + _digits(rng, 9)


def georgian_company_number(rng: random.Random) -> str:
    return rng.choice(("2", "4")) + _digits(rng, 8)


def _mod11(digits: str, weights: list[int]) -> str:
    remainder = sum(int(d) * w for d, w in zip(digits, weights, strict=True)) % 11
    return "0" if remainder < 2 else str(11 - remainder)


def cpf_check_digits(body: str) -> str:
    first = _mod11(body, list(range(10, 1, -1)))
    return first + _mod11(body + first, list(range(11, 1, -1)))


def cpf(rng: random.Random) -> str:
    body = _digits(rng, 9)
    n = body + cpf_check_digits(body)
    return f"{n[:3]}.{n[3:6]}.{n[6:9]}-{n[9:]}"


def cnpj_check_digits(body: str) -> str:
    first = _mod11(body, [5, 4, 3, 2, 9, 8, 7, 6, 5, 4, 3, 2])
    return first + _mod11(body + first, [6, 5, 4, 3, 2, 9, 8, 7, 6, 5, 4, 3, 2])


def cnpj(rng: random.Random) -> str:
    body = _digits(rng, 8) + "0001"
    n = body + cnpj_check_digits(body)
    return f"{n[:2]}.{n[2:5]}.{n[5:8]}/{n[8:12]}-{n[12:]}"


def iban(country: str, bban: str) -> str:
    """An IBAN with correct check digits (ISO 13616, mod 97)."""
    rearranged = bban + country + "00"
    numeric = "".join(str(int(ch, 36)) for ch in rearranged)
    return f"{country}{98 - int(numeric) % 97:02d}{bban}"


def iban_is_valid(value: str) -> bool:
    rearranged = value[4:] + value[:4]
    return int("".join(str(int(ch, 36)) for ch in rearranged)) % 97 == 1
