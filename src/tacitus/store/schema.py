"""The store's tables and the numbered migrations that build them.

The tables below are the *current* shape, which the queries in ``db.py`` use. Every
column and index says in which migration it appeared (``info={"since": N}``); migration 1
created the version-1 subset, later migrations add what they introduced. A database is
brought up to date on open by applying, in order, each migration it has not yet recorded
in ``schema_migrations``; each runs in its own transaction. A test checks that a fresh,
fully migrated database has exactly the columns and indexes of the current tables.

Add a migration by appending to ``MIGRATIONS`` and tagging the new columns, tables or
indexes with its number: never edit an applied migration. An index a migration replaces
moves to ``RETIRED_INDEXES`` with the number of the migration that drops it.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.engine import Connection
from sqlalchemy.schema import CreateColumn

log = logging.getLogger(__name__)

metadata = sa.MetaData()


def _since(version: int) -> dict:
    return {"since": version}


def _ref(prefix: str, version: int = 1) -> list[sa.Column]:
    """The flattened columns of an ActorRef (event source, target)."""
    return [
        sa.Column(f"{prefix}_text", sa.Text, info=_since(version)),
        sa.Column(f"{prefix}_code", sa.String(64), info=_since(version)),
        sa.Column(f"{prefix}_country", sa.String(3), info=_since(version)),
        sa.Column(f"{prefix}_start", sa.Integer, info=_since(version)),
        sa.Column(f"{prefix}_end", sa.Integer, info=_since(version)),
        sa.Column(f"{prefix}_actor", sa.Text, info=_since(version)),
        sa.Column(f"{prefix}_name", sa.Text, info=_since(version)),
    ]


schema_migrations = sa.Table(
    "schema_migrations",
    metadata,
    sa.Column("version", sa.Integer, primary_key=True, autoincrement=False),
    sa.Column("name", sa.String(200), nullable=False),
    sa.Column("applied_at", sa.DateTime, nullable=False),
    info=_since(0),
)

articles = sa.Table(
    "articles",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("content_hash", sa.String(64), nullable=False, unique=True),
    sa.Column("external_id", sa.Text),  # Article.id as the input gave it
    sa.Column("title", sa.Text),
    sa.Column("date", sa.Date),
    sa.Column("source", sa.Text),  # where it was read from: path, path:line, feed, WARC record
    sa.Column("outlet", sa.String(255)),  # publisher: URL host, else the input's source
    sa.Column("url", sa.Text),
    sa.Column("language", sa.String(16)),
    sa.Column("text", sa.Text, nullable=False),
    sa.Column("status", sa.String(100), nullable=False),  # coded | discarded: … | skipped: …
    sa.Column("discard_reason", sa.Text),
    sa.Column("issues", sa.Text),  # JSON list of issue tags
    sa.Column("provenance", sa.Text),  # JSON object: versions of model and dictionaries
    sa.Column("num_events", sa.Integer, nullable=False, default=0),
    sa.Column("added_at", sa.DateTime, nullable=False),
    sa.Column("near_duplicate_of", sa.Integer, sa.ForeignKey("articles.id"), info=_since(3)),
    sa.Column("near_duplicate_similarity", sa.Float, info=_since(3)),
    sa.Column("minhash", sa.LargeBinary, info=_since(3)),
    info=_since(1),
)

events = sa.Table(
    "events",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("article_id", sa.Integer, sa.ForeignKey("articles.id", ondelete="CASCADE"), nullable=False),
    sa.Column("seq", sa.Integer, nullable=False),  # index in Coding.events
    sa.Column("sentence", sa.Integer, nullable=False),
    sa.Column("sentence_start", sa.Integer),
    sa.Column("sentence_end", sa.Integer),
    sa.Column("text", sa.Text, nullable=False),
    *_ref("source"),
    *_ref("target"),
    sa.Column("cameo", sa.String(4), nullable=False),
    sa.Column("name", sa.Text),
    sa.Column("root", sa.String(2), nullable=False),
    sa.Column("quad_class", sa.Integer, nullable=False),
    sa.Column("goldstein", sa.Float, nullable=False),
    sa.Column("plover_event", sa.String(40)),
    sa.Column("plover_mode", sa.String(40)),
    sa.Column("plover_context", sa.Text),
    sa.Column("negated", sa.Boolean, nullable=False),
    sa.Column("negated_code", sa.String(4)),
    sa.Column("mood", sa.String(20), nullable=False),
    sa.Column("trigger_text", sa.Text),
    sa.Column("trigger_start", sa.Integer),
    sa.Column("trigger_end", sa.Integer),
    sa.Column("rule", sa.Text),
    sa.Column("date", sa.Date),
    sa.Column("day", sa.Integer, nullable=False),  # YYYYMMDD, 0 when undated: sort and range key
    sa.Column("date_precision", sa.String(10)),
    sa.Column("date_text", sa.Text),
    sa.Column("place_text", sa.Text),
    sa.Column("place_geonameid", sa.Integer),
    sa.Column("place_name", sa.Text),
    sa.Column("place_country", sa.String(3)),
    sa.Column("place_lat", sa.Float),
    sa.Column("place_lon", sa.Float),
    sa.Column("place_how", sa.String(40)),
    sa.Column("quote_index", sa.Integer),
    *_ref("reporter"),
    # The event this one is a report of (the first one stored); equal to `id` for the first.
    sa.Column("cluster_id", sa.Integer, info=_since(3)),
    info=_since(1),
)

quotes = sa.Table(
    "quotes",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("article_id", sa.Integer, sa.ForeignKey("articles.id", ondelete="CASCADE"), nullable=False),
    sa.Column("seq", sa.Integer, nullable=False),
    sa.Column("speaker_text", sa.Text),
    sa.Column("speaker_resolved", sa.Text),
    sa.Column("speaker_code", sa.String(64)),
    sa.Column("speaker_start", sa.Integer),
    sa.Column("speaker_end", sa.Integer),
    sa.Column("speaker_anonymous", sa.Boolean, nullable=False),
    sa.Column("speaker_actor", sa.Text),
    sa.Column("cue", sa.Text),
    sa.Column("cue_start", sa.Integer),
    sa.Column("cue_end", sa.Integer),
    sa.Column("content", sa.Text, nullable=False),
    sa.Column("direct", sa.Boolean, nullable=False),
    sa.Column("start", sa.Integer, nullable=False),
    sa.Column("end", sa.Integer, nullable=False),
    sa.Column("events", sa.Text),  # JSON list of event seq numbers
    sa.Column("note", sa.Text),
    info=_since(1),
)

actors = sa.Table(
    "actors",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("article_id", sa.Integer, sa.ForeignKey("articles.id", ondelete="CASCADE"), nullable=False),
    sa.Column("key", sa.Text, nullable=False),
    sa.Column("text", sa.Text, nullable=False),
    sa.Column("code", sa.String(64)),
    sa.Column("country", sa.String(3)),
    sa.Column("roles", sa.Text),  # space-separated role codes
    sa.Column("kb_id", sa.Text),
    sa.Column("name", sa.Text),
    sa.Column("mentions", sa.Integer, nullable=False),
    sa.Column("kind", sa.String(20)),
    info=_since(1),
)

places = sa.Table(
    "places",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("article_id", sa.Integer, sa.ForeignKey("articles.id", ondelete="CASCADE"), nullable=False),
    sa.Column("text", sa.Text, nullable=False),
    sa.Column("start", sa.Integer, nullable=False),
    sa.Column("end", sa.Integer, nullable=False),
    sa.Column("geonameid", sa.Integer),
    sa.Column("name", sa.Text),
    sa.Column("country", sa.String(3)),
    sa.Column("admin1", sa.Text),
    sa.Column("lat", sa.Float),
    sa.Column("lon", sa.Float),
    sa.Column("feature", sa.String(40)),
    sa.Column("how", sa.String(40)),
    info=_since(1),
)

failures = sa.Table(
    "failures",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("key", sa.String(64), nullable=False, unique=True),  # hash of source + reason
    sa.Column("source", sa.Text, nullable=False),
    sa.Column("reason", sa.Text, nullable=False),
    sa.Column("detail", sa.Text),
    sa.Column("first_seen", sa.DateTime, nullable=False),
    sa.Column("last_seen", sa.DateTime, nullable=False),
    sa.Column("attempts", sa.Integer, nullable=False, default=1),
    info=_since(1),
)

# MinHash LSH buckets: articles sharing a bucket in some band are near-duplicate candidates.
article_bands = sa.Table(
    "article_bands",
    metadata,
    sa.Column("article_id", sa.Integer, sa.ForeignKey("articles.id", ondelete="CASCADE"), nullable=False),
    sa.Column("band", sa.Integer, nullable=False),
    sa.Column("bucket", sa.BigInteger, nullable=False),
    info=_since(3),
)

# One row per event cluster (the same event reported by several articles), keyed by the id
# of its first event; the counts are GDELT's NumMentions, NumSources, NumArticles.
clusters = sa.Table(
    "clusters",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=False),
    sa.Column("first_day", sa.Integer, nullable=False),
    sa.Column("last_day", sa.Integer, nullable=False),
    sa.Column("num_mentions", sa.Integer, nullable=False),
    sa.Column("num_sources", sa.Integer, nullable=False),
    sa.Column("num_articles", sa.Integer, nullable=False),
    info=_since(3),
)

INDEXES: tuple[sa.Index, ...] = (
    sa.Index("ix_articles_date", articles.c.date, info=_since(1)),
    sa.Index("ix_articles_status", articles.c.status, info=_since(1)),
    sa.Index("ix_events_article", events.c.article_id, info=_since(1)),
    sa.Index("ix_events_day", events.c.day, events.c.id, info=_since(1)),
    sa.Index("ix_events_source", events.c.source_code, events.c.day, info=_since(1)),
    sa.Index("ix_events_target", events.c.target_code, events.c.day, info=_since(1)),
    sa.Index("ix_events_dyad", events.c.source_code, events.c.target_code, events.c.root, events.c.day,
             info=_since(1)),
    sa.Index("ix_events_cameo", events.c.cameo, events.c.day, info=_since(1)),
    sa.Index("ix_events_root", events.c.root, events.c.day, info=_since(1)),
    sa.Index("ix_events_plover", events.c.plover_event, info=_since(1)),
    sa.Index("ix_quotes_article", quotes.c.article_id, info=_since(1)),
    sa.Index("ix_quotes_speaker", quotes.c.speaker_code, info=_since(1)),
    sa.Index("ix_actors_article", actors.c.article_id, info=_since(1)),
    sa.Index("ix_actors_code", actors.c.code, info=_since(1)),
    sa.Index("ix_actors_country", actors.c.country, info=_since(1)),
    sa.Index("ix_places_article", places.c.article_id, info=_since(1)),
    sa.Index("ix_places_geonameid", places.c.geonameid, info=_since(1)),
    sa.Index("ix_failures_seen", failures.c.last_seen, info=_since(1)),
    sa.Index("ix_events_cluster", events.c.cluster_id, info=_since(3)),
    sa.Index("ix_article_bands", article_bands.c.band, article_bands.c.bucket, info=_since(3)),
    sa.Index("ix_articles_near_duplicate", articles.c.near_duplicate_of, info=_since(3)),
    # A country filter reads its newest events in index order instead of sorting them all.
    sa.Index("ix_events_source_country_day", events.c.source_country, events.c.day, info=_since(4)),
    sa.Index("ix_events_target_country_day", events.c.target_country, events.c.day, info=_since(4)),
    # A dyad timeline is counted from this index alone, without reading the event rows.
    sa.Index("ix_events_dyad_day", events.c.source_code, events.c.target_code, events.c.day,
             events.c.quad_class, events.c.goldstein, info=_since(4)),
)

# Indexes an earlier migration created and a later one dropped: {"since": made, "until": dropped}.
# Migration `since` still creates them, so every database passes through the same states.
RETIRED_INDEXES: tuple[sa.Index, ...] = (
    sa.Index("ix_events_source_country", events.c.source_country, info={"since": 1, "until": 4}),
    sa.Index("ix_events_target_country", events.c.target_country, info={"since": 1, "until": 4}),
)


# ---------------------------------------------------------------------------------------
# Migrations
# ---------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Migration:
    version: int
    name: str
    apply: Callable[[Connection], None]


def _since_of(item) -> int:
    return int(item.info.get("since", 1))


def _tables_as_of(version: int) -> sa.MetaData:
    """Copies of the tables as migration `version` created them (columns up to it)."""
    snapshot = sa.MetaData()
    for table in metadata.sorted_tables:
        if table.name == "schema_migrations" or _since_of(table) > version:
            continue
        columns = [c._copy() for c in table.columns if _since_of(c) <= version]
        sa.Table(table.name, snapshot, *columns)
    return snapshot


def _introduce(conn: Connection, version: int) -> None:
    """Create the tables, columns and indexes tagged with `version`; drop the indexes it retires."""
    snapshot = _tables_as_of(version)
    for table in metadata.sorted_tables:
        if _since_of(table) == version:
            snapshot.tables[table.name].create(conn)
        elif table.name != "schema_migrations" and _since_of(table) < version:
            for column in table.columns:
                if _since_of(column) == version:
                    _add_column(conn, table.name, column)
    for index in RETIRED_INDEXES:
        if index.info["until"] == version:
            conn.execute(sa.text(f"DROP INDEX IF EXISTS {index.name}"))
    for index in (*INDEXES, *RETIRED_INDEXES):
        if _since_of(index) == version:
            index.create(conn)


def _add_column(conn: Connection, table: str, column: sa.Column) -> None:
    copy = column._copy()
    copy.foreign_keys.clear()  # SQLite cannot add a constrained column; the link is advisory
    copy.constraints = set()
    sa.Table(table, sa.MetaData(), copy)
    ddl = CreateColumn(copy).compile(dialect=conn.dialect)
    conn.execute(sa.text(f"ALTER TABLE {table} ADD COLUMN {ddl}"))


def _core_tables(conn: Connection) -> None:
    _introduce(conn, 1)


def _full_text(conn: Connection) -> None:
    """Full-text search over article titles and text: FTS5 on SQLite, tsvector on PostgreSQL."""
    if conn.dialect.name == "sqlite":
        conn.execute(sa.text(
            "CREATE VIRTUAL TABLE articles_fts USING fts5(title, text, content='articles', "
            "content_rowid='id', tokenize='unicode61 remove_diacritics 2')"
        ))
        conn.execute(sa.text(
            "CREATE TRIGGER articles_fts_insert AFTER INSERT ON articles BEGIN "
            "INSERT INTO articles_fts(rowid, title, text) VALUES (new.id, new.title, new.text); END"
        ))
        conn.execute(sa.text(
            "CREATE TRIGGER articles_fts_delete AFTER DELETE ON articles BEGIN "
            "INSERT INTO articles_fts(articles_fts, rowid, title, text) "
            "VALUES ('delete', old.id, old.title, old.text); END"
        ))
        conn.execute(sa.text("INSERT INTO articles_fts(articles_fts) VALUES ('rebuild')"))
    elif conn.dialect.name == "postgresql":
        conn.execute(sa.text(
            "ALTER TABLE articles ADD COLUMN tsv tsvector GENERATED ALWAYS AS "
            "(to_tsvector('english', coalesce(title, '') || ' ' || text)) STORED"
        ))
        conn.execute(sa.text("CREATE INDEX ix_articles_tsv ON articles USING GIN (tsv)"))
    else:  # pragma: no cover - only the two dialects are supported
        log.warning("no full-text index for dialect %s", conn.dialect.name)


def _near_duplicates_and_clusters(conn: Connection) -> None:
    _introduce(conn, 3)


def _country_and_dyad_indexes(conn: Connection) -> None:
    """Country filters and dyad timelines served in index order (the web load test)."""
    _introduce(conn, 4)


MIGRATIONS: tuple[Migration, ...] = (
    Migration(1, "core tables: articles, events, quotes, actors, places, failures", _core_tables),
    Migration(2, "full-text search over articles", _full_text),
    Migration(3, "near-duplicate articles (MinHash) and event clusters", _near_duplicates_and_clusters),
    Migration(4, "indexes: (country, day) for each side, (source, target, day, quad, goldstein)",
              _country_and_dyad_indexes),
)
LATEST = MIGRATIONS[-1].version


def applied_versions(conn: Connection) -> set[int]:
    if not sa.inspect(conn).has_table("schema_migrations"):
        return set()
    return {row[0] for row in conn.execute(sa.select(schema_migrations.c.version))}


def migrate(engine: sa.Engine, up_to: int | None = None) -> list[int]:
    """Apply every migration not yet applied (up to `up_to`); return the versions applied."""
    with engine.begin() as conn:
        schema_migrations.create(conn, checkfirst=True)
    done: list[int] = []
    for migration in MIGRATIONS:
        if up_to is not None and migration.version > up_to:
            break
        with engine.begin() as conn:
            if migration.version in applied_versions(conn):
                continue
            log.info("applying migration %d: %s", migration.version, migration.name)
            migration.apply(conn)
            conn.execute(schema_migrations.insert().values(
                version=migration.version, name=migration.name,
                applied_at=dt.datetime.now(dt.UTC).replace(tzinfo=None),
            ))
            done.append(migration.version)
    return done
