"""The dashboard's fast event pages and dyad timelines give exactly the store's answers."""

from __future__ import annotations

import datetime as dt

import pytest

from tacitus.store import EventFilter, open_store
from tacitus.web import fastquery

FILTERS = [
    EventFilter(actor="USA"), EventFilter(actor="R"), EventFilter(actor="IGO", quad_class=3),
    EventFilter(source="ISR"), EventFilter(target="RUS", code="11"), EventFilter(dyad=("ISR", "EGY")),
    EventFilter(dyad=("USA", "IRN"), since=dt.date(2024, 3, 1)), EventFilter(actor="ZZZ"),
    EventFilter(dyad=("ZZZ", "USA")), EventFilter(actor="RUS", mood=("asserted",), negated=False),
    EventFilter(country="RUS"), EventFilter(), EventFilter(code="111"), EventFilter(code="04", quad_class=1),
    EventFilter(code="0", negated=False), EventFilter(code="1"),
]


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def store(request, web_db):
    """The shared test store, and a copy of it in the test PostgreSQL database."""
    with open_store(web_db) as s:
        if request.param == "sqlite":
            yield s
            return
        from tests.store.conftest import _reset_postgres, postgres_url

        url = postgres_url()  # skips without TACITUS_TEST_POSTGRES; fails so under CI
        _reset_postgres(url, drop=True)
        with open_store(url) as pg:
            for stored in s.iter_articles():
                pg.add_coding(stored.coding, status=stored.status)
            yield pg
        _reset_postgres(url, drop=True)


@pytest.mark.parametrize("flt", FILTERS, ids=repr)
@pytest.mark.parametrize("limit", [1, 3, 50])
def test_pages_match_the_store_page_by_page(store, flt, limit):
    cursor_a = cursor_b = None
    for _ in range(40):
        want = store.query_events(flt, limit=limit, cursor=cursor_a)
        got = fastquery.event_page(store, flt, limit=limit, cursor=cursor_b)
        assert [r.id for r in got.events] == [r.id for r in want.events]
        assert got.events == want.events
        assert (got.next_cursor is None) == (want.next_cursor is None)
        if want.next_cursor is None:
            break
        cursor_a, cursor_b = want.next_cursor, got.next_cursor


@pytest.mark.parametrize("pair", [("ISR", "EGY"), ("USA", "IRN"), ("RUS", "UKR"), ("IGO", "RUS"),
                                  ("USA", "USA"), ("RUS", "RUSGOV"), ("ZZZ", "USA")])
@pytest.mark.parametrize("interval", ["day", "week", "month"])
def test_timelines_match_the_store(store, pair, interval):
    a, b = pair
    assert fastquery.dyad_timeline(store, a, b, interval) == store.dyad_timeline(a, b, interval)


def test_prefix_expansion_finds_each_code_once(store):
    from tacitus.store.schema import events

    with store.engine.connect() as conn:
        codes = fastquery.codes_with_prefix(conn, events.c.source_code, "RUS")
        every = {r[0] for r in conn.execute(events.select().with_only_columns(events.c.source_code))
                 if r[0] and r[0].startswith("RUS")}
    assert codes == sorted(every) and codes
