"""A synthetic population in the interchange format, deterministic for a seed.

Realistic mixes for the demo, the tests and the benchmarks: nationalities of the 2025
transfers (VE, SV, HN, GT, MX, CO, NI, CU, ...) and some US citizens; statuses from
undocumented to LPR, TPS and refugee; convictions with sentences, pending charges, removal
orders (some under the Alien Enemies Act), protection claims, gang designations on strong and
weak evidence, notices (some in a language the person does not read, some without a word on
how to contest), habeas petitions, medical assessments, consent. Dates cluster around a
reference date so that many people become eligible in the weeks after it.

Built for speed: Faker (Spanish and English locales) is seeded once to fill name pools, then
one ``random.Random(seed)`` draws everything.
"""

from __future__ import annotations

import bisect
import itertools
import random
from collections.abc import Callable, Iterator, Sequence
from datetime import date
from pathlib import Path
from typing import Any, Final, TypeVar

import orjson
from faker import Faker

DEFAULT_REFERENCE_DATE: Final = date(2025, 3, 15)
POOL_SIZE: Final = 1500

NATIONALITIES: Final = ("VE", "SV", "HN", "GT", "MX", "CO", "NI", "CU", "US", "EC", "DO", "HT")
NATIONALITY_WEIGHTS: Final = (30, 12, 11, 11, 12, 5, 4, 4, 4, 3, 2, 2)
LANGUAGE_OF: Final = {"HT": ["ht", "fr"], "US": ["en"]}
STATUSES: Final = ("undocumented", "parolee", "lpr", "tps", "refugee", "asylee", "visa", "unknown")
STATUS_WEIGHTS: Final = (46, 13, 9, 9, 3, 3, 7, 10)
OFFENSES: Final = (
    ("Illegal reentry", "8 USC 1326", False),
    ("Drug trafficking", "21 USC 841", False),
    ("Aggravated assault", "TX PC 22.02", True),
    ("Robbery", "FL 812.13", True),
    ("Burglary", "CA PC 459", False),
    ("Homicide", "NY PL 125.25", True),
    ("Driving under the influence", "CA VC 23152", False),
    ("Theft", "TX PC 31.03", False),
    ("Weapons possession", "18 USC 922", False),
    ("Human smuggling", "8 USC 1324", False),
)
JURISDICTIONS: Final = ("US-TX", "US-FL", "US-CA", "US-NY", "US-AZ", "US-IL", "US-FED")
BASES: Final = ("ina_240", "expedited", "reinstatement", "stipulated", "aea")
WEAK_BASES: Final = ("tattoo", "clothing", "hand_signs", "social_media", "associates", "location")
STRONG_BASES: Final = ("conviction", "court_finding", "self_admission")
GANGS: Final = {"VE": "Tren de Aragua", "SV": "MS-13", "HN": "MS-13", "GT": "Barrio 18"}
COURTS: Final = ("D.D.C.", "S.D. Tex.", "W.D. Tex.", "C.D. Cal.", "S.D.N.Y.", "D. Colo.")

Person = dict[str, Any]
T = TypeVar("T")


_DAYS_BACK: Final = 365 * 75


def _pool(make: Callable[[], str]) -> list[str]:
    return sorted({make() for _ in range(POOL_SIZE)})


class _Draw:
    """Fast draws from one ``random.Random`` (``random()`` only: no rejection sampling)."""

    def __init__(self, source: random.Random) -> None:
        self.random = source.random
        self._cumulative: dict[tuple[int, ...], tuple[list[float], float]] = {}

    def randrange(self, start: int, stop: int | None = None) -> int:
        if stop is None:
            start, stop = 0, start
        return start + int(self.random() * (stop - start))

    def randint(self, low: int, high: int) -> int:
        return low + int(self.random() * (high - low + 1))

    def choice(self, items: Sequence[T]) -> T:
        return items[int(self.random() * len(items))]

    def choices(self, items: Sequence[T], weights: tuple[int, ...]) -> list[T]:
        found = self._cumulative.get(weights)
        if found is None:
            found = (list(itertools.accumulate(weights)), float(sum(weights)))
            self._cumulative[weights] = found
        cumulative, total = found
        return [items[bisect.bisect(cumulative, self.random() * total)]]

    def sample(self, items: Sequence[T], count: int) -> list[T]:
        pool = list(items)
        picked = []
        for _ in range(count):
            picked.append(pool.pop(int(self.random() * len(pool))))
        return picked


class PopulationGenerator:
    """Draws persons one after another; the same seed gives the same people."""

    def __init__(self, seed: int, reference_date: date = DEFAULT_REFERENCE_DATE) -> None:
        fake = Faker(["es_MX", "es_ES", "en_US"])
        fake.seed_instance(seed)
        picker = random.Random(seed)
        spanish = [fake["es_MX"], fake["es_ES"]]
        english = fake["en_US"]
        self.names = {
            "es": (
                _pool(lambda: picker.choice(spanish).first_name_male()),
                _pool(lambda: picker.choice(spanish).first_name_female()),
                _pool(lambda: picker.choice(spanish).last_name()),
            ),
            "en": (
                _pool(english.first_name_male),
                _pool(english.first_name_female),
                _pool(english.last_name),
            ),
        }
        self.rng = _Draw(random.Random(seed))
        self.seed = seed
        start = reference_date.toordinal() - _DAYS_BACK
        self._days = [date.fromordinal(start + n).isoformat() for n in range(_DAYS_BACK + 800)]

    def day(self, offset: int) -> str:
        """The reference date plus ``offset`` days, as text."""
        return self._days[_DAYS_BACK + offset]

    def people(self, size: int) -> Iterator[Person]:
        """``size`` persons, ``P00000001`` onwards."""
        for number in range(1, size + 1):
            yield self.person(f"P{number:08d}")

    def person(self, person_id: str) -> Person:
        """One person."""
        rng = self.rng
        country = rng.choices(NATIONALITIES, NATIONALITY_WEIGHTS)[0]
        person: Person = {"person_id": person_id}
        if rng.random() < 0.85:
            person["a_number"] = f"A{rng.randrange(10**9):09d}"
        if rng.random() < 0.3:
            person["fbi_number"] = (
                f"{rng.randrange(10**6):06d}{rng.choice('ABCDEFGHJK')}{rng.randrange(10):d}"
            )
        sex = rng.choices(("M", "F", "X"), (85, 14, 1))[0]
        person.update(self._names(country, sex))
        person["birth_date"] = self.day(-rng.randrange(365 * 16 + 200, 365 * 70))
        if rng.random() < 0.95:
            person["sex"] = sex
        person["languages"] = self._languages(country)
        person["citizenships"] = self._citizenships(country)
        citizen = country == "US"
        person["us_status"] = "citizen" if citizen else rng.choices(STATUSES, STATUS_WEIGHTS)[0]
        self._records(person, country, citizen)
        if rng.random() < 0.3:
            person["consent"] = rng.choice((True, True, False, None))
        return person

    def _names(self, country: str, sex: str) -> Person:
        rng = self.rng
        locale = "en" if country in ("US", "HT") and rng.random() < 0.8 else "es"
        male, female, last = self.names[locale]
        given = rng.choice(male if sex == "M" else female)
        if rng.random() < 0.4:
            given = f"{given} {rng.choice(male if sex == 'M' else female)}"
        family = rng.choice(last)
        if locale == "es" and rng.random() < 0.6:
            family = f"{family} {rng.choice(last)}"
        return {"family_name": family, "given_names": given}

    def _languages(self, country: str) -> list[str]:
        languages = list(LANGUAGE_OF.get(country, ["es"]))
        if "en" not in languages and self.rng.random() < 0.25:
            languages.append("en")
        return languages

    def _citizenships(self, country: str) -> list[str]:
        rng = self.rng
        if country != "US" and rng.random() < 0.003:
            return []
        if rng.random() < 0.02:
            other = rng.choice(("ES", "IT", "CO", "MX", "US"))
            return [country] if other == country else [country, other]
        return [country]

    def _records(self, person: Person, country: str, citizen: bool) -> None:
        rng = self.rng
        lpr = person["us_status"] == "lpr"
        if rng.random() < (0.9 if citizen or lpr else 0.55):
            person["convictions"] = [
                self._conviction(n, citizen or lpr) for n in range(rng.randint(1, 3))
            ]
        if rng.random() < 0.1:
            person["pending_charges"] = [self._charge()]
        if not citizen and rng.random() < 0.8:
            person["removal_orders"] = [self._removal_order(country)]
        if not citizen and rng.random() < 0.15:
            person["protection_claims"] = [self._claim(country)]
        if country in GANGS and rng.random() < 0.2:
            person["designations"] = [self._designation(country)]
        if rng.random() < 0.85:
            person["notices"] = [
                self._notice(n, person["languages"]) for n in range(rng.randint(1, 2))
            ]
        if rng.random() < 0.05:
            person["habeas_petitions"] = [self._habeas()]
        if rng.random() < 0.8:
            person["medical_assessments"] = [self._medical(n) for n in range(rng.randint(1, 3))]

    def _conviction(self, number: int, long_sentence: bool) -> Person:
        rng = self.rng
        offense, code, violent = rng.choice(OFFENSES)
        convicted = -rng.randrange(30, 365 * 12)
        item: Person = {"id": f"C{number + 1}", "offense": offense}
        if rng.random() < 0.7:
            item["offense_code"] = code
        item.update(
            jurisdiction=rng.choice(JURISDICTIONS),
            convicted_on=self.day(convicted),
            final=rng.random() < 0.9,
        )
        if rng.random() < 0.8:
            item["violent"] = violent
        if rng.random() < 0.75:
            days = rng.choice(
                (90, 180, 365, 730, 1825, 3650, 7300) if long_sentence else (30, 90, 180, 365, 730)
            )
            item["sentence"] = {"start_on": self.day(convicted), "days": days}
        return item

    def _charge(self) -> Person:
        rng = self.rng
        offense = rng.choice(OFFENSES)[0]
        return {
            "id": "PC1",
            "offense": offense,
            "jurisdiction": rng.choice(JURISDICTIONS),
            "filed_on": self.day(-rng.randrange(1, 700)),
        }

    def _removal_order(self, country: str) -> Person:
        rng = self.rng
        basis = rng.choices(BASES, (60, 10, 10, 5, 15 if country == "VE" else 1))[0]
        issued = -rng.randrange(0, 365 * 6) if basis != "aea" else -rng.randrange(0, 10)
        countries = ["SV"] if basis == "aea" or rng.random() < 0.1 else [country or "SV"]
        return {
            "id": "R1",
            "basis": basis,
            "issued_on": self.day(issued),
            "final": rng.random() < 0.85,
            "countries": countries,
        }

    def _claim(self, country: str) -> Person:
        rng = self.rng
        status = rng.choices(("pending", "granted", "denied", "withdrawn"), (35, 20, 35, 10))[0]
        filed = -rng.randrange(30, 365 * 5)
        claim: Person = {
            "id": "P1",
            "kind": rng.choice(
                ("asylum", "withholding", "cat", "cat_deferral", "fear_third_country")
            ),
            "country": rng.choice((country or "SV", "SV")),
            "filed_on": self.day(filed),
            "status": status,
        }
        if status != "pending":
            claim["decided_on"] = self.day(filed + rng.randrange(20, 400))
        return claim

    def _designation(self, country: str) -> Person:
        rng = self.rng
        strong = rng.random() < 0.35
        basis = rng.sample(STRONG_BASES if strong else WEAK_BASES, rng.randint(1, 3))
        item: Person = {
            "id": "D1",
            "organization": GANGS[country],
            "basis": basis,
            "adjudicated": strong and rng.random() < 0.6,
            "designated_on": self.day(-rng.randrange(0, 400)),
        }
        if rng.random() < 0.6:
            item["points"] = rng.randint(1, 12)
        return item

    def _notice(self, number: int, languages: list[str]) -> Person:
        rng = self.rng
        language = languages[0] if rng.random() < 0.85 else rng.choice(("en", "es", "fr"))
        return {
            "id": f"N{number + 1}",
            "served_on": self.day(rng.randrange(-60, 75)),
            "language": language,
            "explains_how_to_contest": rng.random() < 0.88,
        }

    def _habeas(self) -> Person:
        rng = self.rng
        return {
            "id": "H1",
            "court": rng.choice(COURTS),
            "case_number": f"1:25-cv-{rng.randrange(100, 3000):05d}",
            "filed_on": self.day(-rng.randrange(0, 200)),
            "status": rng.choices(("pending", "granted", "denied", "dismissed"), (50, 10, 25, 15))[
                0
            ],
        }

    def _medical(self, number: int) -> Person:
        rng = self.rng
        return {
            "id": f"M{number + 1}",
            "assessed_on": self.day(rng.randrange(-40, 100)),
            "fit_to_travel": rng.random() < 0.92,
        }


def write_population(
    path: Path,
    *,
    size: int,
    seed: int,
    reference_date: date = DEFAULT_REFERENCE_DATE,
    on_person: Callable[[int], None] | None = None,
) -> int:
    """Write ``size`` persons to ``path`` as JSON Lines; returns the number of bytes written."""
    generator = PopulationGenerator(seed, reference_date)
    written = 0
    chunk: list[bytes] = []
    with path.open("wb") as out:
        for person in generator.people(size):
            chunk.append(orjson.dumps(person) + b"\n")
            if len(chunk) == 10_000:
                written += _flush(out, chunk, on_person)
        written += _flush(out, chunk, on_person)
    return written


def _flush(out: Any, chunk: list[bytes], on_person: Callable[[int], None] | None) -> int:
    data = b"".join(chunk)
    out.write(data)
    if on_person is not None:
        on_person(len(chunk))
    chunk.clear()
    return len(data)
