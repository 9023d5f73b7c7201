"""Normalizing text for the quick search, on both sides: what is indexed and what is typed.

Both sides go through ``normalize``: Unicode compatibility forms, accents dropped (João →
joao, Пётр → петр), case folded, everything that is not a letter or digit turned into one
space. The indexed text of an object is its words joined by single spaces with a space at
each end, so that a word start is simply " " + prefix.

A query becomes a list of *patterns*, all of which must occur in the indexed text:

* a word of 3 or more characters matches anywhere (``"ber"`` finds Beridze and Liberato);
* a word of 2 characters matches at a word start (``" be"``);
* a single character matches a whole word (``" 5 "``: the unit 5, not 15 or 51).

Every pattern is therefore at least three characters long, which is what a trigram index
(pg_trgm, SQLite FTS5's trigram tokenizer) can look up.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

_NON_WORD = re.compile(r"[\W_]+")
_PHONE_CHARS = re.compile(r"^[\d\s\-+().]+$")
_DIGITS = re.compile(r"\D+")

#: Words typed around addresses that the indexed text does not contain ("Rustaveli 12 apt 5",
#: "ул. Ленина д. 5 кв. 12"). Dropped from a query unless nothing else is left.
ADDRESS_NOISE = frozenset({
    "apt", "apto", "apartment", "flat", "nr",
    "кв", "квартира", "д", "дом", "ул", "улица",
    "ბინა", "ბ", "ქ", "ქუჩა",
})

#: A digits-only query with at least this many digits is read as one number (a phone number
#: typed with spaces or dashes: "555 12-34" → "5551234"); shorter ones stay separate words
#: ("12 5": house 12, unit 5).
PHONE_MIN_DIGITS = 5


def normalize(value: str) -> str:
    """Lowercase words separated by single spaces, without accents or punctuation."""
    if not value.isascii():
        decomposed = unicodedata.normalize("NFKD", value)
        value = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(_NON_WORD.sub(" ", value.casefold()).split())


def digits(value: str) -> str:
    return _DIGITS.sub("", value)


def phone_terms(phone: str) -> list[str]:
    """A phone as typed and as bare digits, so "+995 555-12" and "99555512" both find it."""
    if not phone:
        return []
    bare = digits(phone)
    return [phone, bare] if bare else [phone]


def index_text(terms: Iterable[str | None]) -> str:
    """The indexed text for some terms: unique words in order, a space at each end."""
    seen: dict[str, None] = {}
    for term in terms:
        if term:
            for word in normalize(str(term)).split():
                seen.setdefault(word, None)
    return " " + " ".join(seen) + " "


@dataclass(frozen=True)
class Query:
    words: tuple[str, ...]

    @property
    def patterns(self) -> tuple[str, ...]:
        return tuple(pattern(w) for w in self.words)

    @property
    def text(self) -> str:
        return " ".join(self.words)


def pattern(word: str) -> str:
    if len(word) >= 3:
        return word
    if len(word) == 2:
        return " " + word
    return " " + word + " "


def parse_query(raw: str, min_chars: int = 2) -> Query | None:
    """The query to run for what the user typed, or None while it is too short."""
    raw = (raw or "").strip()[:200]
    if _PHONE_CHARS.match(raw):
        number = digits(raw)
        if len(number) >= PHONE_MIN_DIGITS:
            return Query((number,))
    words = normalize(raw).split()
    if sum(len(w) for w in words) < min_chars:
        return None
    kept = [w for w in words if w not in ADDRESS_NOISE] or words
    # A lone single character after a longer word is fine ("rustaveli 12 5"), but a query
    # made only of single characters is too vague to run.
    if all(len(w) < 2 for w in kept):
        return None
    return Query(tuple(dict.fromkeys(kept)))
