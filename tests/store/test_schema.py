"""Numbered migrations build exactly the current tables, and upgrade older databases."""

from __future__ import annotations

import sqlalchemy as sa

from tacitus.store import EventFilter, open_store
from tacitus.store.db import create_engine
from tacitus.store.schema import (
    INDEXES,
    LATEST,
    MIGRATIONS,
    RETIRED_INDEXES,
    applied_versions,
    metadata,
    migrate,
)


def test_migrations_are_numbered_in_order():
    assert [m.version for m in MIGRATIONS] == list(range(1, len(MIGRATIONS) + 1))


def test_fresh_database_has_the_current_columns_and_indexes():
    engine = create_engine(":memory:")
    assert migrate(engine) == [m.version for m in MIGRATIONS]
    inspector = sa.inspect(engine)
    for table in metadata.sorted_tables:
        found = {c["name"] for c in inspector.get_columns(table.name)}
        assert found == {c.name for c in table.columns}, table.name
    names = {i["name"] for t in metadata.sorted_tables for i in inspector.get_indexes(t.name)}
    assert {i.name for i in INDEXES} <= names
    assert "articles_fts" in inspector.get_table_names()


def test_migrating_twice_applies_nothing():
    engine = create_engine(":memory:")
    migrate(engine)
    assert migrate(engine) == []
    with engine.connect() as conn:
        assert applied_versions(conn) == set(range(1, LATEST + 1))


def test_a_version_1_database_is_upgraded_with_its_rows_kept(tmp_path):
    path = tmp_path / "old.db"
    engine = create_engine(path)
    assert migrate(engine, up_to=1) == [1]
    with engine.begin() as conn:
        assert "near_duplicate_of" not in {c["name"] for c in sa.inspect(conn).get_columns("articles")}
        conn.execute(sa.text(
            "INSERT INTO articles (content_hash, text, status, num_events, added_at) "
            "VALUES ('h1', 'Old text about Syria.', 'coded', 0, '2020-01-01 00:00:00')"))
    engine.dispose()
    store = open_store(path)
    try:
        assert store.summary().articles == 1
        assert [h.article_id for h in store.search("Syria")] == [1]  # FTS rebuilt over old rows
        with store.engine.connect() as conn:
            cols = {c["name"] for c in sa.inspect(conn).get_columns("articles")}
        assert {"near_duplicate_of", "minhash"} <= cols
    finally:
        store.close()


def test_sqlite_file_uses_wal(tmp_path):
    store = open_store(tmp_path / "t.db")
    try:
        with store.engine.connect() as conn:
            assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
    finally:
        store.close()


def _index_names(conn) -> set[str]:
    return {i["name"] for i in sa.inspect(conn).get_indexes("events")}


def test_country_and_dyad_indexes_replace_the_single_column_ones():
    engine = create_engine(":memory:")
    migrate(engine)
    with engine.connect() as conn:
        names = _index_names(conn)
        columns = {i["name"]: i["column_names"] for i in sa.inspect(conn).get_indexes("events")}
    assert {"ix_events_source_country_day", "ix_events_target_country_day", "ix_events_dyad_day"} <= names
    assert not {i.name for i in RETIRED_INDEXES} & names
    assert columns["ix_events_dyad_day"] == ["source_code", "target_code", "day", "quad_class", "goldstein"]
    assert columns["ix_events_source_country_day"] == ["source_country", "day"]


def test_a_version_3_database_gets_the_version_4_indexes_with_its_events_kept(tmp_path, factories):
    make_event, make_coding = factories
    path = tmp_path / "v3.db"
    engine = create_engine(path)
    assert migrate(engine, up_to=3) == [1, 2, 3]
    with engine.connect() as conn:
        assert {i.name for i in RETIRED_INDEXES} <= _index_names(conn)
    engine.dispose()
    from tacitus.store import Store

    old = Store(create_engine(path))  # a store written by the version-3 code
    old.add_coding(make_coding("Russia criticized Ukraine.", [make_event("Russia criticized Ukraine.",
                                                                          "RUSGOV", "UKR", "111")]))
    old.close()
    store = open_store(path)
    try:
        with store.engine.connect() as conn:
            names = _index_names(conn)
            assert applied_versions(conn) == set(range(1, LATEST + 1))
            plan = " ".join(str(r) for r in conn.exec_driver_sql(
                "EXPLAIN QUERY PLAN SELECT id FROM events WHERE source_country = 'RUS' "
                "ORDER BY day DESC LIMIT 5"))
        assert "ix_events_dyad_day" in names and not {i.name for i in RETIRED_INDEXES} & names
        assert "ix_events_source_country_day" in plan and "TEMP B-TREE" not in plan
        assert [r.event.cameo for r in store.query_events(EventFilter(country="RUS")).events] == ["111"]
    finally:
        store.close()


def test_migration_4_upgrades_a_postgresql_database(fresh_postgres):
    from tests.store.conftest import _reset_postgres

    _reset_postgres(fresh_postgres, drop=True)
    engine = create_engine(fresh_postgres)
    try:
        assert migrate(engine, up_to=3) == [1, 2, 3]
        with engine.connect() as conn:
            assert {i.name for i in RETIRED_INDEXES} <= _index_names(conn)
        assert migrate(engine) == [4]
        with engine.connect() as conn:
            names = _index_names(conn)
        assert {"ix_events_source_country_day", "ix_events_dyad_day"} <= names
        assert not {i.name for i in RETIRED_INDEXES} & names
    finally:
        engine.dispose()
        _reset_postgres(fresh_postgres, drop=True)
