"""Demo people: households of Georgian, Russian and Portuguese-speaking families, and companies.

A household shares one naming style (Georgian script, one Latin transliteration, Cyrillic with
patronymics, Portuguese with accents), so a family reads like a family. Children are younger
than their parents, babies are registered after they are born, and some members moved out.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass

from abonent.accounts.choices import ResidencyKind
from abonent.demo import identifiers as ids
from abonent.demo import names as n
from abonent.demo.places import Profile
from abonent.people.choices import Channel, PersonKind
from abonent.people.models import Person


def random_date(rng: random.Random, start: dt.date, end: dt.date) -> dt.date:
    if end <= start:
        return start
    return start + dt.timedelta(days=rng.randint(0, (end - start).days))


def years_before(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


def age_on(birth: dt.date, day: dt.date) -> int:
    return day.year - birth.year - ((day.month, day.day) < (birth.month, birth.day))


def weighted(rng: random.Random, weights: dict):
    return rng.choices(list(weights), weights=list(weights.values()))[0]


@dataclass
class Member:
    """A person of a household, registered at the address from ``date_from``."""

    person: Person
    birth: dt.date
    date_from: dt.date
    date_to: dt.date | None = None
    kind: str = ResidencyKind.PERMANENT


@dataclass
class Style:
    origin: str  # georgian, georgian_latin, russian, portuguese
    system: str = "national"  # Georgian transliteration for georgian_latin
    surname: str = ""
    surname_alt: str = ""  # Portuguese: the spouse's family name


LANGUAGES = {
    "georgian": {"ka": 90, "ru": 7, "en": 3},
    "georgian_latin": {"ka": 60, "en": 40},
    "russian": {"ru": 85, "ka": 10, "en": 5},
    "portuguese": {"pt-br": 70, "en": 30},
}


class PeopleMaker:
    def __init__(self, rng: random.Random, profile: Profile, organization, as_of: dt.date):
        self.rng = rng
        self.profile = profile
        self.organization = organization
        self.as_of = as_of

    # -- names ------------------------------------------------------------------------------
    def style(self) -> Style:
        rng = self.rng
        origin = weighted(rng, self.profile.name_mix)
        style = Style(origin, system=weighted(rng, n.TRANSLITERATION_WEIGHTS))
        if origin in ("georgian", "georgian_latin"):
            style.surname = rng.choice(n.GEORGIAN_SURNAMES)
        elif origin == "russian":
            style.surname = rng.choice(n.RUSSIAN_SURNAMES)
        else:
            style.surname = n.portuguese_surname(rng.choice(n.PORTUGUESE_SURNAMES),
                                                 rng.choice(n.PORTUGUESE_SURNAMES))
            style.surname_alt = rng.choice(n.PORTUGUESE_SURNAMES)
        return style

    def _names(self, style: Style, female: bool, father: str | None,
               own_surname: bool) -> tuple[str, str, str]:
        rng = self.rng
        if style.origin in ("georgian", "georgian_latin"):
            first = rng.choice(n.GEORGIAN_FEMALE if female else n.GEORGIAN_MALE)
            last = rng.choice(n.GEORGIAN_SURNAMES) if own_surname else style.surname
            if style.origin == "georgian_latin":
                first = n.transliterate_georgian(first, style.system)
                last = n.transliterate_georgian(last, style.system)
            return first, "", last
        if style.origin == "russian":
            first = rng.choice(n.RUSSIAN_FEMALE) if female else rng.choice(n.RUSSIAN_MALE)[0]
            dad = next((m for m in n.RUSSIAN_MALE if m[0] == father), None)
            dad = dad or rng.choice(n.RUSSIAN_MALE)
            surname = rng.choice(n.RUSSIAN_SURNAMES) if own_surname else style.surname
            return first, dad[2] if female else dad[1], n.russian_surname(surname, female)
        first = rng.choice(n.PORTUGUESE_FEMALE if female else n.PORTUGUESE_MALE)
        if own_surname:  # a spouse: own family name, often with the partner's added
            last = n.portuguese_surname(style.surname_alt, style.surname.split()[-1])
        else:
            last = style.surname
        return first, "", last

    # -- people -----------------------------------------------------------------------------
    def person(self, style: Style, *, female: bool, age: int, father: str | None = None,
               own_surname: bool = False) -> tuple[Person, dt.date]:
        rng = self.rng
        first, middle, last = self._names(style, female, father, own_surname)
        birth = random_date(rng, years_before(self.as_of, age + 1) + dt.timedelta(days=1),
                            years_before(self.as_of, age) - dt.timedelta(days=30))
        adult = age >= 18
        person = Person(organization=self.organization, kind=PersonKind.PERSON,
                        first_name=first, middle_name=middle, last_name=last)
        if rng.random() < 0.95 or not adult:
            person.birth_date = birth
        languages = dict(LANGUAGES[style.origin])
        if self.profile.key == "br":  # Brazilians at home; immigrants often switched
            languages = {"pt-br": 97, "en": 3} if style.origin == "portuguese" \
                else {**languages, "pt-br": 25}
        person.language = weighted(rng, languages)
        if adult:
            self._contacts(person, style, age)
        return person, birth

    def _contacts(self, person: Person, style: Style, age: int) -> None:
        rng, br = self.rng, self.profile.key == "br"
        if rng.random() < 0.93:
            if br:
                person.phone = ids.brazilian_mobile(rng)
            elif style.origin == "russian" and rng.random() < 0.2:
                person.phone = ids.russian_mobile(rng)
            else:
                person.phone = ids.georgian_mobile(rng)
        if rng.random() < 0.12:
            person.phone_alt = ids.brazilian_landline(rng) if br else ids.georgian_landline(rng)
        email_share = self.profile.email_share * (0.4 if age >= 70 else 1)
        if rng.random() < email_share:
            person.email = self._email(person, age)
            if rng.random() < 0.05:
                person.email_alt = self._email(person, age, work=True)
        if rng.random() < 0.85:
            if br or style.origin == "portuguese":
                person.personal_id = ids.cpf(rng)
            else:
                person.personal_id = ids.georgian_personal_number(rng)
        person.channels = self._channels(bool(person.email), age, br)
        person.consent_processing = rng.random() < 0.92
        person.consent_electronic = bool(person.email) and rng.random() < 0.8
        person.consent_marketing = rng.random() < 0.2

    def _email(self, person: Person, age: int, work: bool = False) -> str:
        rng = self.rng
        first = n.ascii_slug(person.first_name.split()[0]) or "user"
        last = n.ascii_slug(person.last_name.split()[-1]) or "mail"
        year = (self.as_of.year - age) % 100
        local = rng.choice((f"{first}.{last}", f"{first}{last}{year:02d}", f"{first[0]}{last}",
                            f"{last}.{first}", f"{first}_{last}{rng.randint(1, 99)}"))
        domain = "work.example" if work else rng.choice(n.EMAIL_DOMAINS)
        return f"{local}@{domain}"

    def _channels(self, has_email: bool, age: int, br: bool) -> list[str]:
        rng = self.rng
        if age >= 70:
            options = [[Channel.VOICE, Channel.PAPER], [Channel.PAPER], [Channel.SMS]]
        elif has_email:
            options = [[Channel.EMAIL, Channel.SMS], [Channel.SMS, Channel.EMAIL],
                       [Channel.EMAIL]]
            if not br:
                options.append([Channel.VIBER, Channel.EMAIL])
        else:
            options = [[Channel.SMS], [Channel.SMS, Channel.PAPER], [Channel.PAPER],
                       [Channel.VOICE]]
            if not br:
                options += [[Channel.VIBER], [Channel.SMS, Channel.VIBER]]
        return [str(c) for c in rng.choice(options)]

    def landlord(self) -> Person:
        """An owner who lives elsewhere (often abroad) and lets the flat."""
        person, _birth = self.person(self.style(), female=self.rng.random() < 0.5,
                                     age=self.rng.randint(35, 75))
        person.postal_address = self.rng.choice(self.ABROAD[self.profile.key])
        return person

    ABROAD = {
        "ge": ("Via Roma 12, 00184 Roma, Italia", "Καλλιρρόης 25, 11743 Αθήνα, Ελλάδα",
               "Unter den Linden 5, 10117 Berlin, Deutschland", "ул. Тверская 7, Москва",
               "ჭავჭავაძის გამზირი 10, თბილისი 0179", "Rua Augusta 100, Lisboa, Portugal"),
        "br": ("Rua Augusta 1200, São Paulo - SP", "Avenida Atlântica 1702, Rio de Janeiro - RJ",
               "Rua XV de Novembro 300, Curitiba - PR", "Av. da Liberdade 190, Lisboa, Portugal"),
    }

    # -- households -------------------------------------------------------------------------
    def household(self, size: int, start: dt.date, end: dt.date | None,
                  kind: str = ResidencyKind.PERMANENT) -> list[Member]:
        """``size`` people living at an address from ``start`` (until ``end`` if it ended)."""
        rng = self.rng
        style = self.style()
        head_age = rng.randint(24, 88)
        female = rng.random() < 0.45
        head, birth = self.person(style, female=female, age=head_age)
        father = head.first_name if not female else None
        members = [self._member(head, birth, start, end, kind)]
        if size >= 2 and head_age < 85 and rng.random() < 0.75:
            spouse_age = max(20, head_age + rng.randint(-6, 6))
            spouse, sbirth = self.person(style, female=not female, age=spouse_age,
                                         own_surname=style.origin == "portuguese")
            father = father or spouse.first_name
            members.append(self._member(spouse, sbirth, start, end, kind))
        # A household that left before ``as_of`` had no children born after it left.
        youngest = age_on(end, self.as_of) + 1 if end is not None else 0
        while len(members) < size:
            if head_age < 62:
                age = rng.randint(0, max(0, min(head_age - 20, 30)))
            else:
                age = rng.randint(max(0, head_age - 60), head_age - 22)
            age = max(age, youngest)
            child, cbirth = self.person(style, female=rng.random() < 0.5, age=age,
                                        father=father)
            members.append(self._member(child, cbirth, start, end, kind))
        # Life goes on: some moved out, one came later.
        for member in members[1:]:
            if member.date_to is None and rng.random() < 0.1:
                left = random_date(rng, member.date_from + dt.timedelta(days=180),
                                   self.as_of - dt.timedelta(days=1))
                if left < self.as_of:
                    member.date_to = left
        if len(members) < 6 and rng.random() < 0.07:
            joined = random_date(rng, start, end or self.as_of)
            newcomer, nbirth = self.person(style, female=rng.random() < 0.5,
                                           age=rng.randint(20, 40), own_surname=True)
            members.append(self._member(newcomer, nbirth, joined, end, kind))
        return members

    def _member(self, person: Person, birth: dt.date, start: dt.date, end: dt.date | None,
                kind: str) -> Member:
        since = max(start, birth + dt.timedelta(days=self.rng.randint(10, 60)))
        since = min(since, end or self.as_of)  # a baby born days ago is registered today
        if kind == ResidencyKind.PERMANENT and self.rng.random() < 0.04:
            kind = ResidencyKind.TEMPORARY
        return Member(person, birth, since, end, kind)

    # -- companies --------------------------------------------------------------------------
    def company(self) -> Person:
        rng = self.rng
        org = self.organization
        if self.profile.key == "br":
            word = rng.choice(n.PORTUGUESE_COMPANY_WORDS)
            name = " ".join((rng.choice(n.PORTUGUESE_BUSINESSES), word,
                             rng.choice(n.PORTUGUESE_COMPANY_FORMS)))
            tax_id, phone = ids.cnpj(rng), ids.brazilian_landline(rng)
        elif rng.random() < 0.3:  # an individual entrepreneur (ინდივიდუალური მეწარმე)
            first = rng.choice(n.GEORGIAN_FEMALE + n.GEORGIAN_MALE)
            word = rng.choice(n.GEORGIAN_SURNAMES)
            name = f"ი/მ {first} {word}"
            tax_id, phone = ids.georgian_personal_number(rng), ids.georgian_mobile(rng)
        else:
            word = rng.choice(n.GEORGIAN_COMPANY_WORDS)
            name = f"{rng.choice(n.GEORGIAN_BUSINESSES)} — შპს „{word}“"
            tax_id, phone = ids.georgian_company_number(rng), ids.georgian_landline(rng)
        email = ""
        if rng.random() < 0.95:
            slug = n.ascii_slug(word.replace(" ", "-")) or "info"
            email = f"{slug}{rng.randint(1, 999)}@{rng.choice(n.EMAIL_DOMAINS)}"
        return Person(
            organization=org, kind=PersonKind.COMPANY, company_name=name, personal_id=tax_id,
            phone=phone, email=email, language=org.language,
            channels=[Channel.EMAIL] if email else [Channel.PAPER],
            consent_processing=True, consent_electronic=bool(email),
        )
