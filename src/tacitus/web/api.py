"""The JSON API: events with cursor pagination, facets, articles with their annotations,
dyad timelines, actors, charts' data, and the two write endpoints (code text, ingest).

Read endpoints are open. ``POST /api/code`` and ``POST /api/articles`` exist only when the
server was started with an API token, and then require it as ``Authorization: Bearer``.
Endpoints are plain functions, so FastAPI runs them in its thread pool beside the store's
blocking database calls.
"""

from __future__ import annotations

import csv
import datetime as dt
import hmac
import io
import json
from collections.abc import Iterator
from dataclasses import asdict
from typing import Annotated, Literal

from fastapi import APIRouter, Depends, HTTPException, Path, Query, Request
from fastapi.responses import JSONResponse, StreamingResponse
from pydantic import BaseModel, Field

from ..model import Article
from ..serialize import coding_to_dict
from ..store import EventFilter, Store
from ..store.export import csv_event
from . import analytics, fastquery
from .params import CODE, event_filter

router = APIRouter(prefix="/api", tags=["api"])

MAX_ID = 2**62
Filter = Annotated[EventFilter, Depends(event_filter)]
Interval = Literal["day", "week", "month"]
ArticleId = Annotated[int, Path(ge=1, le=MAX_ID, description="the article's id in the store")]
ActorCode = Annotated[str, Path(pattern=CODE, description="actor code (prefix)")]


def get_store(request: Request) -> Store:
    return request.app.state.store


StoreDep = Annotated[Store, Depends(get_store)]


def require_token(request: Request) -> None:
    """Allow the request only if the server has a token and the request carries it."""
    token = request.app.state.settings.token
    if not token:
        raise HTTPException(403, "this endpoint is disabled: start the server with an API token "
                                 "(tacitus serve --token T, or TACITUS_TOKEN) to enable it")
    sent = request.headers.get("authorization", "")
    scheme, _, value = sent.partition(" ")
    if scheme.lower() != "bearer" or not hmac.compare_digest(value.strip().encode(), token.encode()):
        raise HTTPException(401, "send the server's API token as 'Authorization: Bearer <token>'",
                            headers={"WWW-Authenticate": "Bearer"})


# -- reading -----------------------------------------------------------------------------


@router.get("/summary", summary="Counts of what the database holds")
def summary(store: StoreDep) -> dict:
    s = store.summary()
    out = asdict(s)
    out["first_date"] = s.first_date.isoformat() if s.first_date else None
    out["last_date"] = s.last_date.isoformat() if s.last_date else None
    return out


@router.get("/events", summary="Events matching a filter, newest first, one page at a time")
def list_events(
    store: StoreDep,
    flt: Filter,
    limit: Annotated[int, Query(ge=1, le=1000)] = 100,
    cursor: Annotated[str | None, Query(pattern=r"^[0-9]{1,8}:[0-9]{1,18}$",
                                        description="next_cursor of the previous page")] = None,
) -> JSONResponse:
    page = fastquery.event_page(store, flt, limit=limit, cursor=cursor)
    # Already JSON-ready: skip FastAPI's generic encoder, the costliest step of a page.
    return JSONResponse({"events": [r.to_dict() for r in page.events], "next_cursor": page.next_cursor})


def _csv_lines(store: Store, flt: EventFilter) -> Iterator[str]:
    buffer = io.StringIO()
    writer = None
    for record in store.iter_events(flt):
        row = csv_event(record)
        if writer is None:
            writer = csv.DictWriter(buffer, fieldnames=list(row))
            writer.writeheader()
        writer.writerow(row)
        if buffer.tell() > 64_000:
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue()


def _jsonl_lines(store: Store, flt: EventFilter) -> Iterator[str]:
    for record in store.iter_events(flt):
        yield json.dumps(record.to_dict(), ensure_ascii=False) + "\n"


@router.get("/events.csv", summary="Every event matching a filter, as CSV")
def events_csv(store: StoreDep, flt: Filter) -> StreamingResponse:
    return StreamingResponse(_csv_lines(store, flt), media_type="text/csv; charset=utf-8",
                             headers={"content-disposition": 'attachment; filename="events.csv"'})


@router.get("/events.jsonl", summary="Every event matching a filter, one JSON object a line")
def events_jsonl(store: StoreDep, flt: Filter) -> StreamingResponse:
    return StreamingResponse(_jsonl_lines(store, flt), media_type="application/x-ndjson",
                             headers={"content-disposition": 'attachment; filename="events.jsonl"'})


@router.get("/facets", summary="Counts of the filtered events by root, quad class, mood, actor, dyad")
def facets(request: Request, store: StoreDep, flt: Filter,
           top: Annotated[int, Query(ge=1, le=100)] = 10) -> dict:
    f = request.app.state.cache.get(store, ("facets", flt, top), lambda: store.event_facets(flt, top=top))
    out = asdict(f)
    out["dyads"] = [{"source": s, "target": t, "events": n} for (s, t), n in f.dyads]
    return out


@router.get("/articles/{article_id}", summary="An article with its coding (the output contract)")
def article(store: StoreDep, article_id: ArticleId) -> dict:
    stored = store.article(article_id)
    if stored is None:
        raise HTTPException(404, f"no article {article_id}")
    return {
        "id": stored.id, "status": stored.status, "outlet": stored.outlet,
        "added_at": stored.added_at.isoformat() if stored.added_at else None,
        "near_duplicate_of": stored.near_duplicate_of,
        "event_ids": [r.id for r in stored.events],
        "text": stored.article.text,
        "coding": coding_to_dict(stored.coding),
    }


@router.get("/search", summary="Articles matching a full-text query, best first")
def search(store: StoreDep, q: Annotated[str, Query(min_length=1, max_length=200)],
           limit: Annotated[int, Query(ge=1, le=100)] = 20) -> list[dict]:
    if any(ord(ch) < 32 for ch in q):
        raise HTTPException(422, "the query contains control characters")
    if not any(ch.isalnum() for ch in q):
        return []  # nothing to search for (and the store's FTS5 query would be empty)
    return [
        {"article_id": h.article_id, "title": h.title, "date": h.date.isoformat() if h.date else None,
         "snippet": h.snippet, "rank": h.rank}
        for h in store.search(q, limit)
    ]


@router.get("/dyads/{a}/{b}/timeline", summary="Events between two actors per period, both directions")
def dyad_timeline(store: StoreDep, flt: Filter, a: ActorCode, b: ActorCode,
                  interval: Interval = "week") -> JSONResponse:
    points = fastquery.dyad_timeline(store, a.upper(), b.upper(), interval, flt)
    return JSONResponse({
        "a": a.upper(), "b": b.upper(), "interval": interval,
        "points": [
            {"period": p.period.isoformat(), "direction": p.direction, "events": p.events,
             "goldstein_mean": round(p.goldstein_mean, 3), "quad_counts": list(p.quad_counts)}
            for p in points
        ],
    })


@router.get("/actors", summary="Actor codes by the number of articles that name them")
def actors(store: StoreDep,
           prefix: Annotated[str | None, Query(pattern=CODE)] = None,
           country: Annotated[str | None, Query(pattern=r"^[A-Za-z]{3}$")] = None,
           limit: Annotated[int, Query(ge=1, le=1000)] = 50) -> list[dict]:
    return [asdict(a) for a in store.actors(prefix=prefix, country=country, limit=limit)]


@router.get("/trend", summary="Filtered events per period by quad class, with mean Goldstein")
def trend(store: StoreDep, flt: Filter, interval: Interval = "month") -> list[dict]:
    return [
        {"period": p.period.isoformat(), "events": p.events, "goldstein_mean": p.goldstein_mean,
         "quad_counts": list(p.quad_counts)}
        for p in analytics.trend(store, flt, interval)
    ]


@router.get("/network", summary="The busiest actor pairs, with a layout for drawing")
def network(store: StoreDep, flt: Filter, level: Literal["country", "actor"] = "country",
            top: Annotated[int, Query(ge=1, le=200)] = 60) -> dict:
    net = analytics.network(store, flt, country_level=level == "country", top=top)
    return {
        "nodes": [{"code": c, "x": x, "y": y, "events": net.degree[c]} for c, (x, y) in net.nodes.items()],
        "edges": [asdict(e) | {"cooperative": e.cooperative} for e in net.edges],
    }


@router.get("/map", summary="Located events grouped by place")
def event_map(store: StoreDep, flt: Filter, limit: Annotated[int, Query(ge=1, le=10000)] = 2000) -> list[dict]:
    return [asdict(p) for p in analytics.map_points(store, flt, limit)]


# -- writing -----------------------------------------------------------------------------


class CodeRequest(BaseModel):
    text: str = Field(min_length=1, description="the text to code")
    date: dt.date | None = Field(None, description="publication date, anchors relative dates")
    title: str | None = Field(None, max_length=1000)


class ArticleIn(BaseModel):
    text: str = Field(min_length=1)
    id: str | None = Field(None, max_length=500)
    title: str | None = Field(None, max_length=1000)
    date: dt.date | None = None
    url: str | None = Field(None, max_length=2000)
    source: str | None = Field(None, max_length=2000)
    language: str | None = Field(None, max_length=16)


class IngestRequest(BaseModel):
    articles: list[ArticleIn] = Field(min_length=1)


def _check_text(request: Request, text: str) -> None:
    limit = request.app.state.settings.max_code_chars
    if len(text) > limit:
        raise HTTPException(413, f"text of {len(text)} characters is over the limit of {limit}")


@router.post("/code", summary="Code posted text (needs the API token)", dependencies=[Depends(require_token)])
def code(request: Request, body: CodeRequest) -> dict:
    from ..pipeline import code_text

    _check_text(request, body.text)
    return coding_to_dict(code_text(body.text, date=body.date, title=body.title, id="posted"))


@router.post("/articles", summary="Code and store articles (needs the API token)",
             dependencies=[Depends(require_token)])
def ingest_articles(request: Request, store: StoreDep, body: IngestRequest) -> dict:
    from ..ingest.batch import ingest
    from ..pipeline import default_pipeline

    most = request.app.state.settings.max_ingest_articles
    if len(body.articles) > most:
        raise HTTPException(413, f"{len(body.articles)} articles in one request; the limit is {most}")
    for item in body.articles:
        _check_text(request, item.text)
    articles = [
        Article(id=a.id or f"api-{i}", text=a.text, title=a.title, date=a.date, url=a.url,
                source=a.source or "api", language=a.language)
        for i, a in enumerate(body.articles)
    ]
    return asdict(ingest(articles, store, default_pipeline()))
