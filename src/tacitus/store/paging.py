"""Event pages and dyad timelines that stay fast on millions of events.

Actor codes match as prefixes (``USA`` finds USA, USAGOV, USAMIL …), which SQL expresses as
a range over the code index. A range over several codes cannot hand rows back in date
order, so the plain query (:func:`queries.event_page`) makes the database collect and sort
every event of a busy actor before returning the newest fifty: 7 s for ``actor=USA`` on a
million events. Here a prefix is first expanded into the few exact codes that carry it
(one index seek per distinct code), and each exact code then reads its newest rows straight
from its ``(code, day)`` index, newest first; the short lists are merged. Countries and
CAMEO codes are served the same way. Dyad timelines count exact code pairs from the
``(source, target, day, quad_class, goldstein)`` index alone.

Every answer equals the plain query's (tested page by page on both databases); a filter
these branches cannot serve, or a prefix matching more than ``MAX_CODES`` codes, goes to
the plain query.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from . import queries
from .queries import conditions, period_start, record_from_row
from .records import EventFilter, EventPage, Interval, TimelinePoint
from .schema import events

MAX_CODES = 64  # more distinct codes under one prefix than this: the plain query does it
_EXPANDABLE = ("source_code", "target_code", "cameo")


def codes_with_prefix(conn: Connection, column, prefix: str) -> list[str] | None:
    """The distinct codes in `column` that start with `prefix`, or None if over MAX_CODES.

    Skips through the column's index (a recursive query asking, step by step, for the
    smallest code above the last one), so the cost grows with the number of distinct codes,
    not of rows. One statement, for SQLite and PostgreSQL alike.
    """
    if column.key not in _EXPANDABLE:  # the name goes into the SQL text
        raise ValueError(f"cannot expand codes of {column.key}")
    low = prefix.upper()
    if not low:
        return None
    high = low[:-1] + chr(ord(low[-1]) + 1)
    name = column.key
    query = sa.text(
        f"WITH RECURSIVE found(code) AS ("
        f" SELECT MIN({name}) FROM events WHERE {name} >= :low AND {name} < :high"
        f" UNION ALL"
        f" SELECT (SELECT MIN({name}) FROM events WHERE {name} > found.code AND {name} < :high)"
        f" FROM found WHERE found.code IS NOT NULL)"
        f" SELECT code FROM found WHERE code IS NOT NULL LIMIT :most"
    )
    found = list(conn.execute(query, {"low": low, "high": high, "most": MAX_CODES + 1}).scalars())
    return None if len(found) > MAX_CODES else found


Branch = tuple[sa.ColumnElement, list]  # a condition with a ``branch`` parameter, and its values


def _actor_branches(conn: Connection, flt: EventFilter) -> tuple[EventFilter, list[Branch]] | None:
    """Branches for a dyad, source, target or actor filter (None: no such filter, or too
    many codes under a prefix)."""
    c = events.c
    if flt.dyad:
        sources = codes_with_prefix(conn, c.source_code, flt.dyad[0])
        targets = codes_with_prefix(conn, c.target_code, flt.dyad[1])
        if sources is None or targets is None:
            return None
        pair = sa.and_(c.source_code.in_(sources), c.target_code.in_(targets))
        return replace(flt, dyad=None), ([(pair, [None])] if sources and targets else [])
    for field, columns in (("source", (c.source_code,)), ("target", (c.target_code,)),
                           ("actor", (c.source_code, c.target_code))):
        prefix = getattr(flt, field)
        if not prefix:
            continue
        branches: list[Branch] = []
        for column in columns:
            codes = codes_with_prefix(conn, column, prefix)
            if codes is None:
                return None
            if codes:
                branches.append((column == sa.bindparam("branch"), codes))
        return replace(flt, **{field: None}), branches
    return None


def _branches(conn: Connection, flt: EventFilter) -> tuple[EventFilter, list[Branch]] | None:
    """The filter without its driving condition (actor, country or CAMEO code), and the
    branches that replace it: (condition, values), the condition holding a ``branch``
    parameter that takes each value in turn (or None and [None] for a fixed condition).

    None when the filter has no such condition (a root is served well by the
    ``(root, day)`` index) or when a prefix matches too many codes.
    """
    c = events.c
    if flt.dyad or flt.source or flt.target or flt.actor:
        return _actor_branches(conn, flt)
    if flt.country:  # source country or target country: one branch each
        country = flt.country.upper()
        return replace(flt, country=None), [(c.source_country == country, [None]),
                                            (c.target_country == country, [None])]
    if flt.code and len(flt.code.strip()) > 2:  # a CAMEO code and its sub-codes: one branch each
        codes = codes_with_prefix(conn, c.cameo, flt.code.strip())
        if codes is None:
            return None
        return replace(flt, code=None), ([(c.cameo == sa.bindparam("branch"), codes)] if codes else [])
    return None


def event_page(conn: Connection, flt: EventFilter, limit: int, cursor: str | None) -> EventPage:
    """The newest `limit` events matching `flt` (older than `cursor`), read branch by branch.

    Each branch is one statement, run once per value with a bound parameter, that reads its
    newest `limit` + 1 (day, id) pairs in index order, and only those newer than the current
    last of the merged top; the full rows of the page are read at the end.
    """
    limit = max(1, min(int(limit), 10_000))
    split = _branches(conn, flt)
    if split is None:
        return queries.event_page(conn, flt, limit, cursor)
    rest, branches = split
    where = conditions(conn, rest)
    key = sa.tuple_(events.c.day, events.c.id)
    if cursor:
        where.append(key < sa.tuple_(*queries._parse_cursor(cursor)))
    above = key > sa.tuple_(sa.bindparam("cut_day"), sa.bindparam("cut_id"))
    top: list[tuple[int, int]] = []  # the newest (day, id) so far, at most limit + 1
    for condition, values in branches:
        statement = (sa.select(events.c.day, events.c.id).where(*where, condition, above)
                     .order_by(events.c.day.desc(), events.c.id.desc()).limit(limit + 1))
        for value in values:
            cut = top[-1] if len(top) > limit else (-1, -1)
            params = {"cut_day": cut[0], "cut_id": cut[1]}
            if value is not None:
                params["branch"] = value
            found = conn.execute(statement, params).all()
            top = sorted({*top, *((day, event_id) for day, event_id in found)}, reverse=True)[: limit + 1]
    ids = [event_id for _, event_id in top[:limit]]
    rows = conn.execute(queries._record_select().where(events.c.id.in_(ids))) if ids else []
    found = {r.id: r for r in map(record_from_row, rows)}
    next_cursor = f"{top[limit - 1][0]}:{top[limit - 1][1]}" if len(top) > limit else None
    return EventPage([found[i] for i in ids], next_cursor)


def dyad_timeline(conn: Connection, a: str, b: str, interval: Interval, flt: EventFilter) -> list[TimelinePoint]:
    """Events between `a` and `b` (code prefixes) per period, both directions, counted by
    the database over the exact code pairs (a busy pair has thousands of event days)."""
    c = events.c
    codes = {(column.key, prefix): codes_with_prefix(conn, column, prefix)
             for column in (c.source_code, c.target_code) for prefix in (a, b)}
    if any(found is None for found in codes.values()):
        return queries.dyad_timeline(conn, a, b, interval, flt)
    period, start_of = _period_key(interval)
    where = [*conditions(conn, flt), c.day > 0]
    rows = []
    a_to_b = None
    for way, (s, t) in (("a->b", (a, b)), ("b->a", (b, a))):
        sources, targets = codes[("source_code", s)], codes[("target_code", t)]
        if not sources or not targets:
            continue
        pair = sa.and_(c.source_code.in_(sources), c.target_code.in_(targets))
        exclude = [sa.not_(a_to_b)] if a_to_b is not None else []  # a pair both ways counts as a->b
        a_to_b = pair if way == "a->b" else a_to_b
        query = (sa.select(period, c.quad_class, sa.func.count(), sa.func.sum(c.goldstein))
                 .where(*where, pair, *exclude).group_by(period, c.quad_class))
        rows += [(way, start_of(k), quad, n, g) for k, quad, n, g in conn.execute(query)]
    return queries.timeline_points(rows)


def _period_key(interval: Interval):
    """An SQL expression grouping events by period, and how to turn its value into the
    period's first day: months are counted by the database; days and weeks by day (a week
    needs date arithmetic that differs between databases and costs more than it saves)."""
    day = events.c.day
    if interval == "month":
        return day // 100, lambda k: dt.date(int(k) // 100, int(k) % 100, 1)
    starts: dict[int, dt.date] = {}

    def start_of(k: int) -> dt.date:
        if k not in starts:
            starts[k] = period_start(k, interval)
        return starts[k]

    return day, start_of
