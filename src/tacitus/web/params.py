"""Query parameters shared by the JSON API and the HTML pages: the event filter.

Both read the same names, so a page's URL and the API call behind its download link carry
the same filter. Values are validated here (codes are letters and digits, CAMEO codes
digits), so what reaches the store is well-formed; the store binds it as parameters.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import replace
from typing import Annotated, Literal
from urllib.parse import urlencode

from fastapi import HTTPException, Query

from ..store import EventFilter

Mood = Literal["asserted", "intended", "conditional", "hypothetical", "demanded"]
CODE = r"^[A-Za-z0-9]{1,64}$"
DYAD = r"^[A-Za-z0-9]{1,64}[-:>/,][A-Za-z0-9]{1,64}$"

# The filter's query parameter names, in the order forms and links use them.
FILTER_KEYS = ("actor", "source", "target", "dyad", "country", "code", "quad", "plover", "mood",
               "negated", "since", "until", "q", "unique")


def split_dyad(value: str) -> tuple[str, str]:
    a, b = re.split(r"[-:>/,]", value, maxsplit=1)
    return a.upper(), b.upper()


def event_filter(
    actor: Annotated[str | None, Query(pattern=CODE, description="source or target actor code (prefix: USA matches USAGOV)")] = None,
    source: Annotated[str | None, Query(pattern=CODE, description="source actor code (prefix)")] = None,
    target: Annotated[str | None, Query(pattern=CODE, description="target actor code (prefix)")] = None,
    dyad: Annotated[str | None, Query(pattern=DYAD, description="directed dyad SOURCE-TARGET, e.g. USA-SYR")] = None,
    country: Annotated[str | None, Query(pattern=r"^[A-Za-z]{3}$", description="source or target country (ISO alpha-3)")] = None,
    code: Annotated[str | None, Query(pattern=r"^[0-9]{2,4}$", description="CAMEO code or root: 11, 112, 0431")] = None,
    quad: Annotated[int | None, Query(ge=1, le=4, description="quad class 1–4")] = None,
    plover: Annotated[str | None, Query(pattern=r"^[A-Za-z_]{1,40}$", description="PLOVER event type, e.g. ACCUSE")] = None,
    mood: Annotated[list[Mood] | None, Query(description="mood (repeatable)")] = None,
    negated: Annotated[bool | None, Query(description="true: only negated events; false: none")] = None,
    since: Annotated[dt.date | None, Query(description="events on or after this date")] = None,
    until: Annotated[dt.date | None, Query(description="events on or before this date")] = None,
    q: Annotated[str | None, Query(max_length=200, description="full-text query over the articles")] = None,
    unique: Annotated[bool, Query(description="one event per cluster (its first report)")] = False,
) -> EventFilter:
    """The event filter the request's query parameters describe."""
    text = " ".join(q.split()) if q else None
    if text and any(ord(ch) < 32 for ch in text):
        raise HTTPException(422, "the full-text query contains control characters")
    return EventFilter(
        actor=actor, source=source, target=target, dyad=split_dyad(dyad) if dyad else None,
        country=country, code=code, quad_class=quad, plover=plover, mood=tuple(mood or ()),
        negated=negated, since=since, until=until, text=text or None, unique=unique,
    )


def filter_params(flt: EventFilter) -> list[tuple[str, str]]:
    """The query parameters that reproduce `flt` (for links, forms and downloads)."""
    out: list[tuple[str, str]] = []
    simple = {"actor": flt.actor, "source": flt.source, "target": flt.target,
              "country": flt.country, "code": flt.code, "plover": flt.plover, "q": flt.text}
    for key in FILTER_KEYS:
        if simple.get(key):
            out.append((key, str(simple[key])))
        elif key == "dyad" and flt.dyad:
            out.append((key, f"{flt.dyad[0]}-{flt.dyad[1]}"))
        elif key == "quad" and flt.quad_class is not None:
            out.append((key, str(flt.quad_class)))
        elif key == "mood":
            out.extend(("mood", m) for m in flt.mood)
        elif key == "negated" and flt.negated is not None:
            out.append((key, "true" if flt.negated else "false"))
        elif key in ("since", "until") and getattr(flt, key):
            out.append((key, getattr(flt, key).isoformat()))
        elif key == "unique" and flt.unique:
            out.append((key, "true"))
    return out


def query_string(flt: EventFilter, **extra) -> str:
    """`?…` for the filter plus extra parameters (None values left out)."""
    pairs = filter_params(flt) + [(k, str(v)) for k, v in extra.items() if v is not None]
    return "?" + urlencode(pairs) if pairs else ""


def refine(flt: EventFilter, **changes) -> str:
    """The query string of `flt` with some fields changed (facet links, "remove" links)."""
    return query_string(replace(flt, **changes))
