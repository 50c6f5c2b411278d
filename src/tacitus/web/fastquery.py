"""Event pages and dyad timelines for the dashboard: the store's own, which are now the fast
ones (the technique first written here moved to :mod:`tacitus.store.paging`).

Kept so the pages and the API have one name for them; there is a single implementation.
"""

from __future__ import annotations

from ..store import EventFilter, EventPage, Store, TimelinePoint
from ..store.paging import MAX_CODES, codes_with_prefix
from ..store.records import Interval

__all__ = ["MAX_CODES", "codes_with_prefix", "dyad_timeline", "event_page"]


def event_page(store: Store, flt: EventFilter, limit: int = 100, cursor: str | None = None) -> EventPage:
    """``store.query_events(flt, limit, cursor)``."""
    return store.query_events(flt, limit=limit, cursor=cursor)


def dyad_timeline(store: Store, a: str, b: str, interval: Interval = "day",
                  flt: EventFilter | None = None) -> list[TimelinePoint]:
    """``store.dyad_timeline(a, b, interval, flt)``."""
    return store.dyad_timeline(a, b, interval, flt)
