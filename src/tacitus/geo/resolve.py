"""Choose one gazetteer entry per toponym mention, from the name and the rest of the story.

See the package docstring (``tacitus.geo``) for the scoring function and why it is so.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field

from ..model import Place
from . import tables
from .gazetteer import Entry, Gazetteer, name_key

# Feature priors (see the package docstring). Cities get PER_DECADE per power of ten of
# their population instead, plus CAPITAL when they are their country's capital.
PRIOR = {"country": 7.5, "admin1": 6.0, "region": 5.0, "continent": 5.0, "admin2": 3.5,
         "landmark": 6.0}
PRIOR_ADMIN1_WITHOUT_ID = 4.0  # ISO 3166-2 subdivisions we only know from pycountry
PER_DECADE = 0.9
CAPITAL = 1.5
ALTERNATE_NAME = -1.5  # matched only through an alternate name, for places under 10,000
# people; the cost shrinks to nothing at 3 million (big cities' alternates are often the
# everyday English name: "New York" for New York City).
ADMIN_CONTEXT = 8.0  # "Alexandria, Louisiana": the qualifier contains the candidate
STORY_COUNTRY = 3.5  # scaled by the share of the story's evidence for that country
STORY_ADMIN1 = 2.0  # another toponym of the story lies in the same admin1
NEARBY = 1.5  # per other toponym (differently spelled) with a candidate within NEARBY_KM
NEARBY_MAX = 3.0
NEARBY_KM = 60.0
NEARBY_CANDIDATES = 12  # only each mention's best candidates by prior take part
HINT_WEIGHT = 2.0  # weight of a caller's country hint, in mentions
DEMONYM_WEIGHT = 0.5  # weight of a nationality adjective, in mentions
ROUNDS = 2  # rounds of re-scoring with the story evidence of the previous round

_POSSESSIVE = re.compile(r"(?:'s|’s|'|’)$")
_LEADING_ARTICLE = re.compile(r"^(?:the|The|THE)\s+")
# Suffix rules turning a demonym or plural into its place name: Syrian -> Syria,
# Canadian -> Canada, Iraqi -> Iraq, Lebanese -> Lebanon, Gazans -> Gaza, Dagestani -> Dagestan.
_DEMONYM_RULES = (("ians", "ia"), ("ians", "a"), ("ans", "a"), ("ans", ""), ("ian", "ia"),
                  ("ian", "a"), ("ian", ""), ("an", "a"), ("an", ""), ("ns", ""), ("n", ""),
                  ("is", ""), ("i", ""), ("ese", ""), ("ese", "on"), ("ese", "a"),
                  ("ish", ""), ("ish", "ey"), ("s", ""))


@dataclass(frozen=True, slots=True)
class Mention:
    """A toponym to resolve: the text as written and its offsets."""

    text: str
    start: int
    end: int
    context: tuple[int, ...] = ()  # indexes of mentions that qualify this one ("X, Y")


@dataclass(slots=True)
class _Candidates:
    key: str
    entries: list[tuple[Entry, bool]] = field(default_factory=list)
    how: str = ""  # how the candidates were found when not by the plain name


def candidates(gazetteer: Gazetteer, text: str) -> _Candidates:
    """Places the text may name: the name as written, then cleaned-up and demonym forms."""
    cleaned = _POSSESSIVE.sub("", _LEADING_ARTICLE.sub("", text.strip())).strip(" .,;:")
    demonym = _listed_demonym(gazetteer, cleaned)
    for form in (text, cleaned):
        found = gazetteer.lookup(form)
        if found:
            if demonym and demonym not in found:  # "Canadian" (Texas) or the adjective
                return _Candidates(name_key(form), [demonym, *found])
            return _Candidates(name_key(form), list(found))
    words = cleaned.split()
    if len(words) > 1 and words[-1] in tables.STATE_WORDS:  # "Washington state"
        found = [c for c in gazetteer.lookup(" ".join(words[:-1]))
                 if c[0].feature == "admin1"]
        if found:
            return _Candidates(name_key(cleaned), found, "state")
    if len(words) > 1 and words[-1] in tables.CITY_WORDS:  # "Kansas City" is itself a name
        found = [c for c in gazetteer.lookup(" ".join(words[:-1])) if c[0].feature == "city"]
        if found:
            return _Candidates(name_key(cleaned), found, "city")
    return _demonym_candidates(gazetteer, cleaned)


def _listed_demonym(gazetteer: Gazetteer, text: str) -> tuple[Entry, bool] | None:
    code = tables.DEMONYMS.get(name_key(text))
    country = gazetteer.country(code) if code else None
    return None if country is None else (country, False)


def _demonym_candidates(gazetteer: Gazetteer, text: str) -> _Candidates:
    key = name_key(text)
    listed = _listed_demonym(gazetteer, text)
    if listed:
        return _Candidates(key, [listed], "demonym")
    lowered = text.casefold()
    for suffix, replacement in _DEMONYM_RULES:
        if lowered.endswith(suffix) and len(lowered) - len(suffix) >= 3:
            base = text[: len(text) - len(suffix)] + replacement
            found = [c for c in gazetteer.lookup(base)
                     if c[0].feature != "city" or not c[1]]
            if found:
                return _Candidates(key, found, "demonym")
    return _Candidates(key)


def demonym_country(text: str) -> str | None:
    """The alpha-2 country a nationality adjective names ("Syrian" -> "SY"), if known."""
    key = name_key(_POSSESSIVE.sub("", text))
    if key in tables.DEMONYMS:
        return tables.DEMONYMS[key]
    return None


def prior(entry: Entry, alternate: bool) -> float:
    """Score of a candidate before any context: its kind, size and how its name matched."""
    if entry.feature == "city":
        score = PER_DECADE * math.log10(entry.population + 10)
        score += CAPITAL if entry.capital else 0.0
    elif entry.feature == "admin1" and entry.geonameid is None:
        score = PRIOR_ADMIN1_WITHOUT_ID
    else:
        score = PRIOR[entry.feature]
    if alternate:
        decades_over_10k = max(0.0, math.log10(entry.population + 1) - 4.0)
        score += ALTERNATE_NAME * max(0.0, 1.0 - decades_over_10k / 2.5)
    return score


@dataclass(slots=True)
class _Story:
    """Evidence from the whole story: weights per country and per (country, admin1)."""

    countries: Counter = field(default_factory=Counter)
    admin1s: Counter = field(default_factory=Counter)
    by_key: dict = field(default_factory=dict)  # key -> (countries, admin1s) it contributed

    def add(self, key: str, country: str, admin1: str, weight: float) -> None:
        if not country:
            return
        own = self.by_key.setdefault(key, (Counter(), Counter()))
        self.countries[country] += weight
        own[0][country] += weight
        if admin1:
            self.admin1s[(country, admin1)] += weight
            own[1][(country, admin1)] += weight

    def without(self, key: str) -> tuple[Counter, Counter]:
        """The evidence of every mention except those spelled like `key` (no self-support)."""
        own = self.by_key.get(key)
        if own is None:
            return self.countries, self.admin1s
        return self.countries - own[0], self.admin1s - own[1]


@dataclass(frozen=True, slots=True)
class _Choice:
    entry: Entry | None
    how: str
    confident: bool


def _score(entry: Entry, alternate: bool, countries: Counter, admin1s: Counter,
           qualifiers: Sequence[Entry], nearby: int) -> tuple[float, str]:
    """Score of one candidate in its story, and the strongest contextual reason for it."""
    score = prior(entry, alternate)
    reasons: list[tuple[float, str]] = []
    if nearby:
        reasons.append((min(NEARBY_MAX, NEARBY * nearby), "near other places"))
    for q in qualifiers:
        if q.row != entry.row and q.country == entry.country and (
                q.feature == "country" or (q.admin1 and q.admin1 == entry.admin1)):
            reasons.append((ADMIN_CONTEXT, "admin context"))
            break
    total = sum(countries.values())
    if total and countries.get(entry.country):
        share = countries[entry.country] / max(countries.values())
        reasons.append((STORY_COUNTRY * share, f"story country {entry.country}"))
    if entry.admin1 and admin1s.get((entry.country, entry.admin1)) and entry.feature != "country":
        reasons.append((STORY_ADMIN1, f"story admin1 {entry.country}.{entry.admin1}"))
    score += sum(r[0] for r in reasons)
    return score, max(reasons)[1] if reasons else ""


def _choose(cands: _Candidates, countries: Counter, admin1s: Counter,
            qualifiers: Sequence[Entry], nearby: dict[int, int]) -> _Choice:
    if not cands.entries:
        return _Choice(None, "not in gazetteer", False)
    scored = sorted(
        ((*_score(e, alt, countries, admin1s, qualifiers, nearby.get(e.row, 0)), e)
         for e, alt in cands.entries),
        key=lambda t: (-t[0], -t[2].population, t[2].row))
    best_score, reason, best = scored[0]
    rivals = [s for s in scored[1:] if s[2].geonameid != best.geonameid or s[2].geonameid is None]
    if not rivals:
        return _Choice(best, cands.how or "only candidate", True)
    margin = best_score - rivals[0][0]
    best_prior = prior(best, dict(cands.entries)[best])
    beats_without_context = best_prior > max(prior(e, a) for e, a in cands.entries
                                             if e.row != best.row)
    if reason and not beats_without_context:
        how = reason
    elif best.feature == "city":
        how = "largest population" if best.population >= max(
            e.population for e, _ in cands.entries) else "capital"
    else:
        how = f"{best.feature} name"
    return _Choice(best, how, margin >= 1.5)


def _qualifiers(mentions: Sequence[Mention], index: int,
                choices: Sequence[_Choice | None]) -> list[Entry]:
    found = []
    for other in mentions[index].context:
        choice = choices[other]
        if choice is not None and choice.entry is not None:
            found.append(choice.entry)
    return found


def resolve_mentions(gazetteer: Gazetteer, mentions: Sequence[Mention], *,
                     country_hints: Sequence[str] = (),
                     demonyms: Sequence[str] = ()) -> tuple[Place, ...]:
    """Resolve mentions together: each one's story is the evidence of all the others.

    `country_hints` and `demonyms` are alpha-2 or alpha-3 codes of countries the story is
    known to concern (from the caller, and from nationality adjectives in the text).
    """
    cands = [candidates(gazetteer, m.text) for m in mentions]
    base = _Story()
    for code in country_hints:
        base.add("", _alpha2(gazetteer, code), "", HINT_WEIGHT)
    for code in demonyms:
        base.add("", _alpha2(gazetteer, code), "", DEMONYM_WEIGHT)
    choices: list[_Choice | None] = [None] * len(mentions)
    nearby = _nearby_counts(cands)
    story = base
    for _ in range(ROUNDS + 1):
        for i, c in enumerate(cands):
            countries, admin1s = story.without(c.key)
            choices[i] = _choose(c, countries, admin1s, _qualifiers(mentions, i, choices),
                                 nearby)
        story = _collect(base, cands, choices)
    return tuple(_place(gazetteer, m, ch) for m, ch in zip(mentions, choices, strict=True))


def _nearby_counts(cands: Sequence[_Candidates]) -> dict[int, int]:
    """For each candidate row: how many other toponyms have a candidate within NEARBY_KM.

    Places a story names together lie together ("Walker County" and "Huntsville" are both
    in Texas). Only point-like candidates (cities, counties, landmarks) take part, and only
    each mention's best NEARBY_CANDIDATES by prior; a grid of one-degree cells keeps it cheap.
    """
    grid: dict[tuple[int, int], list[tuple[str, Entry]]] = {}
    points: dict[str, list[Entry]] = {}
    for c in cands:
        if c.key in points:
            continue
        best = sorted(((prior(e, a), e) for e, a in c.entries
                       if e.feature in ("city", "admin2", "landmark") and e.lat is not None),
                      key=lambda t: -t[0])[:NEARBY_CANDIDATES]
        points[c.key] = [e for _, e in best]
        for e in points[c.key]:
            grid.setdefault((math.floor(e.lat), math.floor(e.lon)), []).append((c.key, e))
    if len(points) < 2:
        return {}
    counts: dict[int, int] = {}
    for key, entries in points.items():
        for e in entries:
            cy, cx = math.floor(e.lat), math.floor(e.lon)
            near = {k for dy in (-1, 0, 1) for dx in (-1, 0, 1)
                    for k, o in grid.get((cy + dy, cx + dx), ())
                    if k != key and _km(e, o) <= NEARBY_KM}
            if near:
                counts[e.row] = len(near)
    return counts


def _km(a: Entry, b: Entry) -> float:
    """Equirectangular distance: exact enough at the scale of NEARBY_KM."""
    x = math.radians(b.lon - a.lon) * math.cos(math.radians((a.lat + b.lat) / 2))
    y = math.radians(b.lat - a.lat)
    return 6371.0 * math.hypot(x, y)


def _collect(base: _Story, cands: Sequence[_Candidates],
             choices: Sequence[_Choice | None]) -> _Story:
    story = _Story(Counter(base.countries), Counter(base.admin1s),
                   {k: (Counter(v[0]), Counter(v[1])) for k, v in base.by_key.items()})
    for c, choice in zip(cands, choices, strict=True):
        if choice is None or choice.entry is None:
            continue
        weight = 1.0 if choice.confident else 0.5
        story.add(c.key, choice.entry.country, choice.entry.admin1, weight)
    return story


def _alpha2(gazetteer: Gazetteer, code: str) -> str:
    if len(code) == 3:
        for a2, a3 in gazetteer.alpha3.items():
            if a3 == code.upper():
                return a2
    return code.upper()


def _place(gazetteer: Gazetteer, mention: Mention, choice: _Choice | None) -> Place:
    if choice is None or choice.entry is None:
        return Place(mention.text, mention.start, mention.end, None, how="not in gazetteer")
    e = choice.entry
    admin1 = None
    if e.feature in ("admin1", "country", "region", "continent"):
        admin1 = e.name if e.feature == "admin1" else None
    elif e.admin1:
        region = gazetteer.admin1(e.country, e.admin1)
        admin1 = region.name if region else None
    return Place(
        text=mention.text, start=mention.start, end=mention.end, geonameid=e.geonameid,
        name=e.name, country=gazetteer.iso3(e.country) if e.country else None, admin1=admin1,
        lat=None if e.lat is None else round(e.lat, 5),
        lon=None if e.lon is None else round(e.lon, 5),
        feature=e.feature, how=_readable_how(gazetteer, choice.how),
    )


def _readable_how(gazetteer: Gazetteer, how: str) -> str:
    """Say countries with alpha-3 codes, as the rest of Tacitus does."""
    if how.startswith("story country "):
        return "story country " + (gazetteer.iso3(how.rsplit(" ", 1)[1]) or "?")
    if how.startswith("story admin1 "):
        cc, code = how.rsplit(" ", 1)[1].split(".", 1)
        region = gazetteer.admin1(cc, code)
        return "story admin1 " + (region.name if region else f"{cc}.{code}")
    return how
