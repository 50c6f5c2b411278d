"""The HTML pages: overview, event explorer, article, dyad, actors, network, map.

Pages are rendered on the server with Jinja (autoescape on: article text is untrusted and
only ever reaches the page as escaped text). Chart data goes into the page as a JSON data
block (``tojson`` escapes ``<``, ``>`` and ``&``) that the package's own script draws.
"""

from __future__ import annotations

import datetime as dt
import functools
import logging
from dataclasses import replace
from typing import Annotated, Literal
from urllib.parse import urlsplit

import jinja2
from fastapi import APIRouter, Depends, HTTPException, Path, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse
from fastapi.templating import Jinja2Templates

from .. import __version__
from ..store import EventFilter, EventRecord, Store
from . import analytics, fastquery, highlight
from .params import CODE, FILTER_KEYS, event_filter, filter_params, query_string, refine
from .worldmap import land_cells

router = APIRouter(include_in_schema=False)
log = logging.getLogger(__name__)

QUAD_NAMES = {1: "verbal cooperation", 2: "material cooperation", 3: "verbal conflict",
              4: "material conflict"}
MOODS = ("asserted", "intended", "conditional", "hypothetical", "demanded")
PAGE_SIZE = 50
Filter = Annotated[EventFilter, Depends(event_filter)]
Interval = Literal["day", "week", "month"]


def safe_url(url: str | None) -> str | None:
    """`url` if it is an http(s) link; anything else (javascript:, data:) is shown as text only."""
    if not url:
        return None
    try:
        scheme = urlsplit(url.strip()).scheme.lower()
    except ValueError:
        return None
    return url.strip() if scheme in ("http", "https") else None


@functools.lru_cache(maxsize=1)
def root_names() -> dict[str, str]:
    from ..dictionaries.cameo import load_ontology

    ontology = load_ontology()
    return {f"{i:02d}": ontology[f"{i:02d}"].name for i in range(1, 21) if f"{i:02d}" in ontology}


@functools.lru_cache(maxsize=1)
def templates() -> Jinja2Templates:
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("tacitus.web", "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.globals.update(
        qs=query_string, refine=refine, safe_url=safe_url, quad_names=QUAD_NAMES, moods=MOODS,
        root_names=root_names(), sentence_pieces=highlight.sentence_pieces, version=__version__,
    )
    return Jinja2Templates(env=env)


def render(request: Request, name: str, status: int = 200, **context) -> HTMLResponse:
    return templates().TemplateResponse(request, name, context, status_code=status)


def error_page(request: Request, status: int, message: str) -> HTMLResponse:
    return render(request, "error.html", status, message=message, title="Error")


def get_store(request: Request) -> Store:
    return request.app.state.store


StoreDep = Annotated[Store, Depends(get_store)]


def cached(request: Request, key: tuple, compute):
    """`compute()`, remembered for the data's current version (see web.cache)."""
    return request.app.state.cache.get(request.app.state.store, key, compute)


def _both_directions(store: Store, a: str, b: str, flt: EventFilter, limit: int) -> list[EventRecord]:
    """Events a→b and b→a, newest first (undated ones last), as the event pages order them."""
    found: dict[int, EventRecord] = {}
    for pair in ((a, b), (b, a)):
        found.update((r.id, r) for r in fastquery.event_page(store, replace(flt, dyad=pair), limit=limit).events)
    return sorted(found.values(), key=lambda r: (r.event.date or _EPOCH, r.id), reverse=True)[:limit]


_EPOCH = dt.date(1, 1, 1)


def warm_cache(app) -> None:
    """Compute the aggregates the overview, explorer and dyad index show first (seconds on
    millions of events), so the first visitor does not wait for them."""
    store, cache = app.state.store, app.state.cache
    try:
        summary = store.summary()
        interval = analytics.choose_interval(summary.first_date, summary.last_date)
        cache.get(store, ("trend", EventFilter(), interval), lambda: analytics.trend(store, EventFilter(), interval))
        for top in (10, 30):
            cache.get(store, ("facets", EventFilter(), top), lambda top=top: store.event_facets(EventFilter(), top=top))
    except Exception:  # a warm-up is a courtesy: never let it take the server down
        log.exception("warming the aggregate cache failed")


@router.get("/", response_class=HTMLResponse)
def overview(request: Request, store: StoreDep) -> HTMLResponse:
    summary = store.summary()
    facets = cached(request, ("facets", EventFilter(), 10), lambda: store.event_facets(EventFilter(), top=10))
    interval = analytics.choose_interval(summary.first_date, summary.last_date)
    points = cached(request, ("trend", EventFilter(), interval),
                    lambda: analytics.trend(store, EventFilter(), interval))
    recent = store.query_events(EventFilter(), limit=10).events
    chart = {"kind": "trend", "interval": interval, "points": [_trend_point(p) for p in points]}
    return render(request, "overview.html", title="Overview", summary=summary, facets=facets,
                  recent=recent, chart=chart)


def _trend_point(p: analytics.TrendPoint) -> dict:
    return {"period": p.period.isoformat(), "events": p.events, "goldstein": p.goldstein_mean,
            "quads": list(p.quad_counts)}


@router.get("/events", response_class=HTMLResponse)
def explorer(
    request: Request, store: StoreDep, flt: Filter,
    cursor: Annotated[str | None, Query(pattern=r"^[0-9]{1,8}:[0-9]{1,18}$")] = None,
) -> HTMLResponse:
    page = fastquery.event_page(store, flt, limit=PAGE_SIZE, cursor=cursor)
    facets = cached(request, ("facets", flt, 10), lambda: store.event_facets(flt, top=10))
    return render(request, "events.html", title="Events", flt=flt, page=page, facets=facets,
                  params=dict(filter_params(flt)), keys=FILTER_KEYS, cursor=cursor)


@router.get("/articles/{article_id}", response_class=HTMLResponse)
def article(request: Request, store: StoreDep,
            article_id: Annotated[int, Path(ge=1, le=2**62)]) -> HTMLResponse:
    stored = store.article(article_id)
    if stored is None:
        raise HTTPException(404, f"no article {article_id}")
    event_ids = [r.id for r in stored.events]
    pieces = highlight.article_pieces(stored.coding, event_ids)
    return render(request, "article.html", title=stored.article.title or f"Article {article_id}",
                  stored=stored, pieces=pieces, events=list(zip(event_ids, stored.coding.events,
                                                                strict=False)),
                  duplicates=store.near_duplicates(article_id))


@router.get("/dyads", response_class=HTMLResponse)
def dyads(request: Request, store: StoreDep,
          a: Annotated[str | None, Query(pattern=CODE)] = None,
          b: Annotated[str | None, Query(pattern=CODE)] = None) -> HTMLResponse:
    if a and b:
        return RedirectResponse(f"/dyads/{a.upper()}/{b.upper()}", status_code=303)
    facets = cached(request, ("facets", EventFilter(), 30), lambda: store.event_facets(EventFilter(), top=30))
    return render(request, "dyads.html", title="Dyads", facets=facets)


@router.get("/dyads/{a}/{b}", response_class=HTMLResponse)
def dyad(request: Request, store: StoreDep, flt: Filter,
         a: Annotated[str, Path(pattern=CODE)], b: Annotated[str, Path(pattern=CODE)],
         interval: Interval = "week") -> HTMLResponse:
    a, b = a.upper(), b.upper()
    points = fastquery.dyad_timeline(store, a, b, interval, flt)
    chart = {
        "kind": "dyad", "a": a, "b": b, "interval": interval,
        "points": [{"period": p.period.isoformat(), "direction": p.direction, "events": p.events,
                    "goldstein": round(p.goldstein_mean, 3), "quads": list(p.quad_counts)}
                   for p in points],
    }
    records = _both_directions(store, a, b, flt, PAGE_SIZE)
    return render(request, "dyad.html", title=f"{a}–{b}", a=a, b=b, interval=interval, flt=flt,
                  chart=chart, records=records, total=sum(p.events for p in points))


@router.get("/actors", response_class=HTMLResponse)
def actors(request: Request, store: StoreDep,
           prefix: Annotated[str | None, Query(pattern=CODE)] = None,
           country: Annotated[str | None, Query(pattern=r"^[A-Za-z]{3}$")] = None) -> HTMLResponse:
    found = store.actors(prefix=prefix, country=country, limit=200)
    return render(request, "actors.html", title="Actors", actors=found, prefix=prefix or "",
                  country=country or "")


@router.get("/actors/{code}", response_class=HTMLResponse)
def actor(request: Request, store: StoreDep, code: Annotated[str, Path(pattern=CODE)],
          interval: Interval | None = None) -> HTMLResponse:
    code = code.upper()
    summary = next((s for s in store.actors(prefix=code, limit=500) if s.code == code), None)
    as_source = cached(request, ("facets", EventFilter(source=code), 10),
                       lambda: store.event_facets(EventFilter(source=code), top=10))
    as_target = cached(request, ("facets", EventFilter(target=code), 10),
                       lambda: store.event_facets(EventFilter(target=code), top=10))
    if summary is None and not as_source.total and not as_target.total:
        raise HTTPException(404, f"no actor {code} in this database")
    points = analytics.trend(store, EventFilter(actor=code), interval or "day")
    if interval is None and points:
        interval = analytics.choose_interval(points[0].period, points[-1].period)
        if interval != "day":
            points = analytics.trend(store, EventFilter(actor=code), interval)
    chart = {"kind": "trend", "interval": interval or "day", "points": [_trend_point(p) for p in points]}
    recent = fastquery.event_page(store, EventFilter(actor=code), limit=20).events
    return render(request, "actor.html", title=code, code=code, summary=summary,
                  as_source=as_source, as_target=as_target, chart=chart, recent=recent)


@router.get("/network", response_class=HTMLResponse)
def network(request: Request, store: StoreDep, flt: Filter,
            level: Literal["country", "actor"] = "country",
            top: Annotated[int, Query(ge=1, le=200)] = 60) -> HTMLResponse:
    net = cached(request, ("network", flt, level, top),
                 lambda: analytics.network(store, flt, country_level=level == "country", top=top))
    chart = {
        "kind": "network",
        "nodes": [{"code": c, "x": x, "y": y, "events": net.degree[c]} for c, (x, y) in net.nodes.items()],
        "edges": [{"source": e.source, "target": e.target, "events": e.events,
                   "goldstein": e.goldstein_mean, "cooperative": e.cooperative} for e in net.edges],
    }
    return render(request, "network.html", title="Network", flt=flt, chart=chart, level=level,
                  edges=net.edges)


@router.get("/map", response_class=HTMLResponse)
def event_map(request: Request, store: StoreDep, flt: Filter) -> HTMLResponse:
    points = cached(request, ("map", flt), lambda: analytics.map_points(store, flt))
    lons, lats = land_cells()
    chart = {
        "kind": "map", "land": {"lon": list(lons), "lat": list(lats)},
        "points": [{"lat": p.lat, "lon": p.lon, "name": p.name, "country": p.country,
                    "events": p.events, "goldstein": p.goldstein_mean} for p in points],
    }
    return render(request, "map.html", title="Map", flt=flt, chart=chart, points=points)
