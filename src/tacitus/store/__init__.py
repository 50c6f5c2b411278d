"""The event store: SQLite by default, PostgreSQL by URL, behind one typed API.

    >>> from tacitus.store import open_store, EventFilter
    >>> store = open_store(":memory:")
    >>> store.query_events(EventFilter(actor="USA")).events
    []
"""

from .db import Store, open_store
from .dedupe import ClusterOptions
from .records import (
    ActorSummary,
    EventFacets,
    EventFilter,
    EventPage,
    EventRecord,
    FailureRecord,
    SearchHit,
    StoredArticle,
    StoreSummary,
    TimelinePoint,
)

__all__ = [
    "ActorSummary",
    "ClusterOptions",
    "EventFacets",
    "EventFilter",
    "EventPage",
    "EventRecord",
    "FailureRecord",
    "SearchHit",
    "Store",
    "StoreSummary",
    "StoredArticle",
    "TimelinePoint",
    "open_store",
]
