"""What the store's queries take and return: a filter and typed, read-only records.

These are the types the CLI and the web dashboard work with; none of them exposes SQL.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any, Literal

from ..model import Article, Coding, Event
from ..serialize import event_to_dict

Interval = Literal["day", "week", "month"]


@dataclass(frozen=True, slots=True)
class EventFilter:
    """Which events a query returns; every field left at None does not filter.

    Actor codes match as prefixes, so ``actor="USA"`` finds USA, USAGOV and USAMIL.
    ``code`` is a CAMEO code or root ("11" = all of root 11, "112" = 112 and 1121…).
    ``dyad`` is (source, target), directed. ``text`` is a full-text query over the articles.
    ``unique`` keeps one event per cluster (the first report of each event).
    """

    actor: str | None = None
    source: str | None = None
    target: str | None = None
    dyad: tuple[str, str] | None = None
    country: str | None = None
    code: str | None = None
    root: str | None = None
    quad_class: int | None = None
    plover: str | None = None
    mood: tuple[str, ...] = ()
    negated: bool | None = None
    since: dt.date | None = None
    until: dt.date | None = None
    text: str | None = None
    article_id: int | None = None
    unique: bool = False


@dataclass(frozen=True, slots=True)
class EventRecord:
    """A stored event with the article it came from and its cluster's counts."""

    id: int
    article_id: int
    event: Event
    cluster_id: int | None = None
    num_mentions: int = 1
    num_sources: int = 1
    num_articles: int = 1
    article_title: str | None = None
    article_date: dt.date | None = None
    article_url: str | None = None
    article_source: str | None = None
    outlet: str | None = None
    added_at: dt.datetime | None = None

    def to_dict(self) -> dict[str, Any]:
        """The contract's event object plus the store's ids and counts."""
        out = event_to_dict(self.event)
        out.update(
            id=self.id, article_id=self.article_id, cluster_id=self.cluster_id,
            num_mentions=self.num_mentions, num_sources=self.num_sources,
            num_articles=self.num_articles, article_title=self.article_title,
            article_url=self.article_url, outlet=self.outlet,
        )
        return out


@dataclass(frozen=True, slots=True)
class EventPage:
    """One page of events, newest event date first; pass `next_cursor` to get the next."""

    events: list[EventRecord]
    next_cursor: str | None


@dataclass(frozen=True, slots=True)
class EventFacets:
    """Counts of the filtered events by each dimension, most frequent first."""

    total: int
    roots: list[tuple[str, int]]
    quad_classes: list[tuple[int, int]]
    moods: list[tuple[str, int]]
    plover: list[tuple[str, int]]
    negated: int
    sources: list[tuple[str, int]]
    targets: list[tuple[str, int]]
    dyads: list[tuple[tuple[str, str], int]]


@dataclass(frozen=True, slots=True)
class StoredArticle:
    """An article as stored: its coding rebuilt from the tables, its status and links."""

    id: int
    coding: Coding
    status: str
    outlet: str | None
    added_at: dt.datetime
    near_duplicate_of: int | None = None
    near_duplicate_similarity: float | None = None
    events: list[EventRecord] = field(default_factory=list)

    @property
    def article(self) -> Article:
        return self.coding.article


@dataclass(frozen=True, slots=True)
class TimelinePoint:
    """Events between a dyad's two actors in one period, in one direction."""

    period: dt.date  # first day of the day, ISO week (Monday) or month
    direction: Literal["a->b", "b->a"]
    events: int
    goldstein_total: float
    quad_counts: tuple[int, int, int, int]  # verbal coop, material coop, verbal conflict, material conflict

    @property
    def goldstein_mean(self) -> float:
        return self.goldstein_total / self.events if self.events else 0.0


@dataclass(frozen=True, slots=True)
class ActorSummary:
    """An actor code across the store: how many articles name it, how often it acts."""

    code: str
    name: str | None
    country: str | None
    articles: int
    mentions: int
    as_source: int
    as_target: int


@dataclass(frozen=True, slots=True)
class FailureRecord:
    id: int
    source: str
    reason: str
    detail: str | None
    first_seen: dt.datetime
    last_seen: dt.datetime
    attempts: int


@dataclass(frozen=True, slots=True)
class SearchHit:
    article_id: int
    title: str | None
    date: dt.date | None
    snippet: str
    rank: float


@dataclass(frozen=True, slots=True)
class StoreSummary:
    articles: int
    by_status: dict[str, int]
    events: int
    unique_events: int
    quotes: int
    actors: int
    places: int
    failures: int
    near_duplicates: int
    first_date: dt.date | None
    last_date: dt.date | None
