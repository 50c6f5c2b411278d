"""The coding pipeline: article text → spaCy Doc → actors → places → quotes → events →
dates → :class:`~tacitus.model.Coding`.

A :class:`Pipeline` holds the compiled dictionaries; build it once and code any number of
articles with it. ``code_articles`` parses in batches with ``nlp.pipe``.
"""

from __future__ import annotations

import datetime as dt
import functools
import gc
import logging
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace

from . import __version__
from .actors.context import affiliate_by_place
from .actors.coref import aggregate_actors, resolve_coreference
from .actors.recognize import ActorRecognizer
from .dates import DateResolution, article_date_from_text, resolve_date
from .dictionaries.actors import ActorDictionary, load_builtin_actors
from .dictionaries.cameo import load_ontology
from .dictionaries.discards import Discards, load_builtin_discards
from .events.code import CodingOptions, EventCoder, TriggerTrace
from .events.patterns import VerbDictionary, load_builtin_verbs
from .geo import dateline_span, event_location, find_places, parse_dateline
from .model import Article, Coding, Event, Mention, Place, Quote
from .nlp import MODEL, load
from .nlp import sentences as doc_sentences
from .quotes import extract_quotes

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Dictionaries:
    """The dictionaries a pipeline codes with."""

    actors: ActorDictionary
    verbs: VerbDictionary
    discards: Discards = field(default_factory=Discards)

    @classmethod
    def builtin(cls) -> Dictionaries:
        return cls(
            actors=load_builtin_actors(), verbs=load_builtin_verbs(), discards=load_builtin_discards()
        )


@dataclass(frozen=True)
class Stages:
    """Optional stages: turn off what a run does not need (e.g. places for an event-only
    evaluation) to save time."""

    quotes: bool = True
    places: bool = True


@dataclass
class Pipeline:
    """Compiled dictionaries plus options: codes articles."""

    dictionaries: Dictionaries = field(default_factory=Dictionaries.builtin)
    options: CodingOptions = field(default_factory=CodingOptions)
    model: str = MODEL
    stages: Stages = field(default_factory=Stages)

    def __post_init__(self) -> None:
        self.recognizer = ActorRecognizer.build(
            self.dictionaries.actors, every_role_word_is_an_actor=self.options.petrarch_slots
        )
        self.ontology = load_ontology()
        self.coder = EventCoder(self.dictionaries.verbs, self.ontology, self.options)

    @functools.cached_property
    def prefilter(self):
        """The fast path's sentence prefilter for these dictionaries, built on first use
        and kept: its per-word caches then serve every later batch of this pipeline."""
        from .run.fastpath import Prefilter

        return Prefilter.from_pipeline(self, load(self.model))

    @property
    def provenance(self) -> dict[str, str]:
        return {
            "tacitus": __version__,
            "model": self.model,
            "actors": ";".join(self.dictionaries.actors.sources),
            "verbs": ";".join(self.dictionaries.verbs.sources),
        }

    # -- one article -------------------------------------------------------------

    def mentions(self, doc, date: dt.date | None) -> list[Mention]:
        found = self.recognizer.find_mentions(doc, date)
        return resolve_coreference(doc, found)

    def code_doc(self, article: Article, doc) -> Coding:
        """Code one article whose text has been parsed into `doc`."""
        coding, _ = self.code_doc_explained(article, doc)
        return coding

    def code_doc_explained(self, article: Article, doc) -> tuple[Coding, list[TriggerTrace]]:
        """Code one parsed article; also return the trace of every candidate trigger."""
        discards = self.dictionaries.discards
        if article.date is None:
            found = article_date_from_text(article.text)
            if found is not None:
                article = replace(article, date=found)
        issues = discards.issue_tags(article.text)
        reason = discards.story_reason(article.text, article.title)
        if reason is not None:
            coding = Coding(article=article, discarded=reason, issues=issues, provenance=self.provenance)
            return coding, []
        _seed_text(doc, article.text)
        found = self.mentions(doc, article.date)
        mentions = _outside_dateline(found, article.text)
        sentences = doc_sentences(doc)
        places: tuple[Place, ...] = ()
        dateline = None
        if self.stages.places:
            countries = sorted({m.country for m in found if m.country})  # the dateline's too
            places = find_places(doc, country_hints=countries)
            dateline = _dateline_place(article.text, places)
            if not self.options.petrarch_slots:  # PETRARCH codes what the words give
                starts = [s.start_char for s in sentences]
                mentions = affiliate_by_place(mentions, places, starts, self.recognizer.countries, dateline)
        quotes = extract_quotes(doc, mentions) if self.stages.quotes else ()
        mentions = mentions + _first_person_in_quotes(doc, quotes)
        events, traces = self.coder.code(doc, mentions)
        events = [e for e in events if not discards.sentence_discarded(e.text)]
        dates: dict[int, DateResolution] = {}  # one resolution per sentence, shared by its events
        events = [self._finish_event(e, sentences, article, places, dateline, dates) for e in events]
        events, quotes = _link_quotes(events, quotes)
        coding = Coding(
            article=article,
            events=tuple(events),
            quotes=tuple(quotes),
            actors=aggregate_actors(mentions),
            places=places,
            mentions=tuple(mentions),
            issues=issues,
            provenance=self.provenance,
        )
        _freeze_loaded_data()
        return coding, traces

    def _finish_event(self, event: Event, sentences, article: Article, places, dateline,
                      dates: dict[int, DateResolution]) -> Event:
        """Add the event's date (from its sentence, else the article's) and location;
        `dates` keeps each sentence's date for the other events of the sentence."""
        when = dates.get(event.sentence)
        if when is None:
            when = dates[event.sentence] = resolve_date(sentences[event.sentence], article.date)
        where = None
        if self.stages.places:
            # A place that names the source or target ("U.S. will not…") says who, not where.
            actors = [r for r in (event.source, event.target) if r is not None]
            candidates = [
                p for p in places if not any(p.start < r.end and r.start < p.end for r in actors)
            ]
            where = event_location(
                event.sentence_start, event.sentence_end, candidates, dateline, anchor=event.trigger.start
            )
        return replace(
            event, date=when.date, date_precision=when.precision, date_text=when.text, place=where
        )

    def code_article(self, article: Article) -> Coding:
        return self.code_doc(article, load(self.model)(article.text))

    # -- many articles -------------------------------------------------------------

    def code_articles(
        self, articles: Iterable[Article], *, batch_size: int = 16, n_process: int = 1
    ) -> Iterator[Coding]:
        """Code articles in order, parsing them in batches."""
        nlp = load(self.model)
        stream = ((a.text, a) for a in articles)
        for doc, article in nlp.pipe(stream, as_tuples=True, batch_size=batch_size, n_process=n_process):
            yield self.code_doc(article, doc)


@functools.lru_cache(maxsize=1)
def _freeze_loaded_data() -> None:
    """Once per process, after the first article is coded (the model, dictionaries,
    lexicons and gazetteer are all loaded by then): collect, then move every object alive
    into the garbage collector's permanent generation. Those millions of long-lived objects
    are otherwise walked by every full collection while coding, which cost ~20% of the
    coding time; frozen before a fork, they also stay shared with the workers.

    Then the youngest generation is collected every 50,000 allocations instead of 700 (and
    the older two every 20 collections of the one below instead of 10): parsing and coding
    make hundreds of thousands of short-lived Tokens, Spans and records per hundred
    articles, and with the default thresholds the collector ran ~600 times per 200
    articles and took ~0.35 s of a 20 s fast-path ingest; now ~0.15 s. A Doc and its
    caches (a reference cycle) then wait for a collection a few articles longer."""
    gc.collect()
    gc.freeze()
    gc.set_threshold(50_000, 20, 20)
    log.debug("froze %d long-lived objects out of garbage collection", gc.get_freeze_count())


def _seed_text(doc, text: str) -> None:
    """Give the Doc's cached text (tacitus.nlp.text) the article's text it was parsed
    from, so that no stage joins the tokens' texts again (checked by length and ends)."""
    if len(doc) and doc[-1].idx + len(doc[-1].text_with_ws) == len(text) and text.startswith(doc[0].text_with_ws):
        doc.user_data.setdefault("tacitus.text", text)


FIRST_PERSON = frozenset({"we", "i", "us", "me", "our", "my", "ours", "ourselves"})


def _first_person_in_quotes(doc, quotes) -> list[Mention]:
    """"We will stand…" inside a direct quote is the quote's speaker (or the body they
    speak for: a spokesman's "we" is the government, which shares the code)."""
    added = []
    for quote in quotes:
        if not quote.direct or quote.speaker.code is None:
            continue
        span = doc.char_span(quote.start, quote.end, alignment_mode="expand")
        if span is None:
            continue
        for token in span:
            if token.lower_ in FIRST_PERSON and token.pos_ == "PRON":
                added.append(
                    Mention(
                        text=token.text,
                        start=token.idx,
                        end=token.idx + len(token.text),
                        sentence=0,
                        code=quote.speaker.code,
                        country=quote.speaker.code[:3] if quote.speaker.code[:3].isalpha() and not quote.speaker.code.startswith(("IGO", "NGO")) else None,
                        name=quote.speaker.resolved,
                        actor=quote.speaker.actor,
                        how="quote-speaker",
                        head=token.idx,
                        kind="person",
                    )
                )
    return added


def _outside_dateline(mentions: list[Mention], text: str) -> list[Mention]:
    """The mentions without those of the dateline: "MOSCOW, March 3 (Reuters) - Russia
    condemned …" is filed from Moscow by Reuters; neither acts in the story (the parser
    often makes the dateline's place a second subject). The place stays a place."""
    span = dateline_span(text)
    if span is None:
        return mentions
    return [m for m in mentions if not (span[0] <= m.start and m.end <= span[1])]


def _dateline_place(text: str, places) -> Place | None:
    found = parse_dateline(text)
    if found is None:
        return None
    _, start, end = found
    return next((p for p in places if p.start >= start and p.end <= end and p.geonameid), None)


def _link_quotes(events: list[Event], quotes) -> tuple[list[Event], list[Quote]]:
    """Each event inside a quote's content points at the quote, and the quote at it."""
    if not quotes:
        return events, list(quotes)
    linked: dict[int, list[int]] = {}
    out_events = []
    for n, event in enumerate(events):
        inside = next(
            (i for i, q in enumerate(quotes) if q.start <= event.trigger.start < q.end), None
        )
        if inside is not None:
            event = replace(event, quote=inside)
            linked.setdefault(inside, []).append(n)
        out_events.append(event)
    out_quotes = [replace(q, events=tuple(linked.get(i, ()))) for i, q in enumerate(quotes)]
    return out_events, out_quotes


def code_text(
    text: str,
    *,
    date: dt.date | str | None = None,
    title: str | None = None,
    id: str = "text",
    pipeline: Pipeline | None = None,
) -> Coding:
    """Code one text with the built-in dictionaries (or a given pipeline)."""
    if isinstance(date, str):
        date = dt.date.fromisoformat(date)
    article = Article(id=id, text=text, title=title, date=date, source="text")
    return (pipeline or default_pipeline()).code_article(article)


def code_articles(
    articles: Sequence[Article] | Iterable[Article], *, pipeline: Pipeline | None = None, **kwargs
) -> Iterator[Coding]:
    """Code many articles with the built-in dictionaries (or a given pipeline)."""
    return (pipeline or default_pipeline()).code_articles(articles, **kwargs)


@functools.lru_cache(maxsize=1)
def default_pipeline() -> Pipeline:
    """The pipeline with built-in dictionaries, built on first use (one per process)."""
    return Pipeline()
