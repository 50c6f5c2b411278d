"""The coding pipeline: article text → spaCy Doc → actors → quotes → events → places,
dates → :class:`~tacitus.model.Coding`.

A :class:`Pipeline` holds the compiled dictionaries; build it once and code any number of
articles with it. ``code_articles`` parses in batches with ``nlp.pipe``.
"""

from __future__ import annotations

import datetime as dt
import functools
import logging
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace

from . import __version__
from .actors.coref import aggregate_actors, resolve_coreference
from .actors.recognize import ActorRecognizer
from .dictionaries.actors import ActorDictionary, load_builtin_actors
from .dictionaries.cameo import load_ontology
from .dictionaries.discards import Discards, load_builtin_discards
from .events.code import CodingOptions, EventCoder, TriggerTrace
from .events.patterns import VerbDictionary, load_builtin_verbs
from .model import Article, Coding, Event, Mention
from .nlp import MODEL, load

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


@dataclass
class Pipeline:
    """Compiled dictionaries plus options: codes articles."""

    dictionaries: Dictionaries = field(default_factory=Dictionaries.builtin)
    options: CodingOptions = field(default_factory=CodingOptions)
    model: str = MODEL

    def __post_init__(self) -> None:
        self.recognizer = ActorRecognizer.build(self.dictionaries.actors)
        self.ontology = load_ontology()
        self.coder = EventCoder(self.dictionaries.verbs, self.ontology, self.options)

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
        discards = self.dictionaries.discards
        issues = discards.issue_tags(article.text)
        reason = discards.story_reason(article.text, article.title)
        if reason is not None:
            coding = Coding(article=article, discarded=reason, issues=issues, provenance=self.provenance)
            return coding, []
        mentions = self.mentions(doc, article.date)
        events, traces = self.coder.code(doc, mentions)
        events = [_dated(e, article.date) for e in events if not discards.sentence_discarded(e.text)]
        coding = Coding(
            article=article,
            events=tuple(events),
            actors=aggregate_actors(mentions),
            mentions=tuple(mentions),
            issues=issues,
            provenance=self.provenance,
        )
        return coding, traces

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


def _dated(event: Event, date: dt.date | None) -> Event:
    if event.date is None and date is not None:
        return replace(event, date=date, date_precision="day")
    return event


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
