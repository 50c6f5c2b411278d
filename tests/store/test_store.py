"""The store API: writing codings and failures, and every read the CLI and web use."""

from __future__ import annotations

import datetime as dt

import pytest

from tacitus.errors import StoreError
from tacitus.model import InputFailure
from tacitus.store import EventFilter, open_store

D = dt.date(2021, 3, 2)


def test_add_coding_round_trips_every_annotation(store, rich_coding):
    article_id = store.add_coding(rich_coding)
    stored = store.article(article_id)
    assert stored.status == "coded"
    assert stored.outlet == "example.com"
    assert stored.coding.events == rich_coding.events
    assert stored.coding.quotes == rich_coding.quotes
    assert stored.coding.places == rich_coding.places
    assert stored.coding.actors == rich_coding.actors
    assert stored.coding.article == rich_coding.article
    assert stored.coding.issues == ("test",)
    assert [r.id for r in stored.events] and stored.events[0].cluster_id == stored.events[0].id


def test_same_content_is_stored_once(store, factories):
    make_event, make_coding = factories
    c = make_coding("Iran threatened Israel.", [make_event("Iran threatened Israel.", "IRN", "ISR", "130")])
    assert store.add_coding(c) is not None
    again = make_coding("Iran  threatened\nIsrael.", [], id="other")  # same text up to whitespace
    assert store.add_coding(again) is None
    assert store.has_article(c.article.content_hash)
    assert store.summary().articles == 1
    assert store.summary().events == 1


def test_a_batch_of_codings_is_written_in_one_call_like_one_by_one(store, factories):
    make_event, make_coding = factories
    body = " ".join(f"word{i} of the wire story about the talks in Geneva" for i in range(40))
    batch = [
        make_coding("Iran threatened Israel.", [make_event("Iran threatened Israel.", "IRN", "ISR", "130")]),
        make_coding("Iran  threatened Israel.", [], id="repeat"),  # same content: not stored again
        make_coding("AP — " + body, id="ap"),
        make_coding("Reprinted. " + body, id="copy"),  # a near-duplicate of the one before, same batch
    ]
    ids = store.add_codings(batch)
    assert ids[0] is not None and ids[1] is None and None not in ids[2:]
    assert store.summary().articles == 3 and store.summary().events == 1
    assert store.article(ids[3]).near_duplicate_of == ids[2]
    assert store.add_codings(batch[:1]) == [None]


def test_failures_are_recorded_once_per_source_and_reason(store):
    store.add_failure(InputFailure("a.txt", "empty file"))
    store.add_failure(InputFailure("a.txt", "empty file"))
    store.add_failure(InputFailure("b.bin", "binary file", "NUL bytes"))
    found = store.failures()
    assert [(f.source, f.reason, f.attempts) for f in found] == [
        ("a.txt", "empty file", 2), ("b.bin", "binary file", 1)]
    assert store.failures(reason="binary file")[0].detail == "NUL bytes"


def test_skipped_and_discarded_articles_keep_their_status(store, factories):
    from tacitus.model import Article

    _, make_coding = factories
    store.add_skipped(Article(id="fr", text="Le président a visité Paris.", language="fr"), "language fr")
    store.add_coding(make_coding("The match ended 2-1.", discarded="sports"))
    assert store.summary().by_status == {"skipped: language fr": 1, "discarded: sports": 1}


@pytest.fixture
def filled(store, factories):
    make_event, make_coding = factories
    rows = [
        ("USAGOV", "SYRGOV", "111", D, False, "asserted"),
        ("USA", "SYR", "163", D + dt.timedelta(days=8), False, "asserted"),
        ("SYRGOV", "USA", "112", D + dt.timedelta(days=40), True, "asserted"),
        ("RUSMIL", "UKR", "190", D, False, "intended"),
        ("IGONAT", "RUS", "042", D - dt.timedelta(days=400), False, "asserted"),
    ]
    for i, (s, t, code, date, neg, mood) in enumerate(rows):
        text = f"Sentence number {i} about {s} and {t} doing {code} things"
        e = make_event(text, s, t, code, date=date, negated=neg, mood=mood)
        store.add_coding(make_coding(text + f" in article {i}.", [e], id=f"a{i}", date=date))
    return store


@pytest.mark.parametrize("flt, expected", [
    (EventFilter(actor="USA"), {"111", "163", "112"}),
    (EventFilter(actor="usa"), {"111", "163", "112"}),
    (EventFilter(source="USA"), {"111", "163"}),
    (EventFilter(dyad=("USA", "SYR")), {"111", "163"}),
    (EventFilter(country="RUS"), {"190", "042"}),
    (EventFilter(code="11"), {"111", "112"}),
    (EventFilter(code="111"), {"111"}),
    (EventFilter(root="19"), {"190"}),
    (EventFilter(code="4"), {"042"}),
    (EventFilter(quad_class=4), {"190"}),
    (EventFilter(mood=("intended",)), {"190"}),
    (EventFilter(negated=True), {"112"}),
    (EventFilter(plover="accuse"), {"111", "163", "112", "190", "042"}),
    (EventFilter(since=D, until=D + dt.timedelta(days=10)), {"111", "163", "190"}),
    (EventFilter(text="RUSMIL"), {"190"}),
    (EventFilter(actor="ZZZ"), set()),
])
def test_event_filters(filled, flt, expected):
    assert {r.event.cameo for r in filled.query_events(flt).events} == expected


def test_pages_follow_the_cursor_newest_first(filled):
    seen, cursor = [], None
    while True:
        page = filled.query_events(limit=2, cursor=cursor)
        seen += [r.event.date for r in page.events]
        cursor = page.next_cursor
        if cursor is None:
            break
    assert len(seen) == 5 and seen == sorted(seen, reverse=True)
    with pytest.raises(StoreError):
        filled.query_events(cursor="nonsense")


def test_facets_count_each_dimension(filled):
    f = filled.event_facets()
    assert f.total == 5 and f.negated == 1
    assert dict(f.roots) == {"11": 2, "16": 1, "19": 1, "04": 1}
    assert dict(f.quad_classes)[4] == 1
    assert (("USAGOV", "SYRGOV"), 1) in f.dyads
    assert filled.event_facets(EventFilter(actor="USA")).total == 3


def test_dyad_timeline_by_month_in_both_directions(filled):
    points = filled.dyad_timeline("USA", "SYR", "month")
    assert [(p.period, p.direction, p.events) for p in points] == [
        (dt.date(2021, 3, 1), "a->b", 2), (dt.date(2021, 4, 1), "b->a", 1)]
    weekly = filled.dyad_timeline("USA", "SYR", "week")
    assert weekly[0].period == dt.date(2021, 3, 1) and weekly[0].quad_counts[2] == 1
    with pytest.raises(StoreError):
        filled.dyad_timeline("USA", "SYR", "year")


def test_actors_summarise_articles_and_roles(filled):
    usa = {a.code: a for a in filled.actors(prefix="USA")}
    assert set(usa) == {"USA", "USAGOV"}
    assert usa["USA"].as_target == 1 and usa["USA"].as_source == 1
    assert usa["USAGOV"].mentions == 2


def test_summary_and_search(filled):
    s = filled.summary()
    assert (s.articles, s.events, s.unique_events, s.failures) == (5, 5, 5, 0)
    assert s.first_date == D - dt.timedelta(days=400)
    hits = filled.search("RUSMIL")
    assert len(hits) == 1 and "[RUSMIL]" in hits[0].snippet
    assert filled.search('unbalanced "quote OR ( *') == []


def test_reports_of_one_event_in_several_outlets_form_one_cluster(store, factories):
    make_event, make_coding = factories
    reports = [
        ("Russian forces shelled Kharkiv on Tuesday, killing three.", "https://a.com/1", D),
        ("Russian forces shelled the city of Kharkiv, killing three people.", "https://b.com/2", D + dt.timedelta(days=1)),
        ("Russian forces shelled Kharkiv again, officials said.", "https://a.com/3", D),
        ("Russian troops and Ukrainian negotiators met in Belarus.", "https://c.com/4", D),  # dissimilar
    ]
    for i, (text, url, date) in enumerate(reports):
        store.add_coding(make_coding(text + f" Report {i}.", [make_event(text, "RUSMIL", "UKR", "195", date=date)],
                                     id=f"r{i}", url=url))
    store.add_coding(make_coding("Russian forces shelled Kharkiv on Tuesday, killing three. Later.",
                                 [make_event("Russian forces shelled Kharkiv on Tuesday, killing three.",
                                             "RUSMIL", "UKR", "195", date=D + dt.timedelta(days=9))], id="late"))
    unique = store.query_events(EventFilter(unique=True)).events
    assert len(unique) == 3  # one cluster of three reports, the dissimilar one, the late one
    main = next(r for r in unique if r.num_mentions > 1)
    assert (main.num_mentions, main.num_articles, main.num_sources) == (3, 3, 2)
    assert store.summary().unique_events == 3


def test_near_duplicate_articles_are_linked(store, factories):
    _, make_coding = factories
    body = " ".join(f"word{i} of the wire story about the talks in Geneva" for i in range(40))
    a = store.add_coding(make_coding("AP — " + body, id="ap"))
    b = store.add_coding(make_coding("Reprinted by the Daily Times. " + body + " Copyright.", id="dt"))
    c = store.add_coding(make_coding("A different article entirely about sanctions on Iran and oil.", id="x"))
    assert store.article(b).near_duplicate_of == a
    assert store.article(b).near_duplicate_similarity >= 0.8
    assert store.article(c).near_duplicate_of is None
    assert store.near_duplicates(a) == [b]
    assert store.summary().near_duplicates == 1


def test_bad_database_paths_raise_store_errors(tmp_path):
    bad = tmp_path / "not-a-db.db"
    bad.write_bytes(b"this is not sqlite" * 100)
    with pytest.raises(StoreError):
        open_store(bad)
    with pytest.raises(StoreError):
        open_store("mysql://nobody@localhost/x")
