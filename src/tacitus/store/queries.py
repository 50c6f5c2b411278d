"""Read queries over the store's tables, as plain functions of a connection.

Every value from a caller goes in as a bound parameter. Actor codes match as prefixes
through a range (``code >= 'USA' AND code < 'USB'``) so the code indexes serve them on
both SQLite and PostgreSQL.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterator

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from ..errors import StoreError
from . import rows
from .dedupe import day_key
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
from .schema import actors, articles, clusters, events, failures, places, quotes


def prefix_match(column, prefix: str):
    """`column` starts with `prefix` (case as stored: codes are upper case)."""
    prefix = prefix.upper()
    upper = prefix[:-1] + chr(ord(prefix[-1]) + 1)
    return sa.and_(column >= prefix, column < upper)


def code_match(code: str):
    code = code.strip()
    if len(code) <= 2:
        return events.c.root == code.zfill(2)
    return prefix_match(events.c.cameo, code)


_TERM = re.compile(r'"([^"]*)"?(\*?)|([^\s"]+)')
_WORD = re.compile(r"[^\W_]+")  # letters and digits: what both databases' tokenizers keep


def query_terms(text: str) -> list[tuple[tuple[str, ...], bool]]:
    """A user's full-text query as required terms: (words, is a prefix), whatever was typed.

    Each word or "quoted phrase" is one term, split into words at every character that is
    not a letter or digit (so operators, brackets, quotes, control characters, emoji and
    lone surrogates are never part of a query); a word or phrase ending in ``*`` is a
    prefix. Both databases then read the same terms, with no query syntax of their own.
    """
    terms = []
    for match in _TERM.finditer(text):
        phrase, star, word = match.groups()
        value = phrase if phrase is not None else word
        prefix = bool(star) if word is None else value.endswith("*")
        words = tuple(_WORD.findall(unicodedata.normalize("NFC", value)))
        if words:
            terms.append((words, prefix))
    return terms


def _fts_query(text: str) -> str:
    """The query as FTS5 strings, every term required (``"united nations" "syr"*``); ""
    when nothing is left to search for (FTS5 rejects an empty query)."""
    return " ".join('"' + " ".join(words) + '"' + ("*" if prefix else "") for words, prefix in query_terms(text))


def _ts_query(text: str):
    """The query as a PostgreSQL tsquery expression (terms joined with &&), or None.

    A phrase is ``phraseto_tsquery``; a prefix is ``to_tsquery('w1 <-> w2:*')``, safe to
    build because the words hold only letters and digits.
    """
    parts = [
        sa.func.to_tsquery("english", " <-> ".join(words) + ":*") if prefix
        else sa.func.phraseto_tsquery("english", " ".join(words))
        for words, prefix in query_terms(text)
    ]
    if not parts:
        return None
    query = parts[0]
    for part in parts[1:]:
        query = query.op("&&")(part)
    return query


def full_text_ids(conn: Connection, text: str):
    """A subquery of the ids of articles matching a full-text query (none for a query
    with nothing to search for)."""
    if conn.dialect.name == "postgresql":
        query = _ts_query(text)
        if query is None:
            return sa.select(articles.c.id).where(sa.false())
        return sa.select(articles.c.id).where(sa.literal_column("articles.tsv").op("@@")(query))
    query = _fts_query(text)
    if not query:
        return sa.select(articles.c.id).where(sa.false())
    fts = sa.table("articles_fts", sa.column("rowid"))
    return sa.select(fts.c.rowid).where(sa.text("articles_fts MATCH :fts_query").bindparams(fts_query=query))


def conditions(conn: Connection, f: EventFilter) -> list:
    """The WHERE conditions of an event filter."""
    c = events.c
    where: list = []
    if f.actor:
        where.append(sa.or_(prefix_match(c.source_code, f.actor), prefix_match(c.target_code, f.actor)))
    if f.source:
        where.append(prefix_match(c.source_code, f.source))
    if f.target:
        where.append(prefix_match(c.target_code, f.target))
    if f.dyad:
        where += [prefix_match(c.source_code, f.dyad[0]), prefix_match(c.target_code, f.dyad[1])]
    if f.country:
        country = f.country.upper()
        where.append(sa.or_(c.source_country == country, c.target_country == country))
    if f.code:
        where.append(code_match(f.code))
    if f.root:
        where.append(c.root == f.root.zfill(2))
    if f.quad_class is not None:
        where.append(c.quad_class == int(f.quad_class))
    if f.plover:
        where.append(c.plover_event == f.plover.upper())
    if f.mood:
        where.append(c.mood.in_(list(f.mood)))
    if f.negated is not None:
        where.append(c.negated == bool(f.negated))
    if f.since:
        where.append(c.day >= day_key(f.since))
    if f.until:
        where.append(sa.and_(c.day <= day_key(f.until), c.day > 0))
    if f.article_id is not None:
        where.append(c.article_id == f.article_id)
    if f.unique:
        where.append(sa.or_(c.cluster_id == c.id, c.cluster_id.is_(None)))
    if f.text:
        where.append(c.article_id.in_(full_text_ids(conn, f.text)))
    return where


def _record_select():
    return (
        sa.select(
            events,
            clusters.c.num_mentions, clusters.c.num_sources, clusters.c.num_articles,
            articles.c.title.label("article_title"), articles.c.date.label("article_date"),
            articles.c.url.label("article_url"), articles.c.source.label("article_source"),
            articles.c.outlet, articles.c.added_at,
        )
        .select_from(
            events.join(articles, articles.c.id == events.c.article_id)
            .outerjoin(clusters, clusters.c.id == events.c.cluster_id)
        )
    )


def record_from_row(row) -> EventRecord:
    m = row._mapping
    return EventRecord(
        id=m["id"], article_id=m["article_id"], event=rows.event_from_row(m),
        cluster_id=m["cluster_id"], num_mentions=m["num_mentions"] or 1,
        num_sources=m["num_sources"] or 1, num_articles=m["num_articles"] or 1,
        article_title=m["article_title"], article_date=rows._as_date(m["article_date"]),
        article_url=m["article_url"], article_source=m["article_source"], outlet=m["outlet"],
        added_at=m["added_at"],
    )


def _parse_cursor(cursor: str) -> tuple[int, int]:
    try:
        day, event_id = cursor.split(":")
        return int(day), int(event_id)
    except ValueError:
        raise StoreError(f"invalid page cursor {cursor!r}") from None


def event_page(conn: Connection, f: EventFilter, limit: int, cursor: str | None) -> EventPage:
    """A page of events in one statement: the reference for :func:`paging.event_page`,
    which serves actor, country and code filters faster and falls back to this one."""
    limit = max(1, min(int(limit), 10_000))
    query = _record_select().where(*conditions(conn, f))
    if cursor:
        day, event_id = _parse_cursor(cursor)
        query = query.where(sa.tuple_(events.c.day, events.c.id) < sa.tuple_(day, event_id))
    query = query.order_by(events.c.day.desc(), events.c.id.desc()).limit(limit + 1)
    found = [record_from_row(r) for r in conn.execute(query)]
    next_cursor = None
    if len(found) > limit:
        found = found[:limit]
        last = found[-1]
        next_cursor = f"{day_key(last.event.date)}:{last.id}"
    return EventPage(found, next_cursor)


def iter_events(conn: Connection, f: EventFilter, batch: int) -> Iterator[EventRecord]:
    last = 0
    where = conditions(conn, f)
    while True:
        query = _record_select().where(*where, events.c.id > last).order_by(events.c.id).limit(batch)
        found = [record_from_row(r) for r in conn.execute(query)]
        yield from found
        if len(found) < batch:
            return
        last = found[-1].id


def _counts(conn: Connection, column, where: list, top: int | None = None) -> list[tuple]:
    count = sa.func.count().label("n")
    query = (sa.select(column, count).where(*where, column.is_not(None))
             .group_by(column).order_by(count.desc(), column))
    if top:
        query = query.limit(top)
    return [(r[0], r[1]) for r in conn.execute(query)]


def facets(conn: Connection, f: EventFilter, top: int) -> EventFacets:
    where = conditions(conn, f)
    c = events.c
    total = conn.execute(sa.select(sa.func.count()).select_from(events).where(*where)).scalar_one()
    count = sa.func.count().label("n")
    dyads = conn.execute(
        sa.select(c.source_code, c.target_code, count)
        .where(*where, c.source_code.is_not(None), c.target_code.is_not(None))
        .group_by(c.source_code, c.target_code).order_by(count.desc(), c.source_code, c.target_code)
        .limit(top)
    ).all()
    negated = conn.execute(
        sa.select(sa.func.count()).select_from(events).where(*where, c.negated.is_(True))
    ).scalar_one()
    return EventFacets(
        total=total,
        roots=_counts(conn, c.root, where),
        quad_classes=_counts(conn, c.quad_class, where),
        moods=_counts(conn, c.mood, where),
        plover=_counts(conn, c.plover_event, where),
        negated=negated,
        sources=_counts(conn, c.source_code, where, top),
        targets=_counts(conn, c.target_code, where, top),
        dyads=[((s, t), n) for s, t, n in dyads],
    )


def _children(conn: Connection, table, ids: list[int]) -> dict[int, list]:
    out: dict[int, list] = defaultdict(list)
    if not ids:
        return out
    query = sa.select(table).where(table.c.article_id.in_(ids)).order_by(table.c.id)
    for row in conn.execute(query):
        out[row.article_id].append(row._mapping)
    return out


def _stored_articles(conn: Connection, article_rows: list) -> list[StoredArticle]:
    ids = [r.id for r in article_rows]
    ev = _children(conn, events, ids)
    qs = _children(conn, quotes, ids)
    ac = _children(conn, actors, ids)
    pl = _children(conn, places, ids)
    records: dict[int, list[EventRecord]] = defaultdict(list)
    if ids:
        query = _record_select().where(events.c.article_id.in_(ids)).order_by(events.c.seq)
        for row in conn.execute(query):
            record = record_from_row(row)
            records[record.article_id].append(record)
    out = []
    for r in article_rows:
        m = r._mapping
        out.append(StoredArticle(
            id=r.id, coding=rows.coding_from_rows(m, ev[r.id], qs[r.id], ac[r.id], pl[r.id]),
            status=m["status"], outlet=m["outlet"], added_at=m["added_at"],
            near_duplicate_of=m["near_duplicate_of"],
            near_duplicate_similarity=m["near_duplicate_similarity"], events=records[r.id],
        ))
    return out


def stored_article(conn: Connection, article_id: int) -> StoredArticle | None:
    row = conn.execute(sa.select(articles).where(articles.c.id == article_id)).first()
    return _stored_articles(conn, [row])[0] if row is not None else None


def iter_articles(conn: Connection, batch: int) -> Iterator[StoredArticle]:
    last = 0
    while True:
        found = conn.execute(
            sa.select(articles).where(articles.c.id > last).order_by(articles.c.id).limit(batch)
        ).all()
        yield from _stored_articles(conn, found)
        if len(found) < batch:
            return
        last = found[-1].id


def period_start(day: int, interval: Interval) -> dt.date:
    date = dt.date(day // 10000, day // 100 % 100, day % 100)
    if interval == "week":
        return date - dt.timedelta(days=date.weekday())
    if interval == "month":
        return date.replace(day=1)
    if interval == "day":
        return date
    raise StoreError(f"unknown interval {interval!r}: use day, week or month")


def dyad_timeline(conn: Connection, a: str, b: str, interval: Interval, f: EventFilter) -> list[TimelinePoint]:
    """A dyad timeline in one statement over code ranges: the reference for
    :func:`paging.dyad_timeline`, and its fallback."""
    c = events.c
    a_to_b = sa.and_(prefix_match(c.source_code, a), prefix_match(c.target_code, b))
    b_to_a = sa.and_(prefix_match(c.source_code, b), prefix_match(c.target_code, a))
    direction = sa.case((a_to_b, "a->b"), else_="b->a").label("direction")
    query = (
        sa.select(c.day, direction, c.quad_class, sa.func.count(), sa.func.sum(c.goldstein))
        .where(*conditions(conn, f), sa.or_(a_to_b, b_to_a), c.day > 0)
        .group_by(c.day, direction, c.quad_class)
    )
    rows = [(way, period_start(day, interval), quad, n, g) for day, way, quad, n, g in conn.execute(query)]
    return timeline_points(rows)


def timeline_points(rows) -> list[TimelinePoint]:
    """Timeline points from (direction, period start, quad class, events, Goldstein sum)
    rows, summed per period and direction."""
    buckets: dict[tuple[dt.date, str], list] = {}
    for way, start, quad, n, goldstein in rows:
        slot = buckets.setdefault((start, way), [0, 0.0, [0, 0, 0, 0]])
        slot[0] += n
        slot[1] += float(goldstein or 0.0)
        if 1 <= quad <= 4:
            slot[2][quad - 1] += n
    return [
        TimelinePoint(period, way, n, round(g, 6), tuple(q))
        for (period, way), (n, g, q) in sorted(buckets.items())
    ]


def actor_summaries(conn: Connection, prefix: str | None, country: str | None, limit: int) -> list[ActorSummary]:
    where = [actors.c.code.is_not(None)]
    if prefix:
        where.append(prefix_match(actors.c.code, prefix))
    if country:
        where.append(actors.c.country == country.upper())
    n_articles = sa.func.count(sa.distinct(actors.c.article_id)).label("articles")
    found = conn.execute(
        sa.select(actors.c.code, sa.func.min(sa.func.coalesce(actors.c.name, actors.c.text)),
                  sa.func.min(actors.c.country), n_articles, sa.func.sum(actors.c.mentions))
        .where(*where).group_by(actors.c.code).order_by(n_articles.desc(), actors.c.code).limit(limit)
    ).all()
    codes = [r[0] for r in found]
    as_source = dict(_counts(conn, events.c.source_code, [events.c.source_code.in_(codes)]))
    as_target = dict(_counts(conn, events.c.target_code, [events.c.target_code.in_(codes)]))
    return [
        ActorSummary(code, name, ctry, int(n), int(m or 0), as_source.get(code, 0), as_target.get(code, 0))
        for code, name, ctry, n, m in found
    ]


def failure_records(conn: Connection, limit: int, offset: int, reason: str | None) -> list[FailureRecord]:
    query = sa.select(failures).order_by(failures.c.id).limit(limit).offset(offset)
    if reason:
        query = query.where(failures.c.reason == reason)
    return [
        FailureRecord(r.id, r.source, r.reason, r.detail, r.first_seen, r.last_seen, r.attempts)
        for r in conn.execute(query)
    ]


def _count(conn: Connection, table, *where) -> int:
    return conn.execute(sa.select(sa.func.count()).select_from(table).where(*where)).scalar_one()


def summary(conn: Connection) -> StoreSummary:
    by_status = dict(conn.execute(
        sa.select(articles.c.status, sa.func.count()).group_by(articles.c.status)
    ).all())
    first, last = conn.execute(sa.select(sa.func.min(articles.c.date), sa.func.max(articles.c.date))).one()
    return StoreSummary(
        articles=sum(by_status.values()),
        by_status=by_status,
        events=_count(conn, events),
        unique_events=_count(conn, clusters),
        quotes=_count(conn, quotes),
        actors=_count(conn, actors),
        places=_count(conn, places),
        failures=_count(conn, failures),
        near_duplicates=_count(conn, articles, articles.c.near_duplicate_of.is_not(None)),
        first_date=rows._as_date(first),
        last_date=rows._as_date(last),
    )


def search(conn: Connection, text: str, limit: int) -> list[SearchHit]:
    """Articles matching a full-text query, best first; any string is a valid query."""
    if conn.dialect.name == "postgresql":
        query = _ts_query(text)
        if query is None:
            return []
        tsv = sa.literal_column("articles.tsv")
        rank = sa.func.ts_rank(tsv, query).label("rank")
        snippet = sa.func.ts_headline("english", articles.c.text, query,
                                      "StartSel=[, StopSel=], MaxFragments=1, MaxWords=20")
        found = conn.execute(
            sa.select(articles.c.id, articles.c.title, articles.c.date, snippet, rank)
            .where(tsv.op("@@")(query)).order_by(rank.desc(), articles.c.id).limit(limit)
        ).all()
        return [SearchHit(i, t, rows._as_date(d), s, float(r)) for i, t, d, s, r in found]
    fts_query = _fts_query(text)
    if not fts_query:
        return []
    found = conn.execute(
        sa.text(
            "SELECT a.id, a.title, a.date, snippet(articles_fts, 1, '[', ']', '…', 16), "
            "bm25(articles_fts) AS rank FROM articles_fts JOIN articles a ON a.id = articles_fts.rowid "
            "WHERE articles_fts MATCH :q ORDER BY rank, a.id LIMIT :limit"
        ),
        {"q": fts_query, "limit": limit},
    ).all()
    return [SearchHit(i, t, rows._as_date(d), s, -float(r)) for i, t, d, s, r in found]


def near_duplicates(conn: Connection, article_id: int) -> list[int]:
    root = conn.execute(
        sa.select(sa.func.coalesce(articles.c.near_duplicate_of, articles.c.id)).where(articles.c.id == article_id)
    ).scalar()
    if root is None:
        return []
    found = conn.execute(
        sa.select(articles.c.id)
        .where(sa.or_(articles.c.id == root, articles.c.near_duplicate_of == root), articles.c.id != article_id)
        .order_by(articles.c.id)
    ).scalars()
    return list(found)
