"""Checks on the built-in knowledge base of people with date-bounded roles.

The data files live in ``src/tacitus/dictionaries/data/actors/people/*.yaml``; these tests
read them directly with ``yaml.safe_load`` so that they pin the data, not the loader.
"""

from __future__ import annotations

import datetime as dt
import itertools
import re
from collections import Counter, defaultdict
from functools import cache
from pathlib import Path

import pycountry
import pytest
import yaml

PEOPLE_DIR = (
    Path(__file__).resolve().parents[2]
    / "src"
    / "tacitus"
    / "dictionaries"
    / "data"
    / "actors"
    / "people"
)
HORIZON = dt.date(2026, 11, 29)
FIRST_YEAR, LAST_YEAR = 2000, 2026

PERSON_KEYS = {"id", "name", "aliases", "surname", "country", "roles"}
ROLE_KEYS = {"code", "title", "from", "to", "approx"}
CODE_RE = re.compile(r"^(?:[A-Z]{3}){1,5}$")
ID_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
# Codes that are not ISO 3166 alpha-3 but are used for nationality in news coding.
EXTRA_COUNTRIES = {"XKX"}

# A role heads a state or a government when its title (after any Acting/Interim prefix)
# starts with one of these words and it is not a deputy's or a vice-holder's title.
HEAD_TITLE_RE = re.compile(
    r"^(?:(?:Acting|Interim|Transitional|Caretaker|De facto) )*"
    r"(?:President|Prime Minister|Chancellor|Federal Chancellor|King|Queen|Emir|Sultan|"
    r"Supreme Leader|Premier|Chief Adviser|Chief Executive|Head of State|Chairman|Chair|"
    r"Taoiseach|Leader of the Transitional|Leader of the Revolution)"
)
NOT_HEAD_RE = re.compile(
    r"\b(?:Vice|Deputy|Former)\b|of the (?:National Assembly|Senate|Parliament)"
)

# The countries that must have a head of state or government for every year 2000-2026.
REQUIRED_COUNTRIES = [
    "USA",
    "CAN",
    "MEX",
    "BRA",
    "ARG",
    "CHL",
    "PER",
    "COL",
    "VEN",
    "CUB",
    "NIC",
    "GBR",
    "FRA",
    "DEU",
    "ITA",
    "ESP",
    "POL",
    "HUN",
    "NLD",
    "BEL",
    "SWE",
    "UKR",
    "RUS",
    "BLR",
    "GEO",
    "ARM",
    "AZE",
    "SRB",
    "XKX",
    "BIH",
    "TUR",
    "SYR",
    "IRQ",
    "IRN",
    "ISR",
    "PSE",
    "LBN",
    "YEM",
    "SAU",
    "ARE",
    "QAT",
    "KWT",
    "BHR",
    "OMN",
    "JOR",
    "EGY",
    "LBY",
    "SDN",
    "ETH",
    "SOM",
    "DZA",
    "TUN",
    "MAR",
    "NGA",
    "MLI",
    "COD",
    "KEN",
    "ZAF",
    "ZWE",
    "RWA",
    "UGA",
    "AFG",
    "PAK",
    "IND",
    "BGD",
    "LKA",
    "NPL",
    "MMR",
    "PRK",
    "KOR",
    "JPN",
    "CHN",
    "TWN",
    "PHL",
    "IDN",
    "VNM",
    "THA",
    "AUS",
    "KAZ",
]

# (country, year) pairs with no head of state or government in the data, with the reason.
ALLOWED_GAPS: dict[tuple[str, int], str] = {
    # Kosovo was under UN administration (UNMIK) until its first president took office in 2002.
    ("XKX", 2000): "UNMIK administration",
    ("XKX", 2001): "UNMIK administration",
}


def _as_date(value: object) -> dt.date | None:
    """Return a YAML date value (date object or ISO string) as a date; None stays None."""
    if value is None:
        return None
    if isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value))


@cache
def _load() -> tuple[tuple[str, dict], ...]:
    """Every person record in every file, paired with the file name it came from."""
    records = []
    for path in sorted(PEOPLE_DIR.glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        assert isinstance(data, list), f"{path.name}: top level must be a list"
        records.extend((path.name, person) for person in data)
    return tuple(records)


def _people() -> list[dict]:
    return [person for _, person in _load()]


def _roles() -> list[tuple[dict, dict]]:
    return [(person, role) for person in _people() for role in person["roles"]]


def _is_head(role: dict) -> bool:
    title = role["title"]
    return bool(HEAD_TITLE_RE.match(title)) and not NOT_HEAD_RE.search(title)


def _head_years() -> dict[str, set[int]]:
    """Years in which each country has a head of state or government in the data."""
    years: dict[str, set[int]] = defaultdict(set)
    for _, role in _roles():
        code = role["code"]
        if not code.endswith("GOV") or len(code) != 6 or not _is_head(role):
            continue
        start = _as_date(role["from"])
        end = _as_date(role.get("to")) or HORIZON
        for year in range(max(start.year, FIRST_YEAR), min(end.year, LAST_YEAR) + 1):
            years[code[:3]].add(year)
    return years


def test_files_exist_and_load() -> None:
    names = {path.name for path in PEOPLE_DIR.glob("*.yaml")}
    assert {"americas.yaml", "europe.yaml", "middle_east.yaml", "international.yaml"} <= names
    assert len(_load()) > 0


def test_person_records_have_the_documented_keys() -> None:
    for filename, person in _load():
        where = f"{filename}:{person.get('id')}"
        assert set(person) <= PERSON_KEYS, f"{where}: unknown keys {set(person) - PERSON_KEYS}"
        assert {"id", "name", "surname", "country", "roles"} <= set(person), where
        assert ID_RE.match(person["id"]), f"{where}: id must be a lower-case slug"
        assert isinstance(person["name"], str) and person["name"].strip(), where
        assert isinstance(person["surname"], str) and person["surname"].strip(), where
        assert isinstance(person["roles"], list) and person["roles"], f"{where}: no roles"


def test_ids_are_unique_across_all_files() -> None:
    counts = Counter(person["id"] for person in _people())
    assert [pid for pid, n in counts.items() if n > 1] == []


def test_aliases_are_full_name_variants() -> None:
    for person in _people():
        aliases = person.get("aliases") or []
        assert isinstance(aliases, list), person["id"]
        for alias in aliases:
            assert isinstance(alias, str) and alias.strip(), person["id"]
            assert alias != person["name"], f"{person['id']}: alias repeats the name"
            assert alias.lower() != person["surname"].lower(), (
                f"{person['id']}: bare surname {alias!r} given as alias"
            )
        assert len(set(aliases)) == len(aliases), f"{person['id']}: duplicate aliases"


def test_countries_are_iso3() -> None:
    for person in _people():
        country = person["country"]
        assert country in EXTRA_COUNTRIES or pycountry.countries.get(alpha_3=country), (
            f"{person['id']}: {country!r} is not an ISO 3166 alpha-3 code"
        )


def test_roles_are_complete_and_dates_ordered() -> None:
    for person, role in _roles():
        where = f"{person['id']}: {role}"
        assert set(role) <= ROLE_KEYS, where
        assert {"code", "title", "from"} <= set(role), where
        assert isinstance(role["title"], str) and role["title"].strip(), where
        start, end = _as_date(role["from"]), _as_date(role.get("to"))
        assert dt.date(1940, 1, 1) <= start <= HORIZON, where
        assert end is None or start <= end <= HORIZON, where
        assert end is None or end >= dt.date(FIRST_YEAR, 1, 1), f"{where}: ended before 2000"
        assert role.get("approx", False) in (True, False), where


def test_codes_are_well_formed() -> None:
    for person, role in _roles():
        assert CODE_RE.match(role["code"]), f"{person['id']}: bad code {role['code']!r}"


def test_state_codes_start_with_a_country() -> None:
    """A <ISO3>GOV-style code must name a real country in its first three letters."""
    for person, role in _roles():
        head = role["code"][:3]
        if head in {"IGO", "IMG", "NGO", "NGM", "INT", "MNC"}:
            continue
        assert head in EXTRA_COUNTRIES or pycountry.countries.get(alpha_3=head), (
            f"{person['id']}: {role['code']}"
        )


def test_no_duplicate_overlapping_roles_for_one_person() -> None:
    for person in _people():
        spans = defaultdict(list)
        for role in person["roles"]:
            spans[(role["code"], role["title"])].append(
                (_as_date(role["from"]), _as_date(role.get("to")) or HORIZON)
            )
        for key, items in spans.items():
            items.sort()
            for (_, end), (start, _) in itertools.pairwise(items):
                assert start >= end, f"{person['id']}: overlapping {key}"


# Titles held by one person at a time; two holders overlapping by more than a few days
# means a date is wrong. Listed ids are known, deliberate overlaps (rival governments).
SINGLE_HOLDER_TITLES = {"President", "Prime Minister", "Foreign Minister", "Defence Minister"}
RIVAL_CLAIMANTS = {
    "fayez-al-sarraj",
    "abdullah-al-thani",
    "fathi-bashagha",
    "osama-hammad",
    "abdul-hamid-dbeibeh",
    "khalifa-ghwell",
}


def test_rival_claimants_exist() -> None:
    assert {person["id"] for person in _people()} >= RIVAL_CLAIMANTS


def test_single_holder_titles_do_not_overlap() -> None:
    by_office: dict[tuple[str, str], list[tuple[dt.date, dt.date, str]]] = defaultdict(list)
    for person, role in _roles():
        if role["title"] not in SINGLE_HOLDER_TITLES or person["id"] in RIVAL_CLAIMANTS:
            continue
        if not role["code"].endswith("GOV") or len(role["code"]) != 6:
            continue
        end = _as_date(role.get("to")) or HORIZON
        by_office[(role["code"], role["title"])].append((_as_date(role["from"]), end, person["id"]))
    clashes = []
    for office, spans in by_office.items():
        spans.sort()
        for (_, end, first), (start, _, second) in itertools.pairwise(spans):
            if (end - start).days > 5:
                clashes.append((office, first, second))
    assert clashes == []


def test_at_least_1500_roles() -> None:
    assert len(_roles()) >= 1500


def test_head_of_state_or_government_for_every_year() -> None:
    """Gap report: (country, year) with no head in the data, beyond the listed gaps."""
    years = _head_years()
    gaps = [
        (country, year)
        for country in REQUIRED_COUNTRIES
        for year in range(FIRST_YEAR, LAST_YEAR + 1)
        if year not in years.get(country, set()) and (country, year) not in ALLOWED_GAPS
    ]
    assert gaps == []


def test_at_least_70_countries_fully_covered() -> None:
    years = _head_years()
    full = [
        country
        for country, held in years.items()
        if all(
            year in held or (country, year) in ALLOWED_GAPS
            for year in range(FIRST_YEAR, LAST_YEAR + 1)
        )
    ]
    assert len(full) >= 70, sorted(full)
    assert len(REQUIRED_COUNTRIES) >= 70


def _person(pid: str) -> dict:
    matches = [person for person in _people() if person["id"] == pid]
    assert len(matches) == 1, pid
    return matches[0]


def _role(pid: str, title: str) -> list[tuple[str, dt.date, dt.date | None]]:
    return [
        (role["code"], _as_date(role["from"]), _as_date(role.get("to")))
        for role in _person(pid)["roles"]
        if role["title"] == title
    ]


@pytest.mark.parametrize(
    ("pid", "title", "expected"),
    [
        ("bashar-al-assad", "President", [("SYRGOV", dt.date(2000, 7, 17), dt.date(2024, 12, 8))]),
        ("angela-merkel", "Chancellor", [("DEUGOV", dt.date(2005, 11, 22), dt.date(2021, 12, 8))]),
        ("barack-obama", "President", [("USAGOV", dt.date(2009, 1, 20), dt.date(2017, 1, 20))]),
        ("sergey-lavrov", "Foreign Minister", [("RUSGOV", dt.date(2004, 3, 9), None)]),
        ("antonio-guterres", "UN Secretary-General", [("IGOUNO", dt.date(2017, 1, 1), None)]),
        (
            "kofi-annan",
            "UN Secretary-General",
            [("IGOUNO", dt.date(1997, 1, 1), dt.date(2006, 12, 31))],
        ),
        (
            "jens-stoltenberg",
            "NATO Secretary General",
            [("IGONAT", dt.date(2014, 10, 1), dt.date(2024, 10, 1))],
        ),
        (
            "ismail-haniyeh",
            "Prime Minister",
            [("PSEGOV", dt.date(2006, 3, 29), dt.date(2007, 6, 14))],
        ),
        (
            "hassan-nasrallah",
            "Secretary-General of Hezbollah",
            [("LBNREBHEZ", dt.date(1992, 2, 16), dt.date(2024, 9, 27))],
        ),
    ],
)
def test_known_facts(pid: str, title: str, expected: list) -> None:
    assert _role(pid, title) == expected


def test_putin_roles_in_order() -> None:
    roles = [(role["title"], _as_date(role["from"])) for role in _person("vladimir-putin")["roles"]]
    assert sorted(roles, key=lambda item: item[1]) == [
        ("Prime Minister", dt.date(1999, 8, 16)),
        ("Acting President", dt.date(1999, 12, 31)),
        ("President", dt.date(2000, 5, 7)),
        ("Prime Minister", dt.date(2008, 5, 8)),
        ("President", dt.date(2012, 5, 7)),
    ]


def test_surname_forms_used_by_news() -> None:
    assert _person("luiz-inacio-lula-da-silva")["surname"] == "Lula"
    assert _person("recep-tayyip-erdogan")["surname"] == "Erdogan"
    assert "Recep Tayyip Erdoğan" in _person("recep-tayyip-erdogan")["aliases"]
    assert "Volodymyr Zelenskyy" in _person("volodymyr-zelensky")["aliases"]


def test_non_state_leaders_carry_group_codes() -> None:
    assert _person("yahya-sinwar")["roles"][0]["code"].startswith("PSEREB")
    assert {r["code"] for r in _person("osama-bin-laden")["roles"]} == {"IMGMOSALQ"}
    assert {r["code"] for r in _person("abu-bakr-al-baghdadi")["roles"]} == {"IMGMOSISI"}
