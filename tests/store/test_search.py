"""Full-text search takes any string a user can type: no query raises, words still match."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tacitus.store import EventFilter
from tacitus.store.queries import _fts_query, query_terms

TEXT = "Syria and the United Nations agreed on aid. Ministers in Zürich welcomed the accord."
NASTY = ['"', '""', "*", '"*"', "NEAR", "NEAR(", "AND", "OR NOT", "-", "^", ":", "(", ")", "{", "+",
         "'", "\\", "\x00", "\ud800", "\u200b", "é", "日本", "🙂", "title:", "*Syria", "Syria*", '"Syria']
ANY = st.one_of(
    st.text(st.characters(codec=None, exclude_categories=()), max_size=40),
    st.lists(st.sampled_from([*NASTY, "syria", "aid", "zurich", " "]), max_size=8).map("".join),
)
SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


@pytest.fixture
def searchable(store, factories):
    make_event, make_coding = factories
    store.add_coding(make_coding(TEXT, [make_event(TEXT[:43], "SYR", "IGOUNO", "057")]))
    return store


@pytest.mark.parametrize("query", NASTY)
def test_operator_and_punctuation_queries_do_not_raise(searchable, query):
    searchable.search(query)
    searchable.query_events(EventFilter(text=query))


@SETTINGS
@given(query=ANY)
def test_any_string_is_a_valid_query(searchable, query):
    hits = searchable.search(query)
    page = searchable.query_events(EventFilter(text=query))
    assert len(hits) <= 1 and len(page.events) <= 1


SEPARATORS = [x for x in NASTY if not any(ch.isalnum() for ch in x)]


@SETTINGS
@given(before=st.lists(st.sampled_from(SEPARATORS), max_size=3).map("".join),
       after=st.lists(st.sampled_from(SEPARATORS), max_size=3).map("".join))
def test_a_stored_word_is_found_whatever_punctuation_surrounds_it(searchable, before, after):
    assert [h.article_id for h in searchable.search(f"{before} Syria {after}")] == [1]
    assert [h.article_id for h in searchable.search(f"{before}Syria{after}")] == [1]


def test_prefixes_and_phrases_on_both_databases(searchable):
    assert [h.article_id for h in searchable.search("Syr*")] == [1]
    assert [h.article_id for h in searchable.search('"united nations"')] == [1]
    assert [h.article_id for h in searchable.search('"united nat"*')] == [1]
    assert searchable.search('"nations united"') == []
    assert searchable.search("Syria Iraq") == []  # every term is required
    assert [r.id for r in searchable.query_events(EventFilter(text="accord*")).events] == [1]


def test_diacritics_are_folded_by_sqlite(searchable):
    if searchable.dialect != "sqlite":
        pytest.skip("PostgreSQL's english configuration keeps diacritics")
    assert [h.article_id for h in searchable.search("zurich")] == [1]


def test_queries_become_terms_without_syntax():
    assert query_terms('NEAR(a b) "x y"* c* -d U.S. "open') == [
        (("NEAR", "a"), False), (("b",), False), (("x", "y"), True), (("c",), True), (("d",), False),
        (("U", "S"), False), (("open",), False)]
    assert _fts_query('NEAR(a b) "x y"*') == '"NEAR a" "b" "x y"*'
    assert _fts_query('" * "" ^ \x00 \ud800 🙂') == ""
