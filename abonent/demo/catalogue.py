"""What the demo organizations bill: services, prices, meters and the calendar. Plain data.

Prices are demo figures in the spirit of 2026 (Tbilisi utilities, a São Paulo condominium),
not any provider's tariff. Names are in the organization's language, like the rest of the
demo data; codes are the short Latin identifiers staff type.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from abonent.billing.choices import InterruptionKind
from abonent.tariffs.choices import ChargeMethod, TaxMode

WATER_SEASON = {6: 1.12, 7: 1.2, 8: 1.2, 9: 1.08}
#: Share of a flat's heating gas burnt in each month (Tbilisi: individual gas boilers).
GE_HEATING = {1: 1.0, 2: 0.85, 3: 0.6, 4: 0.25, 5: 0.05, 10: 0.1, 11: 0.3, 12: 0.9}
#: Electricity: heaters and air conditioners.
GE_POWER_SEASON = {1: 1.25, 2: 1.15, 4: 0.9, 5: 0.9, 6: 1.05, 7: 1.25, 8: 1.3, 9: 1.05,
                   10: 0.95, 12: 1.2}
BR_GAS_SEASON = {5: 1.1, 6: 1.2, 7: 1.25, 8: 1.2, 9: 1.05, 12: 0.9, 1: 0.85, 2: 0.85}


@dataclass(frozen=True)
class Usage:
    """A month's consumption: ``base + per_resident x residents + heating x m² x season``,
    times the household's own factor; a shop uses ``per_shop_m2 x its area``."""

    base: float = 0.0
    per_resident: float = 0.0
    heating_per_m2: float = 0.0
    per_shop_m2: float = 0.0
    season: dict[int, float] = field(default_factory=dict)
    heating: dict[int, float] = field(default_factory=dict)


@dataclass(frozen=True)
class MeterSpec:
    digits: int
    brands: tuple[str, ...]  # serial prefixes
    verification_years: int
    #: share of flats with a meter, by building type (the rest are billed by the norm)
    share: dict[str, float]
    usage: Usage
    shops: float = 1.0  # share of shops with a meter
    telemetry: bool = False  # new buildings read it remotely


@dataclass(frozen=True)
class ServiceSpec:
    code: str
    name: str
    unit: str
    method: str
    rate: str = ""
    norm: str | None = None
    bands: str = ""  # tiered: "101: 0.2129; 301: 0.261; 0.3324"
    tax_rate: str = "0"
    tax_mode: str = TaxMode.INCLUDED
    new_rate: str = ""  # the price change of the calendar's ``price_change`` day
    building_rate: str = ""  # the override of one building
    min_floors: int = 0  # only buildings with more floors subscribe (the elevator)
    base: str = ""  # common-meter distribution: the measured service
    cap: str | None = None
    meter: MeterSpec | None = None
    building_meters: float = 0.0  # common service: share of buildings with a building meter


@dataclass(frozen=True)
class InterruptionSpec:
    service: str
    kind: str
    percent: str
    reason: str
    needs_floors: int = 0  # only in a building with more floors (the elevator)


@dataclass(frozen=True)
class Catalogue:
    services: tuple[ServiceSpec, ...]
    #: benefit category code -> services it discounts; and the social norms
    benefit_services: dict[str, tuple[str, ...]]
    social_norms: dict[str, tuple[str, str]]  # code -> (norm kind, per person)
    settings: dict[str, object]  # BillingSettings fields
    interruption: InterruptionSpec
    texts: dict[str, str]

    def service(self, code: str) -> ServiceSpec:
        return next(s for s in self.services if s.code == code)


GEORGIA = Catalogue(
    services=(
        ServiceSpec("WATER", "ცივი წყალი", "m³", ChargeMethod.METERED, rate="1.65", norm="3.5",
                    tax_rate="18", meter=MeterSpec(
                        5, ("ZR", "SN", "BM"), 6,
                        {"old_tbilisi": 0.7, "khrushchyovka": 0.8, "panel_9": 0.85,
                         "czech_tower": 0.85, "new_midrise": 0.95, "new_highrise": 0.97},
                        Usage(base=0.6, per_resident=2.9, per_shop_m2=0.06,
                              season=WATER_SEASON))),
        ServiceSpec("ELECTRICITY", "ელექტროენერგია", "kWh", ChargeMethod.TIERED,
                    bands="101: 0.2129; 301: 0.261; 0.3324", norm="70", tax_rate="18",
                    meter=MeterSpec(
                        6, ("EM", "LG", "ISK"), 16,
                        {"old_tbilisi": 0.97, "khrushchyovka": 0.97, "panel_9": 0.97,
                         "czech_tower": 0.97, "new_midrise": 1.0, "new_highrise": 1.0},
                        Usage(base=55, per_resident=38, per_shop_m2=6.5,
                              season=GE_POWER_SEASON), telemetry=True)),
        ServiceSpec("GAS", "ბუნებრივი აირი", "m³", ChargeMethod.METERED, rate="0.76",
                    new_rate="0.84", norm="25", tax_rate="18", meter=MeterSpec(
                        5, ("G4", "ELS", "ITR"), 10,
                        {"old_tbilisi": 0.85, "khrushchyovka": 0.9, "panel_9": 0.9,
                         "czech_tower": 0.88, "new_midrise": 0.92, "new_highrise": 0.9},
                        Usage(base=9, per_resident=6, heating_per_m2=2.1, per_shop_m2=0.4,
                              heating=GE_HEATING), shops=0.5)),
        ServiceSpec("MAINTENANCE", "საერთო ქონების მოვლა", "m²", ChargeMethod.PER_AREA,
                    rate="0.35", building_rate="0.55", tax_rate="18"),
        ServiceSpec("WASTE", "დასუფთავების მოსაკრებელი", "მცხ.", ChargeMethod.PER_RESIDENT,
                    rate="3.00"),
        ServiceSpec("ELEVATOR", "ლიფტის მომსახურება", "თვე", ChargeMethod.FIXED, rate="4.00",
                    tax_rate="18", min_floors=6),
        ServiceSpec("WATER-COMMON", "საერთო სარგებლობის წყალი", "m³", ChargeMethod.COMMON,
                    rate="1.65", norm="0.03", tax_rate="18", base="WATER", cap="1.5",
                    building_meters=0.8),
    ),
    benefit_services={
        "PENSIONER": ("MAINTENANCE",),
        "DISABILITY": ("MAINTENANCE", "WASTE", "ELEVATOR"),
        "LARGE_FAMILY": ("WATER", "ELECTRICITY", "WASTE"),
        "IDP": ("MAINTENANCE", "WATER", "ELECTRICITY", "GAS"),
        "VETERAN": ("MAINTENANCE", "WASTE", "ELEVATOR", "WATER"),
        "COVID19": ("WATER", "ELECTRICITY", "GAS"),
    },
    social_norms={"PENSIONER": ("area", "33")},
    # Winter gas is many times the summer's: a higher spike threshold than the default 3.
    settings={"due_day": 25, "spike_multiple": Decimal("4.00")},
    interruption=InterruptionSpec("ELEVATOR", InterruptionKind.INTERRUPTION, "100",
                                  "ლიფტის კაპიტალური რემონტი", needs_floors=6),
    texts={
        "override": "{street} {number}: მომსახურების ხელშეკრულება (კონსიერჟი, დაცვა)",
        "held": "ხარჯი {times}-ჯერ აღემატება საშუალოს — გადაამოწმეთ ჩვენება",
        "absence": "ცნობა სასწავლებლიდან / მივლინების ბრძანება № {year}/{number:05d}",
    },
)

BRAZIL = Catalogue(
    services=(
        ServiceSpec("AGUA", "Água", "m³", ChargeMethod.METERED, rate="7.20", new_rate="7.65",
                    norm="4.5", meter=MeterSpec(
                        5, ("LAO", "SAGA", "ELT"), 5,
                        {"predio_antigo": 0.55, "condominio_novo": 0.96},
                        Usage(base=0.8, per_resident=3.9, per_shop_m2=0.08,
                              season={1: 1.1, 2: 1.1, 12: 1.1}))),
        ServiceSpec("CONDOMINIO", "Taxa de condomínio", "m²", ChargeMethod.PER_AREA,
                    rate="9.50", building_rate="11.20"),
        ServiceSpec("FUNDO-RESERVA", "Fundo de reserva", "mês", ChargeMethod.FIXED,
                    rate="45.00"),
        ServiceSpec("GAS", "Gás", "m³", ChargeMethod.METERED, rate="9.80", norm="5",
                    tax_rate="12", meter=MeterSpec(
                        5, ("LAO", "ITR"), 10,
                        {"predio_antigo": 0.6, "condominio_novo": 0.92},
                        Usage(base=1.5, per_resident=1.6, per_shop_m2=0.05,
                              season=BR_GAS_SEASON), shops=0.3)),
        ServiceSpec("AGUA-COMUM", "Água áreas comuns", "m³", ChargeMethod.COMMON,
                    rate="7.20", norm="0.05", base="AGUA", cap="2.5", building_meters=0.8),
    ),
    benefit_services={
        "TARIFA_SOCIAL": ("AGUA", "GAS"),
        "IDOSO": ("CONDOMINIO",),
        "PCD": ("CONDOMINIO", "FUNDO-RESERVA"),
    },
    social_norms={},
    settings={"due_day": 10},
    interruption=InterruptionSpec("CONDOMINIO", InterruptionKind.LOW_QUALITY, "20",
                                  "Elevadores parados para modernização"),
    texts={
        "override": "{street} {number}: portaria 24 h e segurança",
        "held": "Consumo {times} vezes acima da média — conferir a leitura",
        "absence": "Declaração de afastamento nº {year}/{number:05d}",
    },
)

CATALOGUES = {"ge": GEORGIA, "br": BRAZIL}


def add_months(day: dt.date, months: int) -> dt.date:
    index = day.year * 12 + day.month - 1 + months
    return dt.date(index // 12, index % 12 + 1, 1)


@dataclass(frozen=True)
class Calendar:
    """The demo's billing months, all from ``as_of``: the month of ``as_of`` is computed and
    waits for review, the three before it are issued, readings go back twelve months."""

    as_of: dt.date

    @property
    def preview(self) -> dt.date:
        return self.as_of.replace(day=1)

    @property
    def issued(self) -> tuple[dt.date, ...]:
        return tuple(add_months(self.preview, -n) for n in (3, 2, 1))

    @property
    def months(self) -> tuple[dt.date, ...]:
        """The months with readings, oldest first."""
        return tuple(add_months(self.preview, n) for n in range(-12, 1))

    @property
    def tariffs_from(self) -> dt.date:
        return dt.date(self.issued[0].year, 1, 1)

    @property
    def price_change(self) -> dt.date:
        return self.issued[-1].replace(day=15)
