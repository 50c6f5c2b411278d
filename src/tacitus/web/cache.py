"""A small cache of the dashboard's costly aggregates (facets, trends, networks).

Counting a million events by seven dimensions takes seconds; the same counts are asked for
by every visitor of the overview and the explorer. Entries are keyed by the question and the
data's version (the highest event and article ids, two index lookups), so anything ingested
since makes them stale at once. One cache per application, held on ``app.state``.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Any

import sqlalchemy as sa

from ..store import Store
from ..store.schema import articles, events


def data_version(store: Store) -> tuple[int, int]:
    """(highest event id, highest article id): changes whenever anything is stored."""
    with store.engine.connect() as conn:
        return tuple(conn.execute(sa.select(
            sa.select(sa.func.max(events.c.id)).scalar_subquery(),
            sa.select(sa.func.max(articles.c.id)).scalar_subquery(),
        )).one())


class AggregateCache:
    """Least-recently-used answers to aggregate questions, valid for one data version."""

    def __init__(self, size: int = 128) -> None:
        self.size = size
        self._entries: OrderedDict[Hashable, tuple[tuple, Any]] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, store: Store, key: Hashable, compute: Callable[[], Any]) -> Any:
        """The cached answer for `key` at the store's current version, computing it if needed."""
        version = data_version(store)
        with self._lock:
            hit = self._entries.get(key)
            if hit is not None and hit[0] == version:
                self._entries.move_to_end(key)
                return hit[1]
        value = compute()
        with self._lock:
            self._entries[key] = (version, value)
            self._entries.move_to_end(key)
            while len(self._entries) > self.size:
                self._entries.popitem(last=False)
        return value
