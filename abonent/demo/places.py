
"""The two demo organizations: who they are, their offices, districts, building stock and
benefit categories. Plain data; the generator draws from it with a seeded random generator.

* ``ge``: a housing-management company in Tbilisi and Batumi (GEL, Asia/Tbilisi, Georgian),
  with Soviet-era blocks (khrushchyovkas, nine-storey panels, "Czech project" towers), a few
  pre-1921 houses in Sololaki and new high-rises. Addresses are in Georgian script.
* ``br``: a small condominium administrator in São Paulo (BRL, America/Sao_Paulo, pt-BR),
  so that the organization switcher and tenancy are visible in the demo.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field


@dataclass(frozen=True)
class BuildingType:
    key: str
    years: tuple[int, int]
    floors: tuple[int, int]
    entrances: tuple[int, int]
    per_floor: tuple[int, int]  # apartments on one floor of one entrance
    rooms: dict[int, int]  # rooms -> weight
    commercial: tuple[int, int] = (0, 0)
    parking: tuple[int, int] = (0, 0)
    shops_on_ground_floor: bool = False  # new buildings: floor 1 is shops, flats start at 2


@dataclass(frozen=True)
class District:
    branch: str
    city: str
    postal_codes: tuple[str, ...]
    streets: tuple[str, ...]
    types: dict[str, int]
    weight: int


@dataclass(frozen=True)
class BranchSpec:
    code: str
    name: str
    kind: str = "office"
    address: str = ""
    phone: str = ""


@dataclass(frozen=True)
class BenefitSpec:
    code: str
    name: str
    discount: str
    description: str
    document: str
    weight: int
    min_age: int = 0
    min_household: int = 0
    years_valid: tuple[int, int] | None = None  # a certificate valid 1-3 years; None: lifelong
    starts_on: dt.date | None = None  # a programme that began on this day
    closed_on: dt.date | None = None


@dataclass(frozen=True)
class Profile:
    key: str
    organization: dict[str, str]
    branches: tuple[BranchSpec, ...]
    districts: tuple[District, ...]
    building_types: dict[str, BuildingType]
    benefits: tuple[BenefitSpec, ...]
    name_mix: dict[str, int]  # georgian, georgian_latin, russian, portuguese -> weight
    numbering: str  # "sequential" (1, 2, 3 ...) or "floor" (101, 102 ... 1204)
    email_share: float
    extra: dict[str, str] = field(default_factory=dict)


GE_TYPES = {t.key: t for t in (
    BuildingType("old_tbilisi", (1885, 1915), (2, 4), (1, 1), (2, 3), {3: 4, 4: 3, 5: 1},
                 commercial=(0, 1)),
    BuildingType("khrushchyovka", (1958, 1970), (4, 5), (2, 4), (3, 4), {1: 3, 2: 5, 3: 2},
                 commercial=(0, 1)),
    BuildingType("panel_9", (1970, 1990), (9, 9), (3, 6), (4, 4), {1: 2, 2: 4, 3: 4, 4: 1},
                 commercial=(0, 2)),
    BuildingType("czech_tower", (1975, 1990), (12, 16), (1, 2), (4, 6), {1: 2, 2: 4, 3: 3, 4: 1}),
    BuildingType("new_midrise", (2006, 2016), (8, 14), (1, 2), (4, 6), {1: 2, 2: 4, 3: 3, 4: 1},
                 commercial=(1, 4), parking=(0, 30), shops_on_ground_floor=True),
    BuildingType("new_highrise", (2015, 2024), (16, 30), (1, 3), (5, 8),
                 {1: 4, 2: 4, 3: 2, 4: 1}, commercial=(2, 6), parking=(20, 80),
                 shops_on_ground_floor=True),
)}

GEORGIA = Profile(
    key="ge",
    organization={
        "name": "Tbilisi Housing Services",
        "country": "GE", "currency": "GEL", "time_zone": "Asia/Tbilisi", "language": "ka",
        "legal_name": "შპს „თბილისის საბინაო სერვისი“",
        "tax_id": "405123457",
        "address": "ვაჟა-ფშაველას გამზირი 71, თბილისი 0186",
        "phone": "+995 32 219 00 00",
        "email": "office@tbilisi-housing.example",
        "website": "https://tbilisi-housing.example",
        "bank_name": "საქართველოს ბანკი (Bank of Georgia)",
        "bank_code": "BAGAGE22",
    },
    branches=(
        BranchSpec("SAB", "საბურთალოს ოფისი", address="ვაჟა-ფშაველას გამზირი 71, თბილისი",
                   phone="+995 32 219 00 01"),
        BranchSpec("VAK", "ვაკის ოფისი", address="ჭავჭავაძის გამზირი 37, თბილისი",
                   phone="+995 32 219 00 02"),
        BranchSpec("GLD", "გლდანი-დიდუბის ოფისი", address="აღმაშენებლის ხეივანი 150, თბილისი",
                   phone="+995 32 219 00 03"),
        BranchSpec("BAT", "ბათუმის ოფისი", address="ფრიდონ ხალვაშის გამზირი 24, ბათუმი",
                   phone="+995 422 27 00 00"),
        BranchSpec("TECH", "ტექნიკური სამსახური", kind="department",
                   address="ვაჟა-ფშაველას გამზირი 71, თბილისი"),
        BranchSpec("WH", "საწყობი", kind="warehouse", address="ნავთლუღის ქუჩა 12, თბილისი"),
    ),
    districts=(
        District("SAB", "თბილისი", ("0160", "0171", "0177", "0186"), (
            "ვაჟა-ფშაველას გამზირი", "პეკინის გამზირი", "ალექსანდრე ყაზბეგის გამზირი",
            "ნუცუბიძის ქუჩა", "ბახტრიონის ქუჩა", "უნივერსიტეტის ქუჩა", "ფანასკერტელის ქუჩა",
        ), {"khrushchyovka": 3, "panel_9": 4, "czech_tower": 3, "new_midrise": 3,
            "new_highrise": 2}, weight=35),
        District("VAK", "თბილისი", ("0105", "0162", "0179"), (
            "ილია ჭავჭავაძის გამზირი", "აბაშიძის ქუჩა", "ფალიაშვილის ქუჩა", "ბარნოვის ქუჩა",
            "ლეონიძის ქუჩა", "მაჩაბლის ქუჩა", "გალაკტიონ ტაბიძის ქუჩა",
        ), {"old_tbilisi": 3, "khrushchyovka": 2, "panel_9": 1, "new_midrise": 3,
            "new_highrise": 1}, weight=20),
        District("GLD", "თბილისი", ("0112", "0167", "0190"), (
            "აღმაშენებლის ხეივანი", "ხიზანიშვილის ქუჩა", "ცოტნე დადიანის ქუჩა",
            "წერეთლის გამზირი", "მოსკოვის გამზირი", "ქეთევან დედოფლის გამზირი",
        ), {"khrushchyovka": 3, "panel_9": 6, "czech_tower": 2, "new_midrise": 1}, weight=30),
        District("BAT", "ბათუმი", ("6000", "6004", "6010"), (
            "ჭავჭავაძის ქუჩა", "რუსთაველის ქუჩა", "გორგასლის ქუჩა", "შერიფ ხიმშიაშვილის ქუჩა",
            "ლეხ და მარია კაჩინსკების ქუჩა", "ფრიდონ ხალვაშის გამზირი", "ანგისას ქუჩა",
        ), {"khrushchyovka": 2, "panel_9": 1, "new_midrise": 2, "new_highrise": 5}, weight=15),
    ),
    building_types=GE_TYPES,
    benefits=(
        BenefitSpec("PENSIONER", "პენსიონერი", "50", "ასაკით პენსიონერი (60/65+).",
                    "პენსიის მოწმობა", weight=40, min_age=65),
        BenefitSpec("DISABILITY", "შეზღუდული შესაძლებლობის მქონე პირი", "50",
                    "სტატუსი დადასტურებულია სამედიცინო-სოციალური ექსპერტიზით.",
                    "MSE დასკვნა", weight=15, years_valid=(1, 3)),
        BenefitSpec("LARGE_FAMILY", "მრავალშვილიანი ოჯახი", "30", "ოჯახი 3 ან მეტი შვილით.",
                    "სოც. მომსახურების სააგენტოს ცნობა", weight=12, min_household=5,
                    years_valid=(1, 2)),
        BenefitSpec("IDP", "დევნილი", "30", "იძულებით გადაადგილებული პირი.",
                    "დევნილის მოწმობა", weight=13),
        BenefitSpec("VETERAN", "ომის ვეტერანი", "100", "საქართველოს ტერიტორიული მთლიანობისთვის "
                    "ბრძოლის ვეტერანი.", "ვეტერანის მოწმობა", weight=5, min_age=50),
        BenefitSpec("COVID19", "კოვიდ-19 შეღავათი (2020–2021)", "50",
                    "დროებითი შეღავათი, შეწყდა 2021 წლის ბოლოს.", "მთავრობის დადგენილება",
                    weight=15, starts_on=dt.date(2020, 4, 1), closed_on=dt.date(2021, 12, 31)),
    ),
    name_mix={"georgian": 55, "georgian_latin": 25, "russian": 15, "portuguese": 5},
    numbering="sequential",
    email_share=0.55,
)

BR_TYPES = {t.key: t for t in (
    BuildingType("predio_antigo", (1962, 1988), (8, 12), (1, 1), (4, 6), {1: 2, 2: 5, 3: 3},
                 commercial=(0, 2), parking=(0, 10)),
    BuildingType("condominio_novo", (2005, 2023), (12, 24), (1, 3), (4, 8),
                 {0: 2, 1: 3, 2: 4, 3: 2, 4: 1}, commercial=(0, 3), parking=(5, 30),
                 shops_on_ground_floor=True),
)}

BRAZIL = Profile(
    key="br",
    organization={
        "name": "Vila Paulista Condomínios",
        "country": "BR", "currency": "BRL", "time_zone": "America/Sao_Paulo",
        "language": "pt-br",
        "legal_name": "Vila Paulista Administradora de Condomínios Ltda.",
        "address": "Avenida Paulista 1578, Bela Vista, São Paulo - SP, 01310-200",
        "phone": "+55 (11) 3251-0000",
        "email": "contato@vila-paulista.example",
        "website": "https://vila-paulista.example",
        "bank_name": "Banco do Brasil",
        "bank_code": "BRASBRRJ",
    },
    branches=(
        BranchSpec("PIN", "Escritório Pinheiros", address="Rua dos Pinheiros 870, São Paulo",
                   phone="+55 (11) 3251-0001"),
        BranchSpec("MOO", "Escritório Mooca", address="Rua da Mooca 2300, São Paulo",
                   phone="+55 (11) 3251-0002"),
    ),
    districts=(
        District("PIN", "São Paulo", ("05422-010", "05401-000", "05415-030"), (
            "Rua dos Pinheiros", "Rua Teodoro Sampaio", "Rua Cardeal Arcoverde",
            "Rua Fradique Coutinho", "Rua Artur de Azevedo",
        ), {"predio_antigo": 3, "condominio_novo": 2}, weight=50),
        District("MOO", "São Paulo", ("03103-001", "03162-000", "03104-000"), (
            "Rua da Mooca", "Avenida Paes de Barros", "Rua Taquari", "Rua Juventus",
            "Rua Madre de Deus",
        ), {"predio_antigo": 2, "condominio_novo": 3}, weight=50),
    ),
    building_types=BR_TYPES,
    benefits=(
        BenefitSpec("TARIFA_SOCIAL", "Tarifa Social (CadÚnico)", "40",
                    "Famílias de baixa renda inscritas no Cadastro Único.", "NIS", weight=45,
                    years_valid=(1, 2)),
        BenefitSpec("IDOSO", "Idoso (60+)", "20", "Morador com 60 anos ou mais.",
                    "RG", weight=35, min_age=60),
        BenefitSpec("PCD", "Pessoa com deficiência", "50", "Comprovada por laudo médico.",
                    "Laudo médico", weight=20, years_valid=(2, 3)),
    ),
    name_mix={"portuguese": 90, "russian": 4, "georgian_latin": 3, "georgian": 3},
    numbering="floor",
    email_share=0.75,
)

PROFILES = {p.key: p for p in (GEORGIA, BRAZIL)}
