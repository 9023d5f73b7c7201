"""The search benchmark's data set and query mix, deterministic for a seed.

One organization with ``size`` accounts, one per unit, ~60 units per building, and 1.5 ×
``size`` people (the first ``size`` hold the accounts). People are Georgian (Georgian
script), Brazilian/Portuguese (Latin with accents) and Russian (Cyrillic), with phones in
each country's format and e-mail addresses for about half. Streets are written the way each
country writes them. Rows are written with ``bulk_create`` only; the search index is then
built with ``reindex_organization``, as the demo data and imports do.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable
from decimal import Decimal

# (native, Latin) pairs: roots and suffixes make a few hundred distinct surnames per country.
KA_ROOTS = [("ბერი", "beri"), ("კაპანა", "kapana"), ("ლომი", "lomi"), ("გიორგა", "giorga"),
            ("ქავთარა", "kavtara"), ("ნოზა", "noza"), ("მაისურა", "maisura"), ("ხარა", "khara"),
            ("ბაქრა", "bakra"), ("დოლი", "doli"), ("აბაში", "abashi"), ("ცხადა", "tskhada"),
            ("ჯავახი", "javakhi"), ("გელა", "gela"), ("ბოლქვა", "bolkva"), ("წერეთ", "tseret"),
            ("ჩიქოვ", "chikov"), ("შენგელ", "shengel"), ("კვარაცხელ", "kvaratskhel"),
            ("მამალა", "mamala"), ("ღლონტ", "ghlont"), ("ჯაფარი", "japari")]
KA_SUFFIXES = [("ძე", "dze"), ("შვილი", "shvili"), ("ია", "ia"), ("ანი", "ani")]
KA_FIRST = [("ნინო", "nino"), ("გიორგი", "giorgi"), ("დავით", "davit"), ("მარიამ", "mariam"),
            ("ანა", "ana"), ("ლევან", "levan"), ("თამარ", "tamar"), ("ნიკა", "nika"),
            ("ეკა", "eka"), ("ზურაბ", "zurab"), ("სალომე", "salome"), ("ირაკლი", "irakli")]
PT_LAST = ["Silva", "Santos", "Oliveira", "Souza", "Rodrigues", "Ferreira", "Alves", "Pereira",
           "Lima", "Gomes", "Costa", "Ribeiro", "Martins", "Carvalho", "Almeida", "Lopes",
           "Sousa", "Fernandes", "Vieira", "Barbosa", "Araújo", "Conceição", "Gonçalves",
           "Magalhães", "Simões"]
PT_FIRST = ["João", "Maria", "Ana", "Pedro", "Lucas", "Gabriel", "Juliana", "Beatriz",
            "Rafael", "Mariana", "Tiago", "Inês", "Antônio", "Luísa"]
RU_ROOTS = [("Иван", "ivan"), ("Смирн", "smirn"), ("Кузнец", "kuznets"), ("Поп", "pop"),
            ("Васил", "vasil"), ("Петр", "petr"), ("Сокол", "sokol"), ("Михайл", "mikhail"),
            ("Новик", "novik"), ("Фёдор", "fyodor"), ("Мороз", "moroz"), ("Волк", "volk"),
            ("Алексе", "alekse"), ("Лебед", "lebed"), ("Семён", "semyon"), ("Егор", "egor"),
            ("Павл", "pavl"), ("Козл", "kozl"), ("Степан", "stepan"), ("Никола", "nikola")]
RU_SUFFIXES = [("ов", "ov"), ("ев", "ev"), ("ин", "in"), ("енко", "enko")]
RU_FIRST = [("Александр", "aleksandr", False), ("Дмитрий", "dmitry", False),
            ("Мария", "maria", True), ("Анна", "anna", True), ("Елена", "elena", True),
            ("Сергей", "sergey", False), ("Ольга", "olga", True), ("Иван", "ivan", False),
            ("Наталья", "natalya", True), ("Андрей", "andrey", False),
            ("Татьяна", "tatyana", True), ("Михаил", "mikhail", False)]
STREETS = {
    "ka": ["რუსთაველის გამზირი", "ჭავჭავაძის გამზირი", "აღმაშენებლის გამზირი", "პეკინის ქუჩა",
           "კოსტავას ქუჩა", "Rustaveli Avenue", "Chavchavadze Avenue", "Pekini Street",
           "Vazha-Pshavela Avenue", "Tsereteli Avenue"],
    "pt": ["Rua Augusta", "Avenida Paulista", "Rua da Consolação", "Avenida da Liberdade",
           "Rua do Ouvidor", "Rua Oscar Freire", "Rua das Flores", "Avenida Atlântica",
           "Rua Haddock Lobo", "Travessa do Carmo"],
    "ru": ["улица Ленина", "проспект Мира", "улица Гагарина", "Садовая улица",
           "улица Пушкина", "Невский проспект", "улица Кирова", "Лесная улица",
           "улица Чехова", "Тверская улица"],
}
CITIES = {"ka": "Tbilisi", "pt": "São Paulo", "ru": "Москва"}
MAIL = ["gmail.com", "mail.ru", "yahoo.com", "uol.com.br", "posta.ge", "sapo.pt"]
LANGS = ["ka", "pt", "ru"]


def _phone(rng: random.Random, lang: str) -> str:
    if lang == "ka":
        return f"+995 5{rng.randint(10, 99)} {rng.randint(0, 999):03d} {rng.randint(0, 999):03d}"
    if lang == "pt":
        return f"+55 11 9{rng.randint(1000, 9999)}-{rng.randint(0, 9999):04d}"
    return (f"+7 9{rng.randint(10, 99)} {rng.randint(0, 999):03d}-{rng.randint(0, 99):02d}-"
            f"{rng.randint(0, 99):02d}")


def person_values(rng: random.Random, i: int) -> dict:
    lang = LANGS[i % 3]
    if lang == "ka":
        (first, first_lat), (root, root_lat), (suf, suf_lat) = (
            rng.choice(KA_FIRST), rng.choice(KA_ROOTS), rng.choice(KA_SUFFIXES))
        last, last_lat = root + suf, root_lat + suf_lat
    elif lang == "pt":
        first = first_lat = rng.choice(PT_FIRST)
        a, b = rng.sample(PT_LAST, 2)
        last = last_lat = f"{a} {b}"
    else:
        first, first_lat, female = rng.choice(RU_FIRST)
        (root, root_lat), (suf, suf_lat) = rng.choice(RU_ROOTS), rng.choice(RU_SUFFIXES)
        last, last_lat = root + suf, root_lat + suf_lat
        if female and suf != "енко":
            last, last_lat = last + "а", last_lat + "a"
    values = {"first_name": first, "last_name": last, "phone": _phone(rng, lang),
              "language": {"ka": "ka", "pt": "pt-br", "ru": "ru"}[lang]}
    if rng.random() < 0.5:
        user = f"{first_lat}.{last_lat.split()[0]}{rng.randint(1, 999)}".lower()
        values["email"] = (user.encode("ascii", "ignore").decode() + "@" + rng.choice(MAIL))
    return values


def build(org, size: int, seed: int, progress: Callable[[int], None]) -> dict:
    """Write the data set into ``org``; returns the counts."""
    from abonent.accounts.models import Account
    from abonent.core import checkdigit
    from abonent.core.models import Branch
    from abonent.people.models import Person
    from abonent.property.models import Building, Unit

    rng = random.Random(seed)
    batch = 5000
    branches = Branch.objects.bulk_create(
        [Branch(organization=org, code=f"BR{i}", name=f"Office {i}") for i in range(4)])

    n_buildings = max(1, size // 60)
    addresses = [(lang, street, house) for lang in LANGS for street in STREETS[lang]
                 for house in range(1, 301)]
    rng.shuffle(addresses)
    buildings = [Building(organization=org, code=f"B{i:05d}", branch=branches[i % 4],
                          city=CITIES[lang], street=street, house_number=str(house),
                          floors=rng.randint(3, 16), entrances=rng.randint(1, 6),
                          year_built=rng.randint(1950, 2023),
                          management_start=dt.date(2020, 1, 1))
                 for i, (lang, street, house) in enumerate(addresses[:n_buildings])]
    Building.objects.bulk_create(buildings, batch_size=batch)
    progress(len(buildings))

    unit_ids: list[int] = []
    for start in range(0, size, batch):
        units = []
        for i in range(start, min(size, start + batch)):
            building = buildings[i % n_buildings]
            units.append(Unit(organization=org, building=building, number=str(i // n_buildings + 1),
                              floor=1, entrance=1,
                              area=Decimal(rng.randint(2500, 15000)) / 100,
                              rooms=rng.randint(1, 5)))
        Unit.objects.bulk_create(units)
        unit_ids.extend(u.pk for u in units)
        progress(len(units))

    person_ids: list[int] = []
    n_people = size * 3 // 2
    for start in range(0, n_people, batch):
        people = [Person(organization=org, **person_values(rng, i))
                  for i in range(start, min(n_people, start + batch))]
        Person.objects.bulk_create(people)
        person_ids.extend(p.pk for p in people)
        progress(len(people))

    for start in range(0, size, batch):
        accounts = []
        for i in range(start, min(size, start + batch)):
            closed = dt.date(2024, 6, 30) if rng.random() < 0.03 else None
            accounts.append(Account(
                organization=org, number=checkdigit.with_check_digit(str(1_000_000 + i)),
                unit_id=unit_ids[i], holder_id=person_ids[i], opened_on=dt.date(2020, 1, 1),
                closed_on=closed))
        Account.objects.bulk_create(accounts)
        progress(len(accounts))
    return {"buildings": n_buildings, "units": size, "people": n_people, "accounts": size}


def _main_word(street: str) -> str:
    words = street.replace("-", " ").split()
    return max(words, key=len)


def queries(count: int, seed: int) -> list[tuple[str, str]]:
    """(category, text) pairs drawn from the stored data, as staff would type them."""
    from abonent.accounts.models import Account
    from abonent.people.models import Person

    rng = random.Random(seed + 1000)
    account_ids = list(Account.objects.order_by("pk").values_list("pk", flat=True))
    person_ids = list(Person.objects.order_by("pk").values_list("pk", flat=True))
    sample_accounts = Account.objects.select_related("unit__building", "holder").in_bulk(
        rng.sample(account_ids, min(len(account_ids), count)))
    sample_people = Person.objects.in_bulk(rng.sample(person_ids, min(len(person_ids), count)))
    accounts, people = list(sample_accounts.values()), list(sample_people.values())
    rng.shuffle(accounts)
    rng.shuffle(people)

    def account_number(a):
        return a.number[: rng.choice([2, 3, 4, 5, 8])]

    def surname(p):
        last = p.last_name.split()[0]
        return last[: rng.choice([2, 3, 4, 6, len(last)])]

    def full_name(p):
        return f"{p.first_name} {p.last_name.split()[0][:rng.choice([3, 5, 20])]}"

    def phone(p):
        bare = "".join(c for c in p.phone if c.isdigit())
        return rng.choice([bare[-4:], bare[-7:], p.phone, p.phone[-9:], bare[-7:-4] + " "
                           + bare[-4:-2] + "-" + bare[-2:]])

    def email(p):
        return (p.email or p.last_name)[: rng.choice([3, 5, 8])]

    def street(a):
        b, u = a.unit.building, a.unit
        word = _main_word(b.street)
        return rng.choice([word[:3], word[:5], f"{word} {b.house_number}",
                           f"{word} {b.house_number}, {u.number}",
                           f"{word} {b.house_number} apt {u.number}"])

    def miss(_):
        return "".join(rng.choice("qxzjw") for _ in range(rng.choice([2, 3, 5])))

    makers = [("account", account_number, accounts), ("surname", surname, people),
              ("name", full_name, people), ("phone", phone, people), ("email", email, people),
              ("address", street, accounts), ("miss", miss, accounts)]
    weights = [3, 4, 2, 3, 1, 3, 1]
    result = []
    for i in range(count):
        category, make, pool = rng.choices(makers, weights)[0]
        result.append((category, make(pool[i % len(pool)])))
    return result
