"""Model objects ⇄ table rows: flattening a Coding into rows and rebuilding it from them."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Mapping
from typing import Any
from urllib.parse import urlsplit

from ..model import (
    Actor,
    ActorRef,
    Article,
    Coding,
    Event,
    Location,
    Place,
    Plover,
    Quote,
    Speaker,
    TextSpan,
)
from .dedupe import day_key

Row = Mapping[str, Any]


def outlet_of(article: Article) -> str | None:
    """The publisher an article came from: its URL's host without "www.", if it has a URL."""
    if not article.url:
        return None
    host = (urlsplit(article.url).hostname or "").lower()
    return host.removeprefix("www.") or None


def article_row(coding: Coding, status: str, now: dt.datetime) -> dict[str, Any]:
    a = coding.article
    return {
        "content_hash": a.content_hash,
        "external_id": a.id,
        "title": a.title,
        "date": a.date,
        "source": a.source,
        "outlet": outlet_of(a),
        "url": a.url,
        "language": a.language,
        "text": a.text,
        "status": status,
        "discard_reason": coding.discarded,
        "issues": json.dumps(list(coding.issues)),
        "provenance": json.dumps(dict(coding.provenance), sort_keys=True),
        "num_events": len(coding.events),
        "added_at": now,
    }


def _ref_columns(prefix: str, ref: ActorRef | None) -> dict[str, Any]:
    return {
        f"{prefix}_text": ref.text if ref else None,
        f"{prefix}_code": ref.code if ref else None,
        f"{prefix}_country": ref.country if ref else None,
        f"{prefix}_start": ref.start if ref else None,
        f"{prefix}_end": ref.end if ref else None,
        f"{prefix}_actor": ref.actor if ref else None,
        f"{prefix}_name": ref.name if ref else None,
    }


def event_row(article_id: int, seq: int, e: Event) -> dict[str, Any]:
    place = e.place
    return {
        "article_id": article_id,
        "seq": seq,
        "sentence": e.sentence,
        "sentence_start": e.sentence_start,
        "sentence_end": e.sentence_end,
        "text": e.text,
        **_ref_columns("source", e.source),
        **_ref_columns("target", e.target),
        **_ref_columns("reporter", e.reporter),
        "cameo": e.cameo,
        "name": e.name,
        "root": e.root,
        "quad_class": e.quad_class,
        "goldstein": e.goldstein,
        "plover_event": e.plover.event if e.plover else None,
        "plover_mode": e.plover.mode if e.plover else None,
        "plover_context": e.plover.context if e.plover else None,
        "negated": e.negated,
        "negated_code": e.negated_code,
        "mood": e.mood,
        "trigger_text": e.trigger.text,
        "trigger_start": e.trigger.start,
        "trigger_end": e.trigger.end,
        "rule": e.rule,
        "date": e.date,
        "day": day_key(e.date),
        "date_precision": e.date_precision,
        "date_text": e.date_text,
        "place_text": place.text if place else None,
        "place_geonameid": place.geonameid if place else None,
        "place_name": place.name if place else None,
        "place_country": place.country if place else None,
        "place_lat": place.lat if place else None,
        "place_lon": place.lon if place else None,
        "place_how": place.how if place else None,
        "quote_index": e.quote,
    }


def quote_row(article_id: int, seq: int, q: Quote) -> dict[str, Any]:
    s = q.speaker
    return {
        "article_id": article_id,
        "seq": seq,
        "speaker_text": s.text,
        "speaker_resolved": s.resolved,
        "speaker_code": s.code,
        "speaker_start": s.start,
        "speaker_end": s.end,
        "speaker_anonymous": s.anonymous,
        "speaker_actor": s.actor,
        "cue": q.cue,
        "cue_start": q.cue_start,
        "cue_end": q.cue_end,
        "content": q.content,
        "direct": q.direct,
        "start": q.start,
        "end": q.end,
        "events": json.dumps(list(q.events)),
        "note": q.note,
    }


def actor_row(article_id: int, a: Actor) -> dict[str, Any]:
    return {
        "article_id": article_id, "key": a.key, "text": a.text, "code": a.code,
        "country": a.country, "roles": " ".join(a.roles), "kb_id": a.kb_id, "name": a.name,
        "mentions": a.mentions, "kind": a.kind,
    }


def place_row(article_id: int, p: Place) -> dict[str, Any]:
    return {
        "article_id": article_id, "text": p.text, "start": p.start, "end": p.end,
        "geonameid": p.geonameid, "name": p.name, "country": p.country, "admin1": p.admin1,
        "lat": p.lat, "lon": p.lon, "feature": p.feature, "how": p.how,
    }


# ---------------------------------------------------------------------------------------
# Back from rows
# ---------------------------------------------------------------------------------------


def _as_date(value) -> dt.date | None:
    if value is None or isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value)[:10])


def _ref_from(row: Row, prefix: str) -> ActorRef | None:
    text = row[f"{prefix}_text"]
    if text is None:
        return None
    return ActorRef(
        text=text, code=row[f"{prefix}_code"], country=row[f"{prefix}_country"],
        start=row[f"{prefix}_start"], end=row[f"{prefix}_end"], actor=row[f"{prefix}_actor"],
        name=row[f"{prefix}_name"],
    )


def event_from_row(row: Row) -> Event:
    place = None
    if row["place_text"] is not None:
        place = Location(
            text=row["place_text"], geonameid=row["place_geonameid"], name=row["place_name"],
            country=row["place_country"], lat=row["place_lat"], lon=row["place_lon"],
            how=row["place_how"] or "",
        )
    plover = None
    if row["plover_event"] is not None:
        plover = Plover(row["plover_event"], row["plover_mode"], row["plover_context"])
    return Event(
        sentence=row["sentence"], text=row["text"], source=_ref_from(row, "source"),
        target=_ref_from(row, "target"), cameo=row["cameo"], name=row["name"] or "",
        root=row["root"], quad_class=row["quad_class"], goldstein=row["goldstein"],
        plover=plover,
        trigger=TextSpan(row["trigger_text"] or "", row["trigger_start"] or 0, row["trigger_end"] or 0),
        rule=row["rule"] or "", negated=bool(row["negated"]), mood=row["mood"],
        date=_as_date(row["date"]), date_precision=row["date_precision"],
        date_text=row["date_text"], place=place, quote=row["quote_index"],
        reporter=_ref_from(row, "reporter"), sentence_start=row["sentence_start"] or 0,
        sentence_end=row["sentence_end"] or 0, negated_code=row["negated_code"],
    )


def quote_from_row(row: Row) -> Quote:
    speaker = Speaker(
        text=row["speaker_text"], resolved=row["speaker_resolved"], code=row["speaker_code"],
        start=row["speaker_start"], end=row["speaker_end"],
        anonymous=bool(row["speaker_anonymous"]), actor=row["speaker_actor"],
    )
    return Quote(
        speaker=speaker, cue=row["cue"], content=row["content"], direct=bool(row["direct"]),
        start=row["start"], end=row["end"], cue_start=row["cue_start"], cue_end=row["cue_end"],
        events=tuple(json.loads(row["events"] or "[]")), note=row["note"],
    )


def actor_from_row(row: Row) -> Actor:
    return Actor(
        key=row["key"], text=row["text"], code=row["code"], country=row["country"],
        roles=tuple((row["roles"] or "").split()), kb_id=row["kb_id"], name=row["name"],
        mentions=row["mentions"], kind=row["kind"] or "unknown",
    )


def place_from_row(row: Row) -> Place:
    return Place(
        text=row["text"], start=row["start"], end=row["end"], geonameid=row["geonameid"],
        name=row["name"], country=row["country"], admin1=row["admin1"], lat=row["lat"],
        lon=row["lon"], feature=row["feature"], how=row["how"] or "unresolved",
    )


def article_from_row(row: Row) -> Article:
    return Article(
        id=row["external_id"] or str(row["id"]), text=row["text"], title=row["title"],
        date=_as_date(row["date"]), source=row["source"], url=row["url"],
        language=row["language"],
    )


def coding_from_rows(article: Row, events: list[Row], quotes: list[Row], actors: list[Row],
                     places: list[Row]) -> Coding:
    return Coding(
        article=article_from_row(article),
        events=tuple(event_from_row(r) for r in sorted(events, key=lambda r: r["seq"])),
        quotes=tuple(quote_from_row(r) for r in sorted(quotes, key=lambda r: r["seq"])),
        actors=tuple(actor_from_row(r) for r in actors),
        places=tuple(place_from_row(r) for r in places),
        discarded=article["discard_reason"],
        issues=tuple(json.loads(article["issues"] or "[]")),
        provenance=dict(json.loads(article["provenance"] or "{}")),
    )
