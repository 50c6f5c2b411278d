"""The event store: open a database, write codings and failures, read them back.

``open_store("tacitus.db")`` opens (creating and migrating as needed) a SQLite file in WAL
mode; ``open_store("postgresql://user@host/db")`` does the same on PostgreSQL through
psycopg. Each article is written in one transaction with its events, quotes, actors and
places (``add_codings``: a batch of articles in one), so an interruption leaves only whole
articles behind, and the content hash is unique, so re-ingesting an article stores nothing
new. All SQL is parameterised.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
from collections.abc import Iterable, Iterator
from pathlib import Path

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from ..errors import StoreError
from ..model import Article, Coding, InputFailure
from . import paging, queries, rows, writes
from .dedupe import ClusterOptions
from .records import (
    ActorSummary,
    EventFacets,
    EventFilter,
    EventPage,
    EventRecord,
    FailureRecord,
    Interval,
    SearchHit,
    StoredArticle,
    StoreSummary,
    TimelinePoint,
)
from .schema import (
    articles,
    failures,
    migrate,
)

log = logging.getLogger(__name__)


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(tzinfo=None, microsecond=0)


def database_url(url_or_path: str | Path) -> str:
    """A SQLAlchemy URL for a path, ":memory:", a sqlite:// URL or a postgresql:// URL."""
    text = str(url_or_path)
    if text == ":memory:":
        return "sqlite://"
    if text.startswith(("postgresql://", "postgres://")):
        return "postgresql+psycopg://" + text.split("://", 1)[1]
    if "://" in text:
        return text
    return "sqlite:///" + str(Path(text).expanduser())


def _sqlite_pragmas(dbapi_connection, _record) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=30000")
    cursor.close()


def create_engine(url_or_path: str | Path) -> sa.Engine:
    url = database_url(url_or_path)
    kwargs: dict = {}
    if url == "sqlite://":
        kwargs["poolclass"] = sa.pool.StaticPool  # one shared in-memory database
        kwargs["connect_args"] = {"check_same_thread": False}
    try:
        engine = sa.create_engine(url, **kwargs)
    except ModuleNotFoundError as exc:
        raise StoreError(
            f"cannot open {url_or_path}: the database driver is missing ({exc.name}); "
            "for PostgreSQL install it with `pip install 'psycopg[binary]'`"
        ) from None
    except sa.exc.ArgumentError as exc:
        raise StoreError(f"{url_or_path} is not a database path or URL: {exc}") from None
    if engine.dialect.name == "sqlite":
        sa.event.listen(engine, "connect", _sqlite_pragmas)
    elif engine.dialect.name != "postgresql":
        raise StoreError(f"{url_or_path}: only SQLite and PostgreSQL are supported")
    return engine


def open_store(url_or_path: str | Path = "tacitus.db", *, clusters: ClusterOptions | None = None) -> Store:
    """Open the store at a SQLite path (or ":memory:") or a postgresql:// URL, migrating it."""
    engine = create_engine(url_or_path)
    try:
        migrate(engine)
    except sa.exc.OperationalError as exc:
        engine.dispose()
        raise StoreError(f"cannot open the database {url_or_path}: {exc.orig}") from None
    except sa.exc.DatabaseError as exc:
        engine.dispose()
        raise StoreError(f"{url_or_path} is not a usable database: {exc.orig}") from None
    return Store(engine, clusters or ClusterOptions())


class Store:
    """A Tacitus database. Use :func:`open_store`; close it (or use ``with``) when done."""

    def __init__(self, engine: sa.Engine, cluster_options: ClusterOptions | None = None) -> None:
        self.engine = engine
        self.cluster_options = cluster_options or ClusterOptions()
        self._statements = writes.Statements(engine.dialect.name)

    @property
    def dialect(self) -> str:
        return self.engine.dialect.name

    def close(self) -> None:
        self.engine.dispose()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # -- writing ---------------------------------------------------------------------

    def has_article(self, content_hash: str) -> bool:
        with self.engine.connect() as conn:
            found = conn.execute(
                sa.select(articles.c.id).where(articles.c.content_hash == content_hash)
            ).first()
        return found is not None

    def known_hashes(self, hashes: Iterable[str]) -> set[str]:
        """The content hashes among `hashes` that are already stored (one query per 500)."""
        wanted = list(dict.fromkeys(hashes))
        found: set[str] = set()
        with self.engine.connect() as conn:
            for i in range(0, len(wanted), 500):
                chunk = wanted[i : i + 500]
                found.update(conn.execute(
                    sa.select(articles.c.content_hash).where(articles.c.content_hash.in_(chunk))
                ).scalars())
        return found

    def add_coding(self, coding: Coding, *, status: str | None = None) -> int | None:
        """Store an article with its coding in one transaction; None if already stored."""
        try:
            with self.engine.begin() as conn:
                return self._write_coding(conn, coding, status)
        except sa.exc.IntegrityError:
            # A concurrent writer stored the same content hash between our check and insert.
            if self.has_article(coding.article.content_hash):
                return None
            raise
        except sa.exc.SQLAlchemyError as exc:
            raise StoreError(f"cannot store article {coding.article.id}: {exc}") from exc

    def add_codings(self, codings: list[Coding]) -> list[int | None]:
        """Store several codings in one transaction (a commit per article costs more than
        its rows); the id of each, None for one already stored. If the batch fails (a
        concurrent writer, a bad row), it is rolled back and written article by article,
        so the error, if any, names its article."""
        if len(codings) <= 1:
            return [self.add_coding(c) for c in codings]
        try:
            with self.engine.begin() as conn:
                return [self._write_coding(conn, c, None) for c in codings]
        except sa.exc.SQLAlchemyError:
            log.debug("batch of %d codings failed; writing them one by one", len(codings))
            return [self.add_coding(c) for c in codings]

    def _write_coding(self, conn: Connection, coding: Coding, status: str | None) -> int | None:
        if status is None:
            status = f"discarded: {coding.discarded}" if coding.discarded else "coded"
        article_id = self._insert_article(conn, coding, status)
        if article_id is None:
            return None
        self._insert_annotations(conn, article_id, coding)
        writes.link_near_duplicate(conn, self._statements, article_id, coding.article.text)
        return article_id

    def add_skipped(self, article: Article, reason: str) -> int | None:
        """Store an article that was not coded (e.g. "language fr"), with its reason."""
        return self.add_coding(Coding(article=article), status=f"skipped: {reason}")

    def add_failure(self, failure: InputFailure) -> int:
        """Record an input that did not become an article; a repeat updates the same row."""
        key = hashlib.sha256(f"{failure.source}\0{failure.reason}".encode()).hexdigest()
        now = _now()
        with self.engine.begin() as conn:
            existing = conn.execute(sa.select(failures.c.id).where(failures.c.key == key)).first()
            if existing is not None:
                conn.execute(
                    failures.update().where(failures.c.id == existing[0]).values(
                        last_seen=now, detail=failure.detail, attempts=failures.c.attempts + 1
                    )
                )
                return existing[0]
            return conn.execute(
                failures.insert().values(
                    key=key, source=failure.source, reason=failure.reason, detail=failure.detail,
                    first_seen=now, last_seen=now, attempts=1,
                ).returning(failures.c.id)
            ).scalar_one()

    def _insert_article(self, conn: Connection, coding: Coding, status: str) -> int | None:
        return conn.execute(self._statements.article, rows.article_row(coding, status, _now())).scalar()

    def _insert_annotations(self, conn: Connection, article_id: int, coding: Coding) -> None:
        st = self._statements
        if coding.events:
            event_rows = [rows.event_row(article_id, i, e) for i, e in enumerate(coding.events)]
            ids = conn.execute(st.events, event_rows).scalars().all()
            writes.assign_clusters(conn, st, list(zip(ids, event_rows, strict=True)), self.cluster_options)
        if coding.quotes:
            conn.execute(st.quotes, [rows.quote_row(article_id, i, q) for i, q in enumerate(coding.quotes)])
        if coding.actors:
            conn.execute(st.actors, [rows.actor_row(article_id, a) for a in coding.actors])
        if coding.places:
            conn.execute(st.places, [rows.place_row(article_id, p) for p in coding.places])

    # -- reading ---------------------------------------------------------------------

    def query_events(self, filter: EventFilter | None = None, limit: int = 100,
                     cursor: str | None = None) -> EventPage:
        """A page of events matching `filter`, newest first; `cursor` continues a listing.

        Actor, country and CAMEO code filters read each exact code's newest rows from its
        index (see :mod:`tacitus.store.paging`): milliseconds even for the busiest actor."""
        with self.engine.connect() as conn:
            return paging.event_page(conn, filter or EventFilter(), limit, cursor)

    def iter_events(self, filter: EventFilter | None = None, batch: int = 1000) -> Iterator[EventRecord]:
        """Every matching event in storage order (for exports), fetched in batches."""
        with self.engine.connect() as conn:
            yield from queries.iter_events(conn, filter or EventFilter(), batch)

    def event_facets(self, filter: EventFilter | None = None, top: int = 10) -> EventFacets:
        with self.engine.connect() as conn:
            return queries.facets(conn, filter or EventFilter(), top)

    def article(self, article_id: int) -> StoredArticle | None:
        with self.engine.connect() as conn:
            return queries.stored_article(conn, article_id)

    def iter_articles(self, batch: int = 200) -> Iterator[StoredArticle]:
        """Every stored article with its coding, in storage order."""
        with self.engine.connect() as conn:
            yield from queries.iter_articles(conn, batch)

    def dyad_timeline(self, a: str, b: str, interval: Interval = "day",
                      filter: EventFilter | None = None) -> list[TimelinePoint]:
        """Events between actors `a` and `b` (code prefixes) per period, in both directions."""
        with self.engine.connect() as conn:
            return paging.dyad_timeline(conn, a, b, interval, filter or EventFilter())

    def actors(self, prefix: str | None = None, country: str | None = None,
               limit: int = 50) -> list[ActorSummary]:
        with self.engine.connect() as conn:
            return queries.actor_summaries(conn, prefix, country, limit)

    def failures(self, limit: int = 100, offset: int = 0, reason: str | None = None) -> list[FailureRecord]:
        with self.engine.connect() as conn:
            return queries.failure_records(conn, limit, offset, reason)

    def summary(self) -> StoreSummary:
        with self.engine.connect() as conn:
            return queries.summary(conn)

    def search(self, text: str, limit: int = 20) -> list[SearchHit]:
        """Articles matching a full-text query, best first, with a highlighted snippet."""
        with self.engine.connect() as conn:
            return queries.search(conn, text, limit)

    def near_duplicates(self, article_id: int) -> list[int]:
        """Ids of the articles linked to `article_id` as near-duplicates (either way)."""
        with self.engine.connect() as conn:
            return queries.near_duplicates(conn, article_id)
