"""Find toponyms in a parsed article, read its dateline, and place an event."""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence
from typing import NamedTuple

import numpy

from ..model import Location, Place
from ..nlp import text as doc_text
from . import tables
from .gazetteer import Gazetteer, build_gazetteer, name_key
from .resolve import Mention, candidates, demonym_country, prior, resolve_mentions

TOPONYM_LABELS = ("GPE", "LOC", "FAC")
# Entities that are never toponyms, so the gazetteer scan does not look inside them. ORG is
# not among them: "Edmonton Police Service", "Kentucky State Police" start with a place.
_OTHER_LABELS = ("PERSON", "NORP", "WORK_OF_ART", "EVENT", "PRODUCT", "LAW")
_SCAN_MAX_WORDS = 4
# Runs of capitalised words ("New South Wales", "St. Louis"): the gazetteer scan's material.
_CAPITALISED_RUN = re.compile(r"[A-ZÀ-ÖØ-Þ][\w'’.\-]*(?: [A-ZÀ-ÖØ-Þ][\w'’.\-]*)*")
_WORD_TAIL = re.compile(r"(?:['’]s|['’]|[.,])+$")

# "DAMASCUS, Syria (Reuters) -", "BEIRUT —", "WASHINGTON, March 3 (AP) —",
# "KABUL, Afghanistan, Jan. 5 (Xinhua) --": capitals, an optional region, an optional date,
# an optional agency in brackets, then a dash.
_DATELINE = re.compile(
    r"""^\s*
    (?P<place>[A-Z][A-Z.'’\- ]*[A-Z.](?:,\s+(?!(?:Jan|Feb|March|April|May|June|July|Aug|Sept|
        Oct|Nov|Dec)[a-z]*\.?\s+\d)[A-Z][A-Za-z.'’\- ]*?[A-Za-z.])?)
    (?:,\s+(?:Jan|Feb|March|April|May|June|July|Aug|Sept|Oct|Nov|Dec)[a-z]*\.?\s+\d{1,2})?
    \s*+(?:\([^)]{1,40}\))?\s*+(?:-{1,2}|—|–|:)\s""",  # (possessive: no n² over a run of blanks)
    re.VERBOSE,
)
# Local papers put the dateline after a headline sentence: "Title here. MALTA – About …".
_LATE_DATELINE = re.compile(r"(?<=[.!?] )(?P<place>[A-Z][A-Z.'’\-]+(?: [A-Z][A-Z.'’\-]+)*)"
                            r"(?:, [A-Z][a-z]+\.?)?(?: ?\([^)]{1,40}\))? ?(?:—|–|--) ")
_LATE_DATELINE_REACH = 300  # characters from the start of the text
# A qualifier right after a toponym: ", Louisiana", ", La.", ", N.Y.", ", Syria".
_QUALIFIER = re.compile(
    r"^,\s*((?:[A-Z]\.){2,3}|[A-Z][a-z]{1,4}\.|[A-Z][a-z]+(?:\s[A-Z][a-z]+){0,2})")
# "Becker County", "Jackson and Barrow counties", "Becker, Clay and Grant counties".
_COUNTY_AFTER = re.compile(
    r"^(?:(?:,\s*(?:and\s+|or\s+)?|\s+(?:and|or|&)\s+)[A-Z][\w.'’\-]*(?:\s[A-Z][\w.'’\-]*)?)*"
    r",?\s+(?:[Cc]ount(?:y|ies)|[Pp]arish(?:es)?)\b")


def parse_dateline(text: str) -> tuple[str, int, int] | None:
    """The dateline's place (as written, with its region if given) and its offsets.

    Returns None when the text has no dateline. The place must be written in capitals
    ("BEIRUT", "NEW YORK"), as wire services do, either at the very start or right after
    a headline sentence near the start ("… book sale. MALTA – About 5,000 books …"); a
    region after it ("Syria") is kept, since it is what makes "PARIS, Texas" a place in Texas.
    """
    match = _dateline_match(text)
    if match is None:
        return None
    place = match.group("place").rstrip()
    start = match.start("place")
    return place, start, start + len(place)


def dateline_span(text: str) -> tuple[int, int] | None:
    """Where the whole dateline lies: from its place to after its dash, agency and date
    included ("MOSCOW, March 3 (Reuters) - "); None when the text has none."""
    match = _dateline_match(text)
    return None if match is None else (match.start("place"), match.end())


def _dateline_match(text: str):
    match = _DATELINE.match(text)
    if not match:
        match = _LATE_DATELINE.search(text, 0, _LATE_DATELINE_REACH)
    if not match:
        return None
    head = match.group("place").rstrip().split(",", 1)[0]
    if len(head.replace(" ", "").replace(".", "")) < 2 or not head.isupper():
        return None
    return match


def _dateline_head(text: str) -> tuple[int, int] | None:
    found = parse_dateline(text)
    if found is None:
        return None
    return found[1], found[1] + len(found[0].split(",", 1)[0])


def resolve_toponyms(text: str, spans: Sequence[tuple[int, int]], *,
                     country_hints: Sequence[str] = (),
                     gazetteer: Gazetteer | None = None) -> tuple[Place, ...]:
    """Resolve given toponym spans of `text` (one Place per span, in the given order).

    Qualifiers written right after a span (", Louisiana", ", Ill.") count as admin context
    even when they are not among the spans; a span that is the dateline's place, or that is
    followed by "County"/"counties", is read as such.
    """
    gazetteer = gazetteer or build_gazetteer()
    mentions = [Mention(text[s:e], s, e) for s, e in spans]
    mentions, hidden = _annotate(gazetteer, text, mentions, _dateline_head(text))
    places = resolve_mentions(gazetteer, mentions, country_hints=country_hints)
    return tuple(p for i, p in enumerate(places) if i not in hidden)


def find_places(doc, *, gazetteer: Gazetteer | None = None,
                country_hints: Sequence[str] = (), demonyms: bool = True
                ) -> tuple[Place, ...]:
    """Detect and resolve every toponym mention of a spaCy Doc, in text order.

    Toponyms are the GPE, LOC and FAC entities, the dateline place, place names that open
    a local-government organisation ("Laurel County Sheriff's Office") or that NER took for
    a person or organisation after "in"/"near" ("in Gainesville"), and capitalised names the
    gazetteer knows as countries, regions, US counties or big cities that NER missed or
    buried in an organisation's name ("Edmonton Police Service"). Nationality adjectives
    (NORP: "Syrian", "Russians")
    count as evidence of the story's countries and, with `demonyms`, come back as places of
    feature "country" with how="demonym" (the TR-News and LGL annotators count "Syrian" as a
    toponym; ``event_location`` ignores them).
    """
    gazetteer = gazetteer or build_gazetteer()
    text = doc_text(doc)
    ents = _entities(doc, text)
    spans = _entity_spans(ents, text)
    dateline = _dateline_head(text)
    if dateline:
        spans.append(dateline)
    spans.extend(_named_inside(ents, text, gazetteer))
    spans.extend(_gazetteer_spans(doc, text, ents, gazetteer, spans))
    spans = _merge(spans)
    mentions = [Mention(text[s:e], s, e) for s, e in spans]
    mentions, hidden = _annotate(gazetteer, text, mentions, dateline)
    adjectives = [(ent, c) for ent in ents if ent.label == "NORP"
                  if (c := demonym_country(text[ent.start:ent.end]))]
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
        if country is None or (ent.start, ent.end) in taken:
            continue
        out.append(Place(ent.text, ent.start, ent.end, country.geonameid,
                         name=country.name, country=gazetteer.iso3(code), lat=country.lat,
                         lon=country.lon, feature="country", how="demonym"))
    return out


class _Entity(NamedTuple):
    """A named entity by character offsets (cheaper than spaCy's Span for what we need)."""

    start: int
    end: int
    label: str
    text: str


def _entities(doc, text: str) -> list[_Entity]:
    """The Doc's entities, read from its token arrays in one pass.

    ``doc.ents`` builds a Token object for every token of the document on each access; the
    IOB array gives the same spans at a fraction of the cost.
    """
    from spacy.attrs import ENT_IOB, ENT_TYPE, IDX, LENGTH

    if not len(doc):
        return []
    arr = doc.to_array([ENT_IOB, ENT_TYPE, IDX, LENGTH])
    iob = arr[:, 0]
    starts = numpy.flatnonzero(iob == 3)  # 3 = B(egin), 1 = I(nside), 2 = O(utside)
    if not len(starts):
        return []
    breaks = numpy.flatnonzero(iob != 1)
    ends = numpy.append(breaks, len(doc))[numpy.searchsorted(breaks, starts, side="right")]
    strings = doc.vocab.strings
    out = []
    for s, e in zip(starts.tolist(), ends.tolist(), strict=True):
        start, end = int(arr[s, 2]), int(arr[e - 1, 2] + arr[e - 1, 3])
        out.append(_Entity(start, end, strings[int(arr[s, 1])], text[start:end]))
    return out


def _entity_spans(ents: Sequence[_Entity], text: str) -> list[tuple[int, int]]:
    spans = []
    for ent in ents:
        if ent.label not in TOPONYM_LABELS:
            continue
        start, end = ent.start, ent.end
        words = text[start:end]
        if words[:4].lower() == "the ":
            start += 4
        if words.endswith(("'s", "’s")):
            end -= 2
        if "," in text[start:end]:  # "Alexandria, Louisiana" as one entity: two toponyms
            head, _, tail = text[start:end].partition(",")
            spans.append((start, start + len(head.rstrip())))
            tail_start = start + len(head) + 1 + (len(tail) - len(tail.lstrip()))
            if tail_start < end:
                spans.append((tail_start, end))
            continue
        if end > start:
            spans.append((start, end))
    return spans


def _named_inside(ents: Sequence[_Entity], text: str, gazetteer: Gazetteer
                  ) -> list[tuple[int, int]]:
    """Places that NER folded into an organisation or took for a person.

    An ORG or PERSON entity that opens with a place name followed by an institution's word
    ("Laurel County Sheriff's Office", "Watertown City Council", "Alexandria Police") or that
    a locative word precedes ("in Gainesville", "near Alexandria") yields that place name,
    when the gazetteer knows it by its main name.
    """
    found = []
    for ent in ents:
        if ent.label not in ("ORG", "PERSON"):
            continue
        skip = 4 if ent.text[:4] in ("The ", "the ") else 0
        start, written = ent.start + skip, ent.text[skip:]
        words = list(_NON_BLANKS.finditer(written))
        before = text[max(0, ent.start - 12):ent.start].split()
        after = text[ent.end:ent.end + 20].split()
        located = bool(before) and before[-1].casefold() in _LOCATIVE_WORDS
        for n in range(min(3, len(words)), 0, -1):
            whole = n == len(words)
            following = words[n].group() if n < len(words) else (after[0] if after else "")
            institution = following.casefold().strip(".,") in _INSTITUTION_WORDS
            # "in Gainesville" (the whole entity) or "Laurel County Sheriff's Office"; not
            # "in Sidney Crosby" nor a person's first name.
            if not ((located and whole) or (institution and (whole or ent.label == "ORG"))):
                continue
            name = _WORD_TAIL.sub("", written[:words[n - 1].end()])
            if _known_place(gazetteer, name, LOCATED_MIN_PRIOR if located and not institution
                            else INSTITUTION_MIN_PRIOR):
                found.append((start, start + len(name)))
                break
    return found


# How well known a name NER did not take for a place must be: "in Gainesville" needs a town
# of some 10,000 people ("in Congress" is not Congress, Arizona); "Berea Police" any town.
LOCATED_MIN_PRIOR = 3.6
INSTITUTION_MIN_PRIOR = 2.5


def _known_place(gazetteer: Gazetteer, name: str, least: float) -> bool:
    if all(w.casefold() in tables.GENERIC_WORDS for w in name.split()):
        return False  # "Metro Police", "State Police"
    return any(not alt and e.feature != "landmark" and prior(e, alt) >= least
               for e, alt in gazetteer.lookup(name))


_LOCATIVE_WORDS = frozenset(("in", "near", "outside", "downtown", "suburban"))
# Words of local government that follow a place's name: "X Police", "X County Commission".
# (Schools, colleges and courts are left out: they are named after people and streets too.)
_INSTITUTION = """
    police sheriff sheriff's county city town township village council commission
    commissioners board district department fire chamber mayor mayor's parks public
    regional municipal area housing water utilities transit airport jail
"""
_INSTITUTION_WORDS = frozenset(_INSTITUTION.split())


def _gazetteer_spans(doc, text: str, ents, gazetteer: Gazetteer,
                     taken: Sequence[tuple[int, int]]) -> list[tuple[int, int]]:
    """Capitalised word runs outside any entity that name a well-known place.

    A regular expression finds the runs in the text and only names in the gazetteer's scan
    set are looked at, so the cost is a few set lookups per capitalised word.
    """
    blocked = bytearray(len(text))
    for ent in ents:
        if ent.label in _OTHER_LABELS or ent.label in TOPONYM_LABELS:
            blocked[ent.start:ent.end] = b"\x01" * (ent.end - ent.start)
    for s, e in taken:
        blocked[s:e] = b"\x01" * (e - s)
    found: list[tuple[int, int]] = []
    for run in _CAPITALISED_RUN.finditer(text):
        hits = _run_names(gazetteer, run.group())
        if hits is None:
            continue
        base = run.start()
        i = 0
        while i < len(hits):
            hit = hits[i]
            if hit and blocked.find(1, base + hit[0], base + hit[1]) == -1 and _not_common_word(
                    doc, base + hit[0], base + hit[1]):
                found.append((base + hit[0], base + hit[1]))
                i += hit[2]
            else:
                i += 1
    return found


@functools.lru_cache(maxsize=65536)
def _run_names(gazetteer: Gazetteer, run: str) -> tuple | None:
    """For each word of a capitalised run, `_scan_at` there (offsets into the run); None
    when no word starts a name. Memoised (least recently used runs go first): the same
    runs ("The", "Mr. Trump", "White House") recur in every story, and the answer depends
    on the run alone (and the gazetteer, which is read-only)."""
    words = [(m.start(), m.end()) for m in _NON_BLANKS.finditer(run)]
    hits = tuple(_scan_at(gazetteer, run, 0, words, i) for i in range(len(words)))
    return hits if any(hits) else None


def _scan_at(gazetteer: Gazetteer, text: str, base: int, words, i: int
             ) -> tuple[int, int, int] | None:
    """The longest well-known name starting at word `i` of a run: (start, end, words)."""
    first = _WORD_TAIL.sub("", text[base + words[i][0]:base + words[i][1]])
    if name_key(first).split(" ", 1)[0] not in gazetteer.scan_first:
        return None
    for n in range(min(_SCAN_MAX_WORDS, len(words) - i), 0, -1):
        start, end = base + words[i][0], base + words[i + n - 1][1]
        written = text[start:end]
        clean = written if _INITIALS.match(written) else _WORD_TAIL.sub("", written)
        if len(clean) < 3 and not clean.isupper():
            continue
        if name_key(clean) in gazetteer.scan:
            return start, start + len(clean), n
    return None


_INITIALS = re.compile(r"^[A-Z](?:\.[A-Z])+\.$")
_NON_BLANKS = re.compile(r"\S+")


def _not_common_word(doc, start: int, end: int) -> bool:
    """False for a sentence-initial capitalised word the tagger does not take for a name."""
    span = doc.char_span(start, end)
    if span is None:
        return False
    first = span[0]
    return first.i == 0 or not first.is_sent_start or first.pos_ == "PROPN"


def _merge(spans: Sequence[tuple[int, int]]) -> list[tuple[int, int]]:
    """Sort spans and drop any that overlaps an earlier, longer one."""
    kept: list[tuple[int, int]] = []
    for s, e in sorted(set(spans), key=lambda t: (t[0], -(t[1] - t[0]))):
        if kept and s < kept[-1][1]:
            continue
        kept.append((s, e))
    return kept


def _annotate(gazetteer: Gazetteer, text: str, mentions: list[Mention],
              dateline: tuple[int, int] | None) -> tuple[list[Mention], set[int]]:
    """Link each mention to a qualifier written right after it and mark its kind.

    Qualifiers that are not among the mentions are added at the end, hidden (their indexes
    are returned). The kind is "dateline" for the dateline's place and "county" for a name
    that "County" or "counties" follows.
    """
    by_start = {m.start: i for i, m in enumerate(mentions)}
    out = list(mentions)
    hidden: set[int] = set()
    for i, m in enumerate(mentions):
        after = text[m.end:m.end + 120]
        context: tuple[int, ...] = ()
        match = _QUALIFIER.match(after)
        if match:
            j = _qualifier_index(gazetteer, out, by_start, hidden, m.end + match.start(1),
                                 match.group(1))
            context = () if j is None else (j,)
        kind = ""
        if dateline and (m.start, m.end) == dateline:
            kind = "dateline"
        elif _COUNTY_AFTER.match(after):
            kind = "county"
        if context or kind:
            out[i] = Mention(m.text, m.start, m.end, context=context, kind=kind)
    return out, hidden


def _qualifier_index(gazetteer: Gazetteer, out: list[Mention], by_start: dict[int, int],
                     hidden: set[int], start: int, written: str) -> int | None:
    j = by_start.get(start)
    if j is not None:
        return j
    if not any(e.feature in ("admin1", "country") for e in
               candidates(gazetteer, written).entries):
        return None
    out.append(Mention(written, start, start + len(written)))
    hidden.add(len(out) - 1)
    by_start[start] = len(out) - 1
    return len(out) - 1


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
