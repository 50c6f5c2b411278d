"""Aggregates are remembered until something new is stored."""

from __future__ import annotations

from tacitus.store import open_store
from tacitus.web.cache import AggregateCache

from .conftest import PLACES, located_coding


def test_answers_are_reused_until_the_data_changes():
    store = open_store(":memory:")
    cache = AggregateCache(size=2)
    calls = []

    def count():
        calls.append(1)
        return store.summary().events

    store.add_coding(located_coding(0, PLACES[0], 10))
    assert cache.get(store, "n", count) == 1
    assert cache.get(store, "n", count) == 1
    assert len(calls) == 1
    store.add_coding(located_coding(1, PLACES[1], 11))
    assert cache.get(store, "n", count) == 2
    assert len(calls) == 2
    store.close()


def test_least_recently_used_entries_go_first():
    store = open_store(":memory:")
    cache = AggregateCache(size=2)
    cache.get(store, "a", lambda: 1)
    cache.get(store, "b", lambda: 2)
    cache.get(store, "a", lambda: 1)
    cache.get(store, "c", lambda: 3)
    assert cache.get(store, "b", lambda: "recomputed") == "recomputed"
    assert cache.get(store, "c", lambda: "recomputed") == 3
    store.close()
