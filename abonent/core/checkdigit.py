"""Check digits for account numbers: the Damm algorithm.

Damm catches every single-digit error and every swap of two adjacent digits (Luhn misses
09 <-> 90), needs no letters, and is a table lookup per digit. The last digit of an account
number is the check digit of the digits before it.
"""

_TABLE = (
    (0, 3, 1, 7, 5, 9, 8, 6, 4, 2),
    (7, 0, 9, 2, 1, 5, 4, 8, 6, 3),
    (4, 2, 0, 6, 8, 7, 1, 3, 5, 9),
    (1, 7, 5, 0, 9, 8, 3, 4, 2, 6),
    (6, 1, 2, 3, 0, 4, 5, 9, 7, 8),
    (3, 6, 7, 4, 2, 0, 9, 5, 8, 1),
    (5, 8, 6, 9, 7, 2, 0, 1, 3, 4),
    (8, 9, 4, 5, 3, 6, 2, 0, 1, 7),
    (9, 4, 3, 8, 6, 1, 7, 2, 0, 5),
    (2, 5, 8, 1, 4, 3, 6, 7, 9, 0),
)


def _is_ascii_digits(text: str) -> bool:
    # str.isdigit() also accepts fullwidth and superscript digits, which int() reads or refuses.
    return text.isascii() and text.isdigit()


def damm_digit(digits: str) -> str:
    if not _is_ascii_digits(digits):
        raise ValueError("account number body must be digits")
    interim = 0
    for ch in digits:
        interim = _TABLE[interim][int(ch)]
    return str(interim)


def with_check_digit(body: str) -> str:
    if not _is_ascii_digits(body):
        raise ValueError("account number body must be digits")
    return body + damm_digit(body)


def is_valid(number: str) -> bool:
    return len(number) >= 2 and _is_ascii_digits(number) and damm_digit(number) == "0"
