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
# A match only through an alternate name costs ALTERNATE_NAME for places under 10,000 people,
# shrinking to ALTERNATE_NAME_BIG at 3 million: a big city's alternate is often its everyday
# English name, but the place that carries the name as its main name comes first ("New York"
# is the state, "Mexico" the country).
ALTERNATE_NAME = -1.5
ALTERNATE_NAME_BIG = -1.0
OTHERS_MAIN_NAME = -1.0  # an alternate-name match when another place has it as main name
BARE_COUNTY = -1.0  # "Becker" for Becker County: likelier a town unless "counties" follows
# In a facility's name, a part stands for the whole only when it names a place of some size
# (a town of about 2,000 people or more, a county, a region): "Elliott" does not make the
# airport. Natural features and townships are named after the small places beside them.
PARTIAL_MIN_PRIOR = 3.0
ADMIN_CONTEXT = 8.0  # "Alexandria, Louisiana": the qualifier contains the candidate
STORY_COUNTRY = 3.5  # scaled by the share of the story's evidence for that country
EVIDENCE_HALF = 0.5  # evidence (in mentions) at which the story country gives half its lift
STORY_ADMIN1 = 2.0  # scaled by the share of the story's evidence for that admin1
NEARBY = 1.5  # per other toponym (differently spelled) with a candidate within NEARBY_KM
NEARBY_MAX = 3.0
NEARBY_KM = 60.0
# Story evidence lifts a namesake of a country, continent or first-order division by at most
# this much, so "Egypt" stays the country in a US story; only a qualifier ("Lebanon, Ind.")
# or a dateline makes it the town.
NAMESAKE_CONTEXT_MAX = 3.0
DATELINE_AREA = -3.0  # a dateline names a city: countries, regions and states step back
COUNTY_WORD = 4.0  # "Jackson and Barrow counties": counties come first
HINT_WEIGHT = 2.0  # weight of a caller's country hint, in mentions
DEMONYM_WEIGHT = 0.5  # weight of a nationality adjective, in mentions
ROUNDS = 2  # rounds of re-scoring with the story evidence of the previous round
CONFIDENT_MARGIN = 1.5

_AREAS = frozenset(("country", "continent", "region", "admin1"))
_POINTS = frozenset(("city", "admin2", "landmark"))
_POSSESSIVE = re.compile(r"(?:'s|’s|'|’)$")
_LEADING_ARTICLE = re.compile(r"^(?:the|The|THE)\s+")
# Suffix rules turning a demonym or plural into its place name: Syrian -> Syria,
# Canadian -> Canada, Iraqi -> Iraq, Lebanese -> Lebanon, Gazans -> Gaza, Dagestani -> Dagestan,
# Ontarians -> Ontario, Londoner -> London, Richmondites -> Richmond.
_DEMONYM_RULES = (("ians", "ia"), ("ians", "a"), ("ians", "io"), ("ans", "a"), ("ans", ""),
                  ("ian", "ia"), ("ian", "a"), ("ian", "io"), ("ian", ""), ("an", "a"),
                  ("an", ""), ("ns", ""), ("n", ""), ("is", ""), ("i", ""), ("ese", ""),
                  ("ese", "on"), ("ese", "a"), ("ish", ""), ("ish", "ey"), ("ers", ""),
                  ("er", ""), ("ites", ""), ("ite", ""), ("s", ""))


@dataclass(frozen=True, slots=True)
class Mention:
    """A toponym to resolve: the text as written, its offsets and what surrounds it.

    `context` holds indexes of mentions that qualify this one ("X, Y"); `kind` is "dateline"
    for a dateline's place and "county" for a name followed by "County" or "counties".
    """

    text: str
    start: int
    end: int
    context: tuple[int, ...] = ()
    kind: str = ""


@dataclass(frozen=True, slots=True)
class Candidates:
    """The places a written name may stand for, best prior first.

    `key` identifies the name in the story ("Asian" and "Asia" share one, so that a name
    never supports itself); `how` says how they were found when not by the plain name.
    """

    key: str
    entries: tuple[Entry, ...] = ()
    priors: tuple[float, ...] = ()
    how: str = ""
    namesake_of_area: bool = False  # the name is the main name of a country, state, …
    partial: bool = False  # found through a part of the name (see `_partial_candidates`)
    by_country: dict = field(default_factory=dict)  # alpha-2 -> indexes of its candidates
    cells: dict = field(default_factory=dict)  # (lat, lon) degree cell -> indexes of points


def candidates(gazetteer: Gazetteer, text: str) -> Candidates:
    """Places the text may name: the name as written, then cleaned-up and demonym forms.

    Memoised on the gazetteer: a name costs one expansion per process.
    """
    return gazetteer.memoised(("candidates", text), lambda: _candidates(gazetteer, text))


def _candidates(gazetteer: Gazetteer, text: str) -> Candidates:
    cleaned = _POSSESSIVE.sub("", _LEADING_ARTICLE.sub("", text.strip())).strip(" ,;:")
    if not _INITIALS.match(cleaned):
        cleaned = cleaned.rstrip(".")
    demonym = _listed_demonym(gazetteer, cleaned)
    for form in (text, cleaned):
        found = gazetteer.lookup(form)
        if found:
            if demonym and demonym not in found:  # "Canadian" (Texas) or the adjective
                return _ranked(name_key(form), [demonym, *found])
            return _ranked(name_key(form), found)
    words = cleaned.split()
    if len(words) > 1 and words[-1] in tables.STATE_WORDS:  # "Washington state"
        found = [c for c in gazetteer.lookup(" ".join(words[:-1]))
                 if c[0].feature == "admin1"]
        if found:
            return _ranked(name_key(cleaned), found, "state")
    if len(words) > 1 and words[-1] in tables.CITY_WORDS:  # "Kansas City" is itself a name
        found = [c for c in gazetteer.lookup(" ".join(words[:-1])) if c[0].feature == "city"]
        if found:
            return _ranked(name_key(cleaned), found, "city")
    found = _demonym_candidates(gazetteer, cleaned)
    return found if found.entries else _partial_candidates(gazetteer, cleaned)


def _partial_candidates(gazetteer: Gazetteer, text: str) -> Candidates:
    """A name the gazetteer lacks, read through the place name inside it.

    Generic words of features and facilities go ("Sacramento River", "Madison Township",
    "Port of Los Angeles", "Vancouver Art Gallery"), as do compass words ("South Los
    Angeles"); then the longest run of remaining words the gazetteer knows is taken. Such
    candidates are approximate: they never count as confident evidence for the story.
    """
    words = [w for w in text.split() if w]
    if len(words) < 2:
        return Candidates(name_key(text))
    direction = words[0].rstrip(".") in tables.DIRECTION_ABBREVIATIONS
    if direction:
        expanded = [tables.DIRECTION_ABBREVIATIONS[words[0].rstrip(".")], *words[1:]]
        found = gazetteer.lookup(" ".join(expanded))
        if found:
            return _ranked(name_key(" ".join(expanded)), found)
    parts = _PART_SEPARATORS.split(text)
    keep = [w for w in parts if w[:1].isupper()
            and w.casefold().rstrip(".") not in tables.GENERIC_WORDS]
    facility = any(w.casefold().rstrip(".") in tables.FACILITY_WORDS for w in parts)
    least = PARTIAL_MIN_PRIOR if facility else -math.inf
    for n in range(len(keep), 0, -1):
        for i in range(len(keep) - n + 1):
            part = " ".join(keep[i:i + n])
            found = gazetteer.lookup(part) if len(part) > 2 else ()
            if found:
                ranked = _ranked(name_key(part), found, f"part of name: {part}", partial=True)
                if ranked.priors[0] >= least:
                    return ranked
    return Candidates(name_key(text))


_PART_SEPARATORS = re.compile(r"[\s\-‐–—/]+")
_INITIALS = re.compile(r"^[A-Z](?:\.\s?[A-Z])+\.$")


def _ranked(key: str, found, how: str = "", *, partial: bool = False) -> Candidates:
    main_name = any(not alt for _, alt in found)
    scored = sorted(((prior(e, alt) + (OTHERS_MAIN_NAME if alt and main_name else 0.0), e)
                     for e, alt in found),
                    key=lambda t: (-t[0], -t[1].population, t[1].row))
    namesake = any(e.feature in _AREAS and not alt and e.geonameid for e, alt in found)
    by_country: dict[str, list[int]] = {}
    cells: dict[tuple[int, int], list[int]] = {}
    for i, (_, e) in enumerate(scored):
        by_country.setdefault(e.country, []).append(i)
        if e.feature in _POINTS and e.lat is not None:
            cells.setdefault((math.floor(e.lat), math.floor(e.lon)), []).append(i)
    return Candidates(key, tuple(e for _, e in scored), tuple(p for p, _ in scored), how,
                      namesake, partial, by_country, cells)


def _listed_demonym(gazetteer: Gazetteer, text: str) -> tuple[Entry, bool] | None:
    key = name_key(text)
    code = tables.DEMONYMS.get(key) or tables.DEMONYMS.get(key[:-1] if key.endswith("s")
                                                          else "")
    country = gazetteer.country(code) if code else None
    return None if country is None else (country, False)


def _demonym_candidates(gazetteer: Gazetteer, text: str) -> Candidates:
    listed = _listed_demonym(gazetteer, text)
    if listed:
        return _ranked(name_key(listed[0].name), [listed], "demonym")
    lowered = text.casefold()
    for suffix, replacement in _DEMONYM_RULES:
        if lowered.endswith(suffix) and len(lowered) - len(suffix) >= 3:
            base = text[: len(text) - len(suffix)] + replacement
            found = [c for c in gazetteer.lookup(base)
                     if c[0].feature != "city" or not c[1]]
            if found:
                return _ranked(name_key(base), found, "demonym")
    return Candidates(name_key(text))


def demonym_country(text: str) -> str | None:
    """The alpha-2 country a nationality adjective names ("Syrian" -> "SY"), if known."""
    key = name_key(_POSSESSIVE.sub("", text))
    if key in tables.DEMONYMS:
        return tables.DEMONYMS[key]
    if key.endswith("s") and key[:-1] in tables.DEMONYMS:  # "Syrians", "Russians"
        return tables.DEMONYMS[key[:-1]]
    return None


def prior(entry: Entry, alternate: bool) -> float:
    """Score of a candidate before any context: its kind, size and how its name matched."""
    if entry.feature == "city":
        score = PER_DECADE * math.log10(entry.population + 10)
        score += CAPITAL if entry.capital else 0.0
    elif entry.feature == "admin1" and entry.geonameid is None and entry.admin1 == "":
        score = PRIOR_ADMIN1_WITHOUT_ID
    else:
        score = PRIOR[entry.feature]
    if alternate and entry.feature == "admin2":
        score += BARE_COUNTY
    elif alternate:
        decades_over_10k = max(0.0, math.log10(entry.population + 1) - 4.0)
        small = max(0.0, 1.0 - decades_over_10k / 2.5)
        score += ALTERNATE_NAME_BIG + (ALTERNATE_NAME - ALTERNATE_NAME_BIG) * small
    return score


# --------------------------------------------------------------------------- the story


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

    def without(self, key: str) -> tuple[dict, dict]:
        """Shares of the evidence of every mention except those spelled like `key`.

        Countries' shares are relative to the best-supported country; admin1s' to the
        best-supported admin1 of the same country.
        """
        own = self.by_key.get(key)
        countries, admin1s = self.countries, self.admin1s
        if own is not None:
            countries, admin1s = countries - own[0], admin1s - own[1]
        top = max(countries.values(), default=0.0)
        country_share = {c: w / (top + EVIDENCE_HALF) for c, w in countries.items()
                         if w > 0}
        best_in: dict[str, float] = {}
        for (cc, _), w in admin1s.items():
            best_in[cc] = max(best_in.get(cc, 0.0), w)
        admin1_share = {a: w / best_in[a[0]] for a, w in admin1s.items()}
        return country_share, admin1_share


@dataclass(frozen=True, slots=True)
class _Choice:
    entry: Entry | None
    how: str
    confident: bool


# Reasons a candidate scores, as ranks that sort like their texts ("near other places" <
# "story admin1 …" < "story country …", the tie-break among equal weights): a reason is
# written out only for the winning candidate, not for each one scored.
_NO_REASON, _NEAR, _STORY_ADMIN1, _STORY_COUNTRY, _ADMIN_CONTEXT = -1, 0, 1, 2, 3


def _reason_text(reason: int, entry: Entry) -> str:
    if reason == _STORY_COUNTRY:
        return f"story country {entry.country}"
    if reason == _STORY_ADMIN1:
        return f"story admin1 {entry.country}.{entry.admin1}"
    return {_NEAR: "near other places", _ADMIN_CONTEXT: "admin context"}.get(reason, "")


def _context(entry: Entry, countries: dict, admin1s: dict) -> list[tuple[float, int]]:
    """The story's reasons for a candidate (its country and admin1), each with its weight."""
    reasons: list[tuple[float, int]] = []
    share = countries.get(entry.country)
    if share:
        reasons.append((STORY_COUNTRY * share, _STORY_COUNTRY))
    if entry.admin1 and entry.feature != "country":
        share = admin1s.get((entry.country, entry.admin1))
        if share:
            reasons.append((STORY_ADMIN1 * share, _STORY_ADMIN1))
    return reasons


def _qualified(entry: Entry, qualifiers: Sequence[Entry]) -> bool:
    return any(q.row != entry.row and q.country == entry.country and (
        q.feature == "country" or (q.admin1 and q.admin1 == entry.admin1))
        for q in qualifiers)


def _score(cands: Candidates, i: int, kind: str, countries: dict, admin1s: dict,
           qualifiers: Sequence[Entry], near: int) -> tuple[float, int]:
    """Score of one candidate in its story, and the strongest contextual reason for it
    (see `_reason_text`)."""
    entry = cands.entries[i]
    score = cands.priors[i]
    if kind == "dateline" and entry.feature in _AREAS:
        score += DATELINE_AREA
    if kind == "county" and entry.feature == "admin2":
        score += COUNTY_WORD
    if qualifiers and _qualified(entry, qualifiers):
        return score + ADMIN_CONTEXT, _ADMIN_CONTEXT
    reasons = _context(entry, countries, admin1s)
    lift = sum(r[0] for r in reasons)
    if cands.namesake_of_area and kind != "dateline" and (
            entry.feature not in _AREAS or not entry.geonameid):
        lift = min(lift, NAMESAKE_CONTEXT_MAX)
    if near:
        reasons.append((min(NEARBY_MAX, NEARBY * near), _NEAR))
        lift += reasons[-1][0]
    if not reasons:
        return score, _NO_REASON
    return score + lift, max(reasons)[1]


def _choose(cands: Candidates, kind: str, countries: dict, admin1s: dict,
            qualifiers: Sequence[Entry], nearby: dict[int, int]) -> _Choice:
    """The best candidate in context, how it won, and whether it won clearly.

    Only candidates the context can lift are scored in full (those in a country of the
    story, near other places, or any when a qualifier or the mention's kind applies); the
    others keep their prior, and candidates are sorted by prior, so the first of them is
    the only one that can compete.
    """
    n = len(cands.entries)
    if not n:
        return _Choice(None, "not in gazetteer", False)
    if qualifiers or kind:
        chosen: set[int] | range = range(n)
    else:
        chosen = {0, *nearby}
        for country in countries:
            chosen.update(cands.by_country.get(country, ()))
    scored = [(*_score(cands, i, kind, countries, admin1s, qualifiers, nearby.get(i, 0)), i)
              for i in chosen]
    if len(scored) < n:
        rest = next(i for i in range(n) if i not in chosen)
        scored.append((cands.priors[rest], _NO_REASON, rest))
    scored.sort(key=lambda t: (-t[0], t[2]))
    best_score, reason_rank, i = scored[0]
    best = cands.entries[i]
    reason = _reason_text(reason_rank, best)
    rivals = [t for t in scored[1:] if cands.entries[t[2]].geonameid != best.geonameid
              or best.geonameid is None]
    if not rivals:
        return _Choice(best, cands.how or "only candidate", not cands.partial)
    margin = best_score - rivals[0][0]
    if cands.partial:
        how = cands.how
    elif reason and i != 0:
        how = reason
    elif kind == "dateline" and best.feature not in _AREAS and i != 0:
        how = "dateline"
    elif best.feature == "city":
        how = "largest population" if best.population >= max(
            e.population for e in cands.entries) else "capital"
    else:
        how = f"{best.feature} name"
    return _Choice(best, how, margin >= CONFIDENT_MARGIN and not cands.partial)


def _qualifiers(mentions: Sequence[Mention], index: int,
                choices: Sequence[_Choice | None]) -> list[Entry]:
    found = []
    for other in mentions[index].context:
        choice = choices[other]
        if choice is not None and choice.entry is not None:
            found.append(choice.entry)
    return found


_NO_EVIDENCE = object()  # the shares key of names that gave the story no evidence


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
    nearby = _nearby_counts(cands)  # id -> {candidate index: other toponyms near it}
    story = base
    for n in range(ROUNDS + 1):
        before = list(choices)
        memo: dict = {}
        shares: dict = {}
        for i, c in enumerate(cands):
            quals = _qualifiers(mentions, i, choices)
            key = (c.key, id(c), mentions[i].kind, tuple(q.row for q in quals))
            if key not in memo:
                if c.key not in shares:
                    # (a name that gave the story no evidence sees all of it: one computation)
                    own = c.key if c.key in story.by_key else _NO_EVIDENCE
                    if own not in shares:
                        shares[own] = story.without(c.key)
                    shares[c.key] = shares[own]
                countries, admin1s = shares[c.key]
                memo[key] = _choose(c, mentions[i].kind, countries, admin1s, quals,
                                    nearby.get(id(c), {}))
            choices[i] = memo[key]
        if n and choices == before:
            break  # a fixed point: the story it would collect is the one just read
        story = _collect(base, cands, choices)
    return tuple(_place(gazetteer, m, ch) for m, ch in zip(mentions, choices, strict=True))


def _nearby_counts(cands: Sequence[Candidates]) -> dict[int, dict[int, int]]:
    """For each candidate list and candidate: how many other toponyms have a candidate near.

    Places a story names together lie together ("Walker County" and "Huntsville" are both
    in Texas; "Alexandria", "Brandon" and "Kensington" in Minnesota). Only point-like
    candidates (cities, counties, landmarks) take part, and a toponym never supports
    another spelled the same way. A grid of one-degree cells records which candidate lists
    have a point in each cell, so distances are computed only between neighbouring cells.
    Returns id(candidate list) -> candidate index -> count (NEARBY_KM apart at most).
    """
    grid: dict[tuple[int, int], dict[int, list[int]]] = {}
    lists: dict[int, Candidates] = {}
    for c in cands:
        if id(c) in lists or not c.cells:
            continue
        lists[id(c)] = c
        for cell, indexes in c.cells.items():
            grid.setdefault(cell, {})[id(c)] = indexes
    if len({c.key for c in lists.values()}) < 2:
        return {}
    counts: dict[int, dict[int, int]] = {}
    for cell, here in grid.items():
        around = [g for dy in (-1, 0, 1) for dx in (-1, 0, 1)
                  if (g := grid.get((cell[0] + dy, cell[1] + dx)))]
        if len({lists[k].key for g in around for k in g}) < 2:
            continue
        for ident, indexes in here.items():
            own = lists[ident]
            for i in indexes:
                e = own.entries[i]
                near = {lists[k].key for g in around for k, js in g.items()
                        if lists[k].key != own.key and any(
                            _km(e, lists[k].entries[j]) <= NEARBY_KM for j in js)}
                if near:
                    counts.setdefault(ident, {})[i] = len(near)
    return counts


def _km(a: Entry, b: Entry) -> float:
    """Equirectangular distance: exact enough at the scale of NEARBY_KM."""
    x = math.radians(b.lon - a.lon) * math.cos(math.radians((a.lat + b.lat) / 2))
    y = math.radians(b.lat - a.lat)
    return 6371.0 * math.hypot(x, y)


def _collect(base: _Story, cands: Sequence[Candidates],
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
    """The alpha-2 code of an alpha-2 or alpha-3 one (memoised: a scan of every country)."""
    return gazetteer.memoised(("alpha2", code), lambda: _find_alpha2(gazetteer, code))


def _find_alpha2(gazetteer: Gazetteer, code: str) -> str:
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
