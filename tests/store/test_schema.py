"""Numbered migrations build exactly the current tables, and upgrade older databases."""

from __future__ import annotations

import sqlalchemy as sa

from tacitus.store import open_store
from tacitus.store.db import create_engine
from tacitus.store.schema import INDEXES, LATEST, MIGRATIONS, applied_versions, metadata, migrate


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
