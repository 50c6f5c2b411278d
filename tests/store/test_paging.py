"""The store's fast event pages and dyad timelines give exactly the plain queries' answers."""

from __future__ import annotations

import datetime as dt
import random

import pytest

from tacitus.store import EventFilter, open_store, paging, queries
from tacitus.store.schema import events

from .conftest import _reset_postgres, make_coding, make_event, postgres_url

CODES = ["USA", "USAGOV", "USAMIL", "RUS", "RUSGOV", "RUSMIL", "ISR", "ISRMIL", "EGY", "IRN", "UKR",
         "IGONAT", "IGOUNO", "CHN", "SYR", "SYRREB"]
CAMEO = ["010", "036", "042", "043", "057", "111", "112", "1121", "163", "173", "190", "193"]
FILTERS = [
    EventFilter(actor="USA"), EventFilter(actor="R"), EventFilter(actor="IGO", quad_class=3),
    EventFilter(source="ISR"), EventFilter(target="RUS", code="11"), EventFilter(dyad=("ISR", "EGY")),
    EventFilter(dyad=("USA", "IRN"), since=dt.date(2024, 3, 1)), EventFilter(actor="ZZZ"),
    EventFilter(dyad=("ZZZ", "USA")), EventFilter(actor="RUS", mood=("asserted",), negated=False),
    EventFilter(country="RUS"), EventFilter(country="usa", until=dt.date(2024, 2, 1)), EventFilter(),
    EventFilter(code="111"), EventFilter(code="112"), EventFilter(code="04", quad_class=1),
    EventFilter(code="0", negated=False), EventFilter(code="1"), EventFilter(actor="USA", text="talks"),
    EventFilter(actor="USA", unique=True), EventFilter(source="USAGOV", target="R"),
]


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def busy(request):
    """Sixty articles of random events between a few actors, some undated, some days shared:
    in memory, and in the test PostgreSQL database."""
    if request.param == "sqlite":
        store = open_store(":memory:")
    else:
        url = postgres_url()
        _reset_postgres(url, drop=True)
        store = open_store(url)
    _fill(store)
    yield store
    store.close()
    if request.param == "postgresql":
        _reset_postgres(url, drop=True)


def _fill(store) -> None:
    rng = random.Random(5)
    for a in range(60):
        date = dt.date(2024, 1, 1) + dt.timedelta(days=rng.randrange(90))
        found = []
        for n in range(rng.randrange(1, 7)):
            source, target = rng.choice(CODES), rng.choice([*CODES, None])
            when = None if rng.random() < 0.1 else date - dt.timedelta(days=rng.randrange(3))
            text = f"{source} and {target} in {'talks' if rng.random() < 0.3 else 'news'} {a}.{n}"
            found.append(make_event(text, source, target, rng.choice(CAMEO), date=when, n=n,
                                    negated=rng.random() < 0.2, mood=rng.choice(["asserted", "intended"]),
                                    goldstein=rng.choice([-10.0, -2.0, 0.0, 3.5])))
        store.add_coding(make_coding(" ".join(e.text for e in found), found, id=f"a{a}", date=date))


@pytest.mark.parametrize("flt", FILTERS, ids=repr)
@pytest.mark.parametrize("limit", [1, 4, 50])
def test_pages_match_the_plain_query_page_by_page(busy, flt, limit):
    cursor_a = cursor_b = None
    with busy.engine.connect() as conn:
        for _ in range(400):
            want = queries.event_page(conn, flt, limit, cursor_a)
            got = paging.event_page(conn, flt, limit, cursor_b)
            assert got.events == want.events
            assert got.next_cursor == want.next_cursor
            if want.next_cursor is None:
                break
            cursor_a, cursor_b = want.next_cursor, got.next_cursor
        else:
            pytest.fail("paging did not end")


@pytest.mark.parametrize("pair", [("ISR", "EGY"), ("USA", "IRN"), ("RUS", "UKR"), ("IGO", "RUS"),
                                  ("USA", "USA"), ("RUS", "RUSGOV"), ("ZZZ", "USA"), ("R", "U")])
@pytest.mark.parametrize("interval", ["day", "week", "month"])
def test_timelines_match_the_plain_query(busy, pair, interval):
    a, b = pair
    flt = EventFilter(negated=False) if a == "USA" else EventFilter()
    with busy.engine.connect() as conn:
        want = queries.dyad_timeline(conn, a, b, interval, flt)
        assert paging.dyad_timeline(conn, a, b, interval, flt) == want
    assert busy.dyad_timeline(a, b, interval, flt) == want
    assert want or "ZZZ" in pair


def test_prefix_expansion_finds_each_code_once(busy):
    with busy.engine.connect() as conn:
        codes = paging.codes_with_prefix(conn, events.c.source_code, "RUS")
        every = {r[0] for r in conn.execute(events.select().with_only_columns(events.c.source_code))
                 if r[0] and r[0].startswith("RUS")}
        assert codes == sorted(every) == ["RUS", "RUSGOV", "RUSMIL"]
        assert paging.codes_with_prefix(conn, events.c.cameo, "11") == ["111", "112", "1121"]
        with pytest.raises(ValueError):
            paging.codes_with_prefix(conn, events.c.text, "a")


def test_too_many_codes_fall_back_to_the_plain_query(busy, monkeypatch):
    monkeypatch.setattr(paging, "MAX_CODES", 2)
    with busy.engine.connect() as conn:
        assert paging.codes_with_prefix(conn, events.c.source_code, "USA") is None
        flt = EventFilter(actor="USA")
        assert paging.event_page(conn, flt, 5, None) == queries.event_page(conn, flt, 5, None)
