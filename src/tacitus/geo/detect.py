"""Find toponyms in a parsed article, read its dateline, and place an event."""

from __future__ import annotations

import re
from collections.abc import Sequence

from ..model import Location, Place
from .gazetteer import Gazetteer, build_gazetteer
from .resolve import Mention, candidates, demonym_country, resolve_mentions

TOPONYM_LABELS = ("GPE", "LOC", "FAC")
# Entities that are never toponyms, so the gazetteer scan does not look inside them. ORG is
# not among them: "Edmonton Police Service", "Kentucky State Police" start with a place.
_OTHER_LABELS = ("PERSON", "NORP", "WORK_OF_ART", "EVENT", "PRODUCT", "LAW")
# Names the gazetteer scan may add on its own (NER missed them): kinds of place whose names
# are rarely ordinary words, and cities big enough that a capitalised match is probably one.
_SCAN_FEATURES = ("country", "admin1", "region", "continent")
_SCAN_MIN_POPULATION = 100_000
_SCAN_MAX_WORDS = 4

# "DAMASCUS, Syria (Reuters) -", "BEIRUT —", "WASHINGTON, March 3 (AP) —",
# "KABUL, Afghanistan, Jan. 5 (Xinhua) --": capitals, an optional region, an optional date,
# an optional agency in brackets, then a dash.
_DATELINE = re.compile(
    r"""^\s*
    (?P<place>[A-Z][A-Z.'’\- ]*[A-Z.](?:,\s+(?!(?:Jan|Feb|March|April|May|June|July|Aug|Sept|
        Oct|Nov|Dec)[a-z]*\.?\s+\d)[A-Z][A-Za-z.'’\- ]*?[A-Za-z.])?)
    (?:,\s+(?:Jan|Feb|March|April|May|June|July|Aug|Sept|Oct|Nov|Dec)[a-z]*\.?\s+\d{1,2})?
    \s*(?:\([^)]{1,40}\))?\s*(?:-{1,2}|—|–|:)\s""",
    re.VERBOSE,
)
# A qualifier right after a toponym: ", Louisiana", ", La.", ", N.Y.", ", Syria".
_QUALIFIER = re.compile(
    r"^,\s*((?:[A-Z]\.){2,3}|[A-Z][a-z]{1,4}\.|[A-Z][a-z]+(?:\s[A-Z][a-z]+){0,2})")


def parse_dateline(text: str) -> tuple[str, int, int] | None:
    """The dateline's place (as written, with its region if given) and its offsets.

    Returns None when the text does not open with a dateline. The place must be written in
    capitals ("BEIRUT", "NEW YORK"), as wire services do; a region after it ("Syria") is
    kept, since it is what makes "PARIS, Texas" a place in Texas.
    """
    match = _DATELINE.match(text)
    if not match:
        return None
    place = match.group("place").rstrip()
    start = match.start("place")
    head = place.split(",", 1)[0]
    if len(head.replace(" ", "").replace(".", "")) < 2 or not head.isupper():
        return None
    return place, start, start + len(place)


def resolve_toponyms(text: str, spans: Sequence[tuple[int, int]], *,
                     country_hints: Sequence[str] = (),
                     gazetteer: Gazetteer | None = None) -> tuple[Place, ...]:
    """Resolve given toponym spans of `text` (one Place per span, in the given order).

    Qualifiers written right after a span (", Louisiana", ", Ill.") count as admin context
    even when they are not among the spans.
    """
    gazetteer = gazetteer or build_gazetteer()
    mentions = [Mention(text[s:e], s, e) for s, e in spans]
    mentions, hidden = _with_qualifiers(gazetteer, text, mentions)
    places = resolve_mentions(gazetteer, mentions, country_hints=country_hints)
    return tuple(p for i, p in enumerate(places) if i not in hidden)


def find_places(doc, *, gazetteer: Gazetteer | None = None,
                country_hints: Sequence[str] = (), demonyms: bool = True
                ) -> tuple[Place, ...]:
    """Detect and resolve every toponym mention of a spaCy Doc, in text order.

    Toponyms are the GPE, LOC and FAC entities, the dateline place, and capitalised names
    the gazetteer knows as countries, regions or big cities that NER missed or buried in an
    organisation's name ("Edmonton Police Service"). Nationality adjectives (NORP: "Syrian")
    count as evidence of the story's countries and, with `demonyms`, come back as places of
    feature "country" with how="demonym" (the TR-News and LGL annotators count "Syrian" as a
    toponym; ``event_location`` ignores them).
    """
    gazetteer = gazetteer or build_gazetteer()
    text = doc.text
    spans = _entity_spans(doc)
    dateline = parse_dateline(text)
    if dateline:
        head_end = dateline[1] + len(dateline[0].split(",", 1)[0])
        spans.append((dateline[1], head_end))
    spans.extend(_gazetteer_spans(doc, gazetteer, spans))
    spans = _merge(spans)
    mentions = [Mention(text[s:e], s, e) for s, e in spans]
    mentions, hidden = _with_qualifiers(gazetteer, text, mentions)
    adjectives = [(ent, c) for ent in doc.ents if ent.label_ == "NORP"
                  if (c := demonym_country(ent.text))]
    places = resolve_mentions(gazetteer, mentions, country_hints=country_hints,
                              demonyms=[c for _, c in adjectives])
    places = [p for i, p in enumerate(places) if i not in hidden]
    if demonyms:
        places.extend(_demonym_places(gazetteer, adjectives, places))
    return tuple(sorted(places, key=lambda p: p.start))


def _demonym_places(gazetteer: Gazetteer, adjectives, places: Sequence[Place]
                    ) -> list[Place]:
    taken = {(p.start, p.end) for p in places}
    out = []
    for ent, code in adjectives:
        country = gazetteer.country(code)
        if country is None or (ent.start_char, ent.end_char) in taken:
            continue
        out.append(Place(ent.text, ent.start_char, ent.end_char, country.geonameid,
                         name=country.name, country=gazetteer.iso3(code), lat=country.lat,
                         lon=country.lon, feature="country", how="demonym"))
    return out


def _entity_spans(doc) -> list[tuple[int, int]]:
    spans = []
    for ent in doc.ents:
        if ent.label_ not in TOPONYM_LABELS:
            continue
        start, end = ent.start_char, ent.end_char
        words = ent.text
        if words[:4].lower() == "the ":
            start += 4
        if words.endswith(("'s", "’s")):
            end -= 2
        if "," in doc.text[start:end]:  # "Alexandria, Louisiana" as one entity: two toponyms
            head, _, tail = doc.text[start:end].partition(",")
            spans.append((start, start + len(head.rstrip())))
            tail_start = start + len(head) + 1 + (len(tail) - len(tail.lstrip()))
            if tail_start < end:
                spans.append((tail_start, end))
            continue
        if end > start:
            spans.append((start, end))
    return spans


def _gazetteer_spans(doc, gazetteer: Gazetteer,
                     taken: Sequence[tuple[int, int]]) -> list[tuple[int, int]]:
    """Capitalised token runs outside any entity that name a well-known place."""
    blocked = [False] * len(doc)
    for ent in doc.ents:
        if ent.label_ in _OTHER_LABELS or ent.label_ in TOPONYM_LABELS:
            for i in range(ent.start, ent.end):
                blocked[i] = True
    covered = {c for s, e in taken for c in range(s, e)}
    found: list[tuple[int, int]] = []
    i = 0
    while i < len(doc):
        hit = None
        if not blocked[i] and doc[i].text[:1].isupper() and doc[i].idx not in covered and (
                i == 0 or not doc[i].is_sent_start or doc[i].pos_ == "PROPN"):
            for n in range(min(_SCAN_MAX_WORDS, len(doc) - i), 0, -1):
                span = doc[i:i + n]
                if any(blocked[i:i + n]) or not span[-1].text[:1].isupper():
                    continue
                if _well_known(gazetteer, span.text):
                    hit = (span.start_char, span.end_char, n)
                    break
        if hit:
            found.append(hit[:2])
            i += hit[2]
        else:
            i += 1
    return found


def _well_known(gazetteer: Gazetteer, name: str) -> bool:
    if len(name) < 3 and not name.isupper():
        return False
    for entry, alternate in gazetteer.lookup(name):
        if entry.feature in _SCAN_FEATURES and not alternate and entry.geonameid:
            return True
        if entry.feature == "city" and not alternate and \
                entry.population >= _SCAN_MIN_POPULATION:
            return True
    return False


def _merge(spans: Sequence[tuple[int, int]]) -> list[tuple[int, int]]:
    """Sort spans and drop any that overlaps an earlier, longer one."""
    kept: list[tuple[int, int]] = []
    for s, e in sorted(set(spans), key=lambda t: (t[0], -(t[1] - t[0]))):
        if kept and s < kept[-1][1]:
            continue
        kept.append((s, e))
    return kept


def _with_qualifiers(gazetteer: Gazetteer, text: str, mentions: list[Mention]
                     ) -> tuple[list[Mention], set[int]]:
    """Link each mention to a qualifier written right after it; add unlisted ones hidden."""
    by_start = {m.start: i for i, m in enumerate(mentions)}
    out = list(mentions)
    hidden: set[int] = set()
    for i, m in enumerate(mentions):
        match = _QUALIFIER.match(text[m.end:m.end + 40])
        if not match:
            continue
        q_start = m.end + match.start(1)
        q_text = match.group(1)
        j = by_start.get(q_start)
        if j is None:
            cands = candidates(gazetteer, q_text).entries
            if not any(e.feature in ("admin1", "country") for e, _ in cands):
                continue
            j = len(out)
            out.append(Mention(q_text, q_start, q_start + len(q_text)))
            hidden.add(j)
        out[i] = Mention(m.text, m.start, m.end, context=(j,))
    return out, hidden


def event_location(sentence_start: int, sentence_end: int, places: Sequence[Place],
                   dateline_place: Place | None, *, anchor: int | None = None
                   ) -> Location | None:
    """Where an event happened: a place of its sentence, else the dateline place.

    In the sentence, the resolved non-country place nearest to `anchor` (the event's trigger
    offset) is preferred when an anchor is given, else the first resolved non-country place,
    else the first country. Unresolved toponyms and nationality adjectives are skipped.
    """
    inside = [p for p in places if sentence_start <= p.start and p.end <= sentence_end
              and _resolved(p) and p.how != "demonym"]
    specific = [p for p in inside if p.feature not in ("country", "continent")]
    if specific:
        chosen = min(specific, key=lambda p: abs(p.start - anchor)) if anchor is not None \
            else specific[0]
        return _location(chosen, "sentence")
    countries = [p for p in inside if p.feature == "country"]
    if countries:
        return _location(countries[0], "sentence country")
    if dateline_place is not None and _resolved(dateline_place):
        return _location(dateline_place, "dateline")
    return None


def _resolved(place: Place) -> bool:
    return place.geonameid is not None or place.lat is not None


def _location(place: Place, how: str) -> Location:
    return Location(text=place.text, geonameid=place.geonameid, name=place.name,
                    country=place.country, lat=place.lat, lon=place.lon, how=how)
