"""The JSON output contract (DESIGN.md): one object per article with `article`, `events`,
`quotes`, `actors`, `places`. Field names shown in the contract are fixed; Tacitus adds
fields beside them. `coding_from_dict` reads the same shape back.
"""

from __future__ import annotations

import datetime as dt
import json
from importlib import resources
from typing import Any

from .model import (
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


def _date(value: dt.date | None) -> str | None:
    return value.isoformat() if value else None


def _ref(ref: ActorRef | None) -> dict | None:
    if ref is None:
        return None
    return {
        "text": ref.text,
        "code": ref.code,
        "country": ref.country,
        "start": ref.start,
        "end": ref.end,
        "actor": ref.actor,
        "name": ref.name,
    }


def _location(loc: Location | None) -> dict | None:
    if loc is None:
        return None
    return {
        "text": loc.text,
        "geonameid": loc.geonameid,
        "name": loc.name,
        "country": loc.country,
        "lat": loc.lat,
        "lon": loc.lon,
        "how": loc.how,
    }


def article_to_dict(article: Article) -> dict[str, Any]:
    return {
        "id": article.id,
        "title": article.title,
        "date": _date(article.date),
        "source": article.source,
        "url": article.url,
        "language": article.language,
        "content_hash": article.content_hash,
    }


def event_to_dict(event: Event) -> dict[str, Any]:
    return {
        "sentence": event.sentence,
        "text": event.text,
        "source": _ref(event.source),
        "target": _ref(event.target),
        "cameo": event.cameo,
        "name": event.name,
        "root": event.root,
        "quad_class": event.quad_class,
        "goldstein": event.goldstein,
        "plover": (
            None
            if event.plover is None
            else {"event": event.plover.event, "mode": event.plover.mode, "context": event.plover.context}
        ),
        "negated": event.negated,
        "negated_code": event.negated_code,
        "mood": event.mood,
        "trigger": {"text": event.trigger.text, "start": event.trigger.start, "end": event.trigger.end},
        "rule": event.rule,
        "date": _date(event.date),
        "date_precision": event.date_precision,
        "date_text": event.date_text,
        "place": _location(event.place),
        "quote": event.quote,
        "reporter": _ref(event.reporter),
        "sentence_start": event.sentence_start,
        "sentence_end": event.sentence_end,
    }


def quote_to_dict(quote: Quote) -> dict[str, Any]:
    s = quote.speaker
    return {
        "speaker": {
            "text": s.text,
            "resolved": s.resolved,
            "code": s.code,
            "start": s.start,
            "end": s.end,
            "anonymous": s.anonymous,
            "actor": s.actor,
        },
        "cue": quote.cue,
        "cue_start": quote.cue_start,
        "cue_end": quote.cue_end,
        "content": quote.content,
        "direct": quote.direct,
        "start": quote.start,
        "end": quote.end,
        "events": list(quote.events),
        "note": quote.note,
        "kind": quote.kind,
    }


def actor_to_dict(actor: Actor) -> dict[str, Any]:
    return {
        "text": actor.text,
        "code": actor.code,
        "country": actor.country,
        "roles": list(actor.roles),
        "kb_id": actor.kb_id,
        "name": actor.name,
        "mentions": actor.mentions,
        "kind": actor.kind,
        "key": actor.key,
    }


def place_to_dict(place: Place) -> dict[str, Any]:
    return {
        "text": place.text,
        "geonameid": place.geonameid,
        "name": place.name,
        "country": place.country,
        "admin1": place.admin1,
        "lat": place.lat,
        "lon": place.lon,
        "feature": place.feature,
        "how": place.how,
        "start": place.start,
        "end": place.end,
    }


def coding_to_dict(coding: Coding) -> dict[str, Any]:
    """The contract object for one article."""
    return {
        "article": article_to_dict(coding.article),
        "events": [event_to_dict(e) for e in coding.events],
        "quotes": [quote_to_dict(q) for q in coding.quotes],
        "actors": [actor_to_dict(a) for a in coding.actors],
        "places": [place_to_dict(p) for p in coding.places],
        "discarded": coding.discarded,
        "issues": list(coding.issues),
        "provenance": dict(coding.provenance),
    }


def coding_to_json(coding: Coding) -> str:
    return json.dumps(coding_to_dict(coding), ensure_ascii=False)


# ---------------------------------------------------------------------------------------
# Reading the contract back (store loads, Dask partitions, exports)
# ---------------------------------------------------------------------------------------


def _parse_date(value: str | None) -> dt.date | None:
    return dt.date.fromisoformat(value) if value else None


def _ref_from(d: dict | None) -> ActorRef | None:
    if not d:
        return None
    return ActorRef(
        text=d["text"], code=d.get("code"), country=d.get("country"), start=d["start"],
        end=d["end"], actor=d.get("actor"), name=d.get("name"),
    )


def _location_from(d: dict | None) -> Location | None:
    if not d:
        return None
    return Location(
        text=d["text"], geonameid=d.get("geonameid"), name=d.get("name"), country=d.get("country"),
        lat=d.get("lat"), lon=d.get("lon"), how=d.get("how", ""),
    )


def event_from_dict(d: dict) -> Event:
    plover = d.get("plover")
    return Event(
        sentence=d["sentence"],
        text=d["text"],
        source=_ref_from(d.get("source")),
        target=_ref_from(d.get("target")),
        cameo=d["cameo"],
        name=d.get("name", ""),
        root=d["root"],
        quad_class=d["quad_class"],
        goldstein=d["goldstein"],
        plover=Plover(plover["event"], plover.get("mode"), plover.get("context")) if plover else None,
        trigger=TextSpan(d["trigger"]["text"], d["trigger"]["start"], d["trigger"]["end"]),
        rule=d["rule"],
        negated=d.get("negated", False),
        mood=d.get("mood", "asserted"),
        date=_parse_date(d.get("date")),
        date_precision=d.get("date_precision"),
        date_text=d.get("date_text"),
        place=_location_from(d.get("place")),
        quote=d.get("quote"),
        reporter=_ref_from(d.get("reporter")),
        sentence_start=d.get("sentence_start", 0),
        sentence_end=d.get("sentence_end", 0),
        negated_code=d.get("negated_code"),
    )


def coding_from_dict(d: dict, text: str = "") -> Coding:
    """Rebuild a Coding from its contract object (`text` restores the article text)."""
    a = d["article"]
    article = Article(
        id=a["id"], text=text, title=a.get("title"), date=_parse_date(a.get("date")),
        source=a.get("source"), url=a.get("url"), language=a.get("language"),
    )
    quotes = tuple(
        Quote(
            speaker=Speaker(**{k: q["speaker"].get(k) for k in
                               ("text", "resolved", "code", "start", "end", "actor")},
                            anonymous=q["speaker"].get("anonymous", False)),
            cue=q.get("cue"), content=q["content"], direct=q["direct"], start=q["start"],
            end=q["end"], cue_start=q.get("cue_start"), cue_end=q.get("cue_end"),
            events=tuple(q.get("events", ())), note=q.get("note"), kind=q.get("kind", "speech"),
        )
        for q in d.get("quotes", [])
    )
    actors = tuple(
        Actor(
            key=x.get("key") or x.get("kb_id") or x["text"], text=x["text"], code=x.get("code"),
            country=x.get("country"), roles=tuple(x.get("roles", ())), kb_id=x.get("kb_id"),
            name=x.get("name"), mentions=x.get("mentions", 1), kind=x.get("kind", "unknown"),
        )
        for x in d.get("actors", [])
    )
    places = tuple(
        Place(
            text=p["text"], start=p["start"], end=p["end"], geonameid=p.get("geonameid"),
            name=p.get("name"), country=p.get("country"), admin1=p.get("admin1"),
            lat=p.get("lat"), lon=p.get("lon"), feature=p.get("feature"),
            how=p.get("how", "unresolved"),
        )
        for p in d.get("places", [])
    )
    return Coding(
        article=article,
        events=tuple(event_from_dict(e) for e in d.get("events", [])),
        quotes=quotes,
        actors=actors,
        places=places,
        discarded=d.get("discarded"),
        issues=tuple(d.get("issues", ())),
        provenance=dict(d.get("provenance", {})),
    )


def contract_schema() -> dict:
    """The JSON Schema of the output contract (shipped with the package)."""
    path = resources.files("tacitus") / "contract.schema.json"
    return json.loads(path.read_text(encoding="utf-8"))
