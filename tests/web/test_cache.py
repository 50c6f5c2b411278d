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


def test_warming_fills_the_overview_aggregates(web_db):
    from tacitus.web import WebSettings, create_app
    from tacitus.web.pages import warm_cache

    app = create_app(web_db, WebSettings(warm_cache=True))
    warm_cache(app)
    keys = set(app.state.cache._entries)
    assert {k[0] for k in keys} == {"trend", "facets"} and len(keys) == 3
    app.state.store.close()
