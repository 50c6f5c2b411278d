"""Text cut into pieces for highlighting: actors, triggers, places and quotes in the manner
of spaCy's displaCy, without ever building HTML from text.

A template renders each :class:`Piece` as plain text or as a ``<mark>`` whose text, label
and title Jinja escapes; nothing here produces markup, so an article containing
``<script>`` shows it as text.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass

from ..model import ActorRef, Coding, Event

# Which highlight wins when two overlap (lower first): triggers, then actors, then places.
PRIORITY = {"trigger": 0, "actor": 1, "speaker": 1, "place": 2}


@dataclass(frozen=True, slots=True)
class Span:
    """A stretch of text to highlight, in offsets of the text being cut."""

    start: int
    end: int
    kind: str  # trigger, actor, speaker, place
    label: str | None = None  # small tag after the text (actor code, CAMEO code …)
    title: str | None = None  # shown on hover
    anchor: str | None = None  # id of the element it links to (an event in the sidebar)


@dataclass(frozen=True, slots=True)
class Piece:
    """A run of text, plain (kind None) or highlighted; `quote` when inside a quotation."""

    text: str
    kind: str | None = None
    label: str | None = None
    title: str | None = None
    anchor: str | None = None
    quote: bool = False


def _non_overlapping(spans: list[Span], length: int) -> list[Span]:
    """Valid spans that do not overlap, preferring higher priority, then longer ones."""
    valid = [s for s in spans if 0 <= s.start < s.end <= length]
    ranked = sorted(valid, key=lambda s: (PRIORITY.get(s.kind, 9), -(s.end - s.start), s.start))
    kept: list[Span] = []
    for span in ranked:
        if all(span.end <= k.start or span.start >= k.end for k in kept):
            kept.append(span)
    return sorted(kept, key=lambda s: s.start)


def _in_any(position: int, ranges: list[tuple[int, int]]) -> bool:
    return any(a <= position < b for a, b in ranges)


def cut(text: str, spans: list[Span], quotes: list[tuple[int, int]] = ()) -> list[Piece]:
    """`text` as pieces: each span highlighted, plain text between, quote ranges flagged."""
    quotes = [(a, b) for a, b in quotes if 0 <= a < b <= len(text)]
    bounds = sorted({0, len(text), *(x for q in quotes for x in q)})
    pieces: list[Piece] = []
    position = 0
    for span in [*_non_overlapping(spans, len(text)), None]:
        stop = span.start if span else len(text)
        for a, b in itertools.pairwise(bounds):  # plain text, split at quote edges
            a, b = max(a, position), min(b, stop)
            if a < b:
                pieces.append(Piece(text[a:b], quote=_in_any(a, quotes)))
        if span is None:
            break
        pieces.append(Piece(text[span.start : span.end], span.kind, span.label, span.title,
                            span.anchor, _in_any(span.start, quotes)))
        position = span.end
    return pieces


def describe(event: Event) -> str:
    """A one-line account of an event for hover titles: code, name, mood and rule."""
    state = ("negated, " if event.negated else "") + event.mood
    return f"CAMEO {event.cameo} {event.name} ({state}) · rule {event.rule}"


def _actor_span(ref: ActorRef | None, shift: int, role: str) -> Span | None:
    if ref is None:
        return None
    who = ref.name or ref.text
    title = f"{role}: {who} [{ref.code or 'uncoded'}]"
    return Span(ref.start - shift, ref.end - shift, "actor", ref.code or "?", title)


def _relocated(span: Span, text: str, wanted: str) -> Span | None:
    """The span if it covers `wanted` in `text`; else the first place `wanted` occurs."""
    if text[span.start : span.end] == wanted:
        return span
    found = text.find(wanted) if wanted else -1
    if found < 0:
        return None
    return Span(found, found + len(wanted), span.kind, span.label, span.title, span.anchor)


def sentence_pieces(event: Event) -> list[Piece]:
    """The event's evidence sentence with its trigger and actors highlighted."""
    text, shift = event.text, event.sentence_start
    wanted = [
        (Span(event.trigger.start - shift, event.trigger.end - shift, "trigger", event.cameo,
              describe(event)), event.trigger.text),
        (_actor_span(event.source, shift, "source"), event.source.text if event.source else ""),
        (_actor_span(event.target, shift, "target"), event.target.text if event.target else ""),
    ]
    spans = [s for s in (_relocated(span, text, w) for span, w in wanted if span) if s]
    return cut(text, spans)


def article_spans(coding: Coding, event_ids: list[int] | None = None) -> list[Span]:
    """Every highlight of an article: event actors and triggers, quote speakers, places."""
    spans: list[Span] = []
    for i, event in enumerate(coding.events):
        anchor = f"event-{event_ids[i]}" if event_ids and i < len(event_ids) else f"event-{i}"
        spans.append(Span(event.trigger.start, event.trigger.end, "trigger", event.cameo,
                          describe(event), anchor))
        for ref, role in ((event.source, "source"), (event.target, "target")):
            span = _actor_span(ref, 0, role)
            if span:
                spans.append(span)
    for quote in coding.quotes:
        s = quote.speaker
        if s.start is not None and s.end is not None:
            spans.append(Span(s.start, s.end, "speaker", s.code or "?",
                              f"speaker: {s.resolved or s.text} [{s.code or 'uncoded'}]"))
    for place in coding.places:
        label = place.country or "?"
        title = f"place: {place.name or place.text} ({place.how})"
        spans.append(Span(place.start, place.end, "place", label, title))
    return spans


def article_pieces(coding: Coding, event_ids: list[int] | None = None) -> list[Piece]:
    """The article text cut for display, quotes flagged."""
    quotes = [(q.start, q.end) for q in coding.quotes]
    return cut(coding.article.text, article_spans(coding, event_ids), quotes)
