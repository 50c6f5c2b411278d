"""Aggregate queries the dashboard draws, written over the store's engine.

The store answers listings, facets and dyad timelines; the corpus trend, the actor network
and the event map are aggregates only the dashboard needs, so they live here. They reuse the
store's filter conditions, so every chart honours the same filters as the event list, and
every value goes in as a bound parameter.
"""

from __future__ import annotations

import datetime as dt
import math
import random
from dataclasses import dataclass

import sqlalchemy as sa

from ..store import EventFilter, Store
from ..store.queries import conditions, period_start
from ..store.records import Interval
from ..store.schema import events


@dataclass(frozen=True, slots=True)
class TrendPoint:
    """Events of one period: counts by quad class and the mean Goldstein score."""

    period: dt.date
    events: int
    goldstein_mean: float
    quad_counts: tuple[int, int, int, int]

    @property
    def cooperation(self) -> int:
        return self.quad_counts[0] + self.quad_counts[1]

    @property
    def conflict(self) -> int:
        return self.quad_counts[2] + self.quad_counts[3]


@dataclass(frozen=True, slots=True)
class Edge:
    """Directed interactions between two actors, with their balance of cooperation."""

    source: str
    target: str
    events: int
    goldstein_mean: float
    cooperation: int  # events of quad classes 1 and 2

    @property
    def cooperative(self) -> bool:
        return self.cooperation * 2 >= self.events


@dataclass(frozen=True, slots=True)
class Network:
    nodes: dict[str, tuple[float, float]]  # actor code -> layout position in [-1, 1]²
    degree: dict[str, int]  # events the actor takes part in, within the drawn edges
    edges: list[Edge]


@dataclass(frozen=True, slots=True)
class MapPoint:
    """Events located at one place."""

    lat: float
    lon: float
    name: str
    country: str | None
    events: int
    goldstein_mean: float


def choose_interval(first: dt.date | None, last: dt.date | None) -> Interval:
    """Day for a span of up to two months, week up to two years, month beyond."""
    if first is None or last is None:
        return "month"
    days = (last - first).days
    if days <= 62:
        return "day"
    return "week" if days <= 730 else "month"


def trend(store: Store, flt: EventFilter, interval: Interval) -> list[TrendPoint]:
    """Events per period by quad class, and the period's mean Goldstein score."""
    c = events.c
    with store.engine.connect() as conn:
        query = (
            sa.select(c.day, c.quad_class, sa.func.count(), sa.func.sum(c.goldstein))
            .where(*conditions(conn, flt), c.day > 0)
            .group_by(c.day, c.quad_class)
        )
        found = conn.execute(query).all()
    buckets: dict[dt.date, list] = {}
    for day, quad, n, goldstein in found:
        slot = buckets.setdefault(period_start(day, interval), [0, 0.0, [0, 0, 0, 0]])
        slot[0] += n
        slot[1] += float(goldstein or 0.0)
        if 1 <= quad <= 4:
            slot[2][quad - 1] += n
    return [
        TrendPoint(period, n, round(g / n, 3) if n else 0.0, tuple(q))
        for period, (n, g, q) in sorted(buckets.items())
    ]


def edges(store: Store, flt: EventFilter, *, country_level: bool = True, top: int = 60) -> list[Edge]:
    """The `top` busiest directed actor pairs (by country code when `country_level`)."""
    c = events.c
    source = _country_of(c.source_code) if country_level else c.source_code
    target = _country_of(c.target_code) if country_level else c.target_code
    n = sa.func.count().label("n")
    cooperation = sa.func.sum(sa.case((c.quad_class <= 2, 1), else_=0))
    with store.engine.connect() as conn:
        query = (
            sa.select(source, target, n, sa.func.sum(c.goldstein), cooperation)
            .where(*conditions(conn, flt), c.source_code.is_not(None), c.target_code.is_not(None))
            .group_by(source, target)
            .order_by(n.desc(), source, target)
            .limit(top)
        )
        found = conn.execute(query).all()
    return [
        Edge(s, t, int(k), round(float(g or 0) / k, 3), int(coop or 0))
        for s, t, k, g, coop in found
        if s != t
    ]


def _country_of(column):
    """The country part of an actor code: three letters, or six for IGOs (IGONAT, IGOUNO)."""
    return sa.case((sa.func.substr(column, 1, 3) == "IGO", sa.func.substr(column, 1, 6)),
                   else_=sa.func.substr(column, 1, 3))


def network(store: Store, flt: EventFilter, *, country_level: bool = True, top: int = 60) -> Network:
    """The busiest actor pairs with a force-directed layout of their actors."""
    found = edges(store, flt, country_level=country_level, top=top)
    degree: dict[str, int] = {}
    for e in found:
        degree[e.source] = degree.get(e.source, 0) + e.events
        degree[e.target] = degree.get(e.target, 0) + e.events
    return Network(layout(sorted(degree), [(e.source, e.target) for e in found]), degree, found)


def layout(nodes: list[str], links: list[tuple[str, str]], rounds: int = 300) -> dict[str, tuple[float, float]]:
    """Positions for a small graph: a seeded force-directed (Fruchterman–Reingold) layout.

    Deterministic for the same graph, so the drawing does not jump between reloads.
    """
    if not nodes:
        return {}
    rng = random.Random(len(nodes) * 7919 + len(links))
    pos = {n: [rng.uniform(-1, 1), rng.uniform(-1, 1)] for n in nodes}
    k = math.sqrt(4.0 / len(nodes))
    heat = 0.2
    for _ in range(rounds):
        move = {n: [0.0, 0.0] for n in nodes}
        for i, a in enumerate(nodes):
            for b in nodes[i + 1 :]:
                dx, dy = pos[a][0] - pos[b][0], pos[a][1] - pos[b][1]
                d = max(math.hypot(dx, dy), 1e-3)
                push = k * k / d
                move[a][0] += dx / d * push
                move[a][1] += dy / d * push
                move[b][0] -= dx / d * push
                move[b][1] -= dy / d * push
        for a, b in links:
            dx, dy = pos[a][0] - pos[b][0], pos[a][1] - pos[b][1]
            d = max(math.hypot(dx, dy), 1e-3)
            pull = d * d / k
            move[a][0] -= dx / d * pull
            move[a][1] -= dy / d * pull
            move[b][0] += dx / d * pull
            move[b][1] += dy / d * pull
        for n in nodes:  # gravity keeps unconnected groups from drifting apart
            move[n][0] -= pos[n][0] * k * 2
            move[n][1] -= pos[n][1] * k * 2
            dx, dy = move[n]
            d = max(math.hypot(dx, dy), 1e-9)
            step = min(d, heat)
            pos[n][0] += dx / d * step
            pos[n][1] += dy / d * step
        heat = max(heat * 0.985, 0.005)
    return _normalised(pos)


def _normalised(pos: dict[str, list[float]]) -> dict[str, tuple[float, float]]:
    xs = [p[0] for p in pos.values()]
    ys = [p[1] for p in pos.values()]
    cx, cy = (max(xs) + min(xs)) / 2, (max(ys) + min(ys)) / 2
    span = max(max(xs) - min(xs), max(ys) - min(ys), 1e-9) / 2
    return {n: (round((p[0] - cx) / span, 4), round((p[1] - cy) / span, 4)) for n, p in pos.items()}


def map_points(store: Store, flt: EventFilter, limit: int = 2000) -> list[MapPoint]:
    """Events grouped by the place they were located at (places with coordinates only)."""
    c = events.c
    n = sa.func.count().label("n")
    with store.engine.connect() as conn:
        query = (
            sa.select(c.place_lat, c.place_lon, sa.func.min(c.place_name), sa.func.min(c.place_text),
                      sa.func.min(c.place_country), n, sa.func.sum(c.goldstein))
            .where(*conditions(conn, flt), c.place_lat.is_not(None), c.place_lon.is_not(None))
            .group_by(c.place_lat, c.place_lon)
            .order_by(n.desc())
            .limit(limit)
        )
        found = conn.execute(query).all()
    return [
        MapPoint(float(lat), float(lon), name or text or "", country, int(k), round(float(g or 0) / k, 3))
        for lat, lon, name, text, country, k, g in found
    ]
