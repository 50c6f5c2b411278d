"""The types every stage of Tacitus reads and writes.

All are frozen dataclasses: a stage takes some of these and returns new ones, it never
mutates what it was given. Character offsets (`start`, `end`) are always into the
article's text, end-exclusive, so ``article.text[x.start:x.end] == x.text``.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import unicodedata
from dataclasses import dataclass, field
from typing import Literal

# Mood of an event, one value per event; negation is a separate flag.
#   asserted     – reported as having happened or happening ("Russia shelled Kharkiv")
#   intended     – announced, promised, planned or future ("will send aid", "plans to visit")
#   conditional  – depends on a condition ("if Iran complies, the US will lift sanctions")
#   hypothetical – possible, speculative or modal ("could attack", "may meet")
#   demanded     – called for by someone else, or obligatory ("urged Israel to withdraw")
Mood = Literal["asserted", "intended", "conditional", "hypothetical", "demanded"]
MOODS: tuple[str, ...] = ("asserted", "intended", "conditional", "hypothetical", "demanded")

# How precise an event date is.
DatePrecision = Literal["day", "month", "year"]


def content_hash(text: str) -> str:
    """Hash of an article's text after Unicode and whitespace normalisation.

    Two copies of the same story that differ only in line breaks or spacing hash the same,
    which is what de-duplication on ingest needs.
    """
    normal = " ".join(unicodedata.normalize("NFC", text).split())
    return hashlib.sha256(normal.encode("utf-8")).hexdigest()


@dataclass(frozen=True, slots=True)
class Article:
    """One input document."""

    id: str
    text: str
    title: str | None = None
    date: dt.date | None = None
    source: str | None = None  # where it came from: a path, a feed, "stdin"
    url: str | None = None
    language: str | None = None

    @property
    def content_hash(self) -> str:
        return content_hash(self.text)


@dataclass(frozen=True, slots=True)
class TextSpan:
    """A stretch of the article text."""

    text: str
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Mention:
    """One place in the text that names or refers to an actor.

    `code` is the full CAMEO actor code (country or IGO or group, then roles), or None
    when the mention is a political actor whose affiliation the text does not give
    (e.g. "a diplomat in New York": roles=("GOV",), country=None).
    """

    text: str
    start: int
    end: int
    sentence: int
    code: str | None
    country: str | None = None
    roles: tuple[str, ...] = ()
    kb_id: str | None = None
    name: str | None = None  # canonical name when resolved to a person or organisation
    actor: str | None = None  # key of the Actor this mention belongs to
    how: str = "dictionary"  # dictionary, ner, kb, coref-name, coref-title, pronoun,
    # coref-possessive, quote-speaker, place-context, dateline-context (tacitus.actors.context)
    head: int | None = None  # character offset of the head word, for matching to the parse
    kind: str = "unknown"  # state, igo, group, institution, person, role, unknown


@dataclass(frozen=True, slots=True)
class Actor:
    """An actor of an article: all mentions that refer to the same entity, merged."""

    key: str
    text: str  # the most informative surface form
    code: str | None
    country: str | None = None
    roles: tuple[str, ...] = ()
    kb_id: str | None = None
    name: str | None = None
    mentions: int = 1
    kind: str = "unknown"  # state, igo, ngo, group, person, role, unknown


@dataclass(frozen=True, slots=True)
class ActorRef:
    """The source or target of an event, as written and as resolved."""

    text: str
    code: str | None
    country: str | None
    start: int
    end: int
    actor: str | None = None  # key into Coding.actors
    name: str | None = None


@dataclass(frozen=True, slots=True)
class Plover:
    """The PLOVER event type and mode for a CAMEO code (from the CAMEO→PLOVER crosswalk)."""

    event: str
    mode: str | None = None
    context: str | None = None


@dataclass(frozen=True, slots=True)
class Location:
    """Where an event happened, with how that was decided."""

    text: str
    geonameid: int | None
    name: str | None
    country: str | None
    lat: float | None
    lon: float | None
    how: str  # "sentence" (a place in the event's sentence), "dateline", …


@dataclass(frozen=True, slots=True)
class Event:
    """One coded event: source did `cameo` to target, with the evidence that says so."""

    sentence: int
    text: str  # the evidence sentence
    source: ActorRef | None
    target: ActorRef | None
    cameo: str
    name: str  # CAMEO name of the code
    root: str
    quad_class: int
    goldstein: float
    plover: Plover | None
    trigger: TextSpan
    rule: str
    negated: bool = False
    mood: str = "asserted"
    date: dt.date | None = None
    date_precision: str | None = None
    date_text: str | None = None  # the expression the date came from, if any
    place: Location | None = None
    quote: int | None = None  # index into Coding.quotes when the event is reported speech
    reporter: ActorRef | None = None  # who reported it, for events inside reported speech
    sentence_start: int = 0
    sentence_end: int = 0
    negated_code: str | None = None  # the code the verb would have had without negation


@dataclass(frozen=True, slots=True)
class Speaker:
    text: str | None  # as written ("He", "a diplomat in New York"); None when not found
    resolved: str | None  # full name or description it refers to
    code: str | None
    start: int | None = None
    end: int | None = None
    anonymous: bool = False
    actor: str | None = None


@dataclass(frozen=True, slots=True)
class Quote:
    """Something someone said: speaker, cue, and content (offsets cover the content)."""

    speaker: Speaker
    cue: str | None
    content: str
    direct: bool
    start: int
    end: int
    cue_start: int | None = None
    cue_end: int | None = None
    events: tuple[int, ...] = ()  # indexes into Coding.events coded inside the content
    note: str | None = None  # e.g. "unbalanced quotation mark", "no speaker found"
    kind: str = "speech"  # speech, report, belief, intention, stance (the cue's kind)


@dataclass(frozen=True, slots=True)
class Place:
    """One toponym mention, resolved to a GeoNames entry when possible."""

    text: str
    start: int
    end: int
    geonameid: int | None
    name: str | None = None
    country: str | None = None  # ISO 3166 alpha-3
    admin1: str | None = None
    lat: float | None = None
    lon: float | None = None
    feature: str | None = None  # country, admin1, city, region, …
    how: str = "unresolved"  # why this entry was chosen, or why none was


@dataclass(frozen=True, slots=True)
class Coding:
    """Everything Tacitus found in one article."""

    article: Article
    events: tuple[Event, ...] = ()
    quotes: tuple[Quote, ...] = ()
    actors: tuple[Actor, ...] = ()
    places: tuple[Place, ...] = ()
    mentions: tuple[Mention, ...] = ()
    discarded: str | None = None  # reason the story was discarded (sports, weather …)
    issues: tuple[str, ...] = ()
    provenance: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class InputFailure:
    """An input that could not become an article, and why. Stored, never dropped."""

    source: str
    reason: str
    detail: str | None = None
