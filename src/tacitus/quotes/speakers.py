"""Speakers: a source span resolved to a person or organisation among the actor mentions."""

from __future__ import annotations

import bisect
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from ..model import Mention, Speaker
from ..nlp import children, entities
from .cues import Attribution
from .lexicon import CueLexicon
from .marks import Quotation
from .spans import merge_spans, within

PRONOUNS = frozenset({"he", "she", "him", "her", "they", "them", "i", "we", "you", "it"})


PERSON_PRONOUNS = frozenset({"he", "she", "him", "her"})


TITLES = frozenset({"mr", "mrs", "ms", "miss", "dr", "sen", "rep", "gov", "gen", "president",
                    "senator", "governor", "secretary", "minister", "prime", "mayor", "judge",
                    "rev", "prof", "professor", "lt", "col", "sgt", "adm", "capt", "speaker"})


_WORD = re.compile(r"[\w’'-]+")


def _words(text: str) -> list[str]:
    return _WORD.findall(text.lower())


def _surname(text: str) -> str | None:
    """The name in "Price", "Mr. Price" or "Sen. Warren"; None if it is not a bare name."""
    words = [w for w in _words(text) if w.rstrip(".") not in TITLES]
    return words[-1] if len(words) == 1 and text[:1].isupper() else None


def _mention_in(span: tuple[int, int], head: int | None, ctx: _Context) -> Mention | None:
    """The mention inside (or overlapping) a speaker span, preferring the one at its head."""
    lo = bisect.bisect_left(ctx.mention_starts, span[0] - ctx.longest_mention)
    hi = bisect.bisect_left(ctx.mention_starts, span[1])
    hits = [m for m in ctx.mentions[lo:hi] if m.start < span[1] and span[0] < m.end]
    if not hits:
        return None
    at_head = [m for m in hits if head is not None and m.start <= head < m.end]
    return max(at_head or hits, key=lambda m: (m.end - m.start, -m.start))


def _is_person(mention: Mention, person_spans: Sequence[tuple[int, int]]) -> bool:
    """A person mention, or one overlapping where a person is named (sorted, disjoint)."""
    if mention.how in ("person", "title"):
        return True
    k = bisect.bisect_left(person_spans, (mention.end, -1))
    return k > 0 and person_spans[k - 1][1] > mention.start


@dataclass(frozen=True, slots=True)
class _Context:
    """What speaker resolution needs besides the source span itself, indexed once."""

    text: str
    doc: object
    mentions: Sequence[Mention]  # sorted by start
    lexicon: CueLexicon
    persons: Sequence[tuple[int, int]]  # where persons are named (entities, person mentions)
    people: Sequence[Mention]  # person mentions outside quoted text, sorted by end
    people_ends: Sequence[int]
    by_surname: Mapping[str, Sequence[Mention]]  # last word of a multi-word name → mentions
    mention_starts: Sequence[int] = ()
    longest_mention: int = 0


def named_entities(doc) -> list[tuple[int, int, str]]:
    """(start, end, label) of the parser's named entities, read once per doc."""
    return [(e.start_char, e.end_char, e.label_) for e in entities(doc)]


def resolution_context(doc, text: str, mentions: Sequence[Mention], lexicon: CueLexicon,
                       quotations: Sequence[Quotation],
                       entities: Sequence[tuple[int, int, str]]) -> _Context:
    """Index the mentions, persons and quoted stretches once for speaker resolution."""
    persons = merge_spans((s, e) for s, e, label in entities if label == "PERSON")
    quoted = merge_spans((q.start, q.end) for q in quotations)
    people = sorted((m for m in mentions if _is_person(m, persons)
                     and not within(quoted, m.start)), key=lambda m: m.end)
    by_surname: dict[str, list[Mention]] = {}
    for m in sorted(mentions, key=lambda m: m.end):
        words = _words(m.name or m.text)
        if len(words) > 1:
            by_surname.setdefault(words[-1], []).append(m)
    named = merge_spans(persons + [(m.start, m.end) for m in mentions if m.how == "person"])
    ordered = sorted(mentions, key=lambda m: m.start)
    return _Context(text=text, doc=doc, mentions=ordered,
                    mention_starts=[m.start for m in ordered],
                    longest_mention=max((m.end - m.start for m in ordered), default=0),
                    lexicon=lexicon, persons=named, people=people, people_ends=[m.end for m in people],
                    by_surname=by_surname)


def _last_before(items: Sequence[Mention], before: int) -> Mention | None:
    """The item ending last at or before `before` (items sorted by end)."""
    k = bisect.bisect_right([m.end for m in items], before)
    return items[k - 1] if k else None


def resolve_speaker(attr: Attribution, ctx: _Context, previous: Speaker | None) -> Speaker:
    """Turn a source span into a Speaker, resolved to a person or organisation if possible."""
    if attr.source is None:
        return Speaker(text=None, resolved=None, code=None)
    s, e = attr.source
    written = ctx.text[s:e]
    base = Speaker(text=written, resolved=None, code=None, start=s, end=e)
    if attr.antecedent is not None:  # "…, who said": the noun the clause hangs on
        found = _mention_in(attr.antecedent, None, ctx)
        name = (found.name or found.text) if found else ctx.text[slice(*attr.antecedent)]
        return _with(base, found, name)
    words = _words(written)
    if len(words) == 1 and words[0] in PRONOUNS:
        return _resolve_pronoun(base, words[0], ctx, previous)
    head = ctx.doc[attr.source_head].idx if attr.source_head is not None else None
    found = _mention_in((s, e), head, ctx)
    if _is_anonymous(ctx.doc, attr, ctx.lexicon):
        return Speaker(text=written, resolved=written, code=found.code if found else None,
                       start=s, end=e, anonymous=True, actor=found.actor if found else None)
    surname = _surname(written)
    if surname and (found is None or not found.name):
        earlier = _earlier_with_surname(surname, s, ctx, previous)
        if isinstance(earlier, Speaker):
            return _like(base, earlier)
        if earlier is not None:
            return _with(base, earlier, earlier.name or earlier.text)
    if found is not None:
        return _with(base, found, found.name or found.text)
    return Speaker(text=written, resolved=written, code=None, start=s, end=e)


def _with(base: Speaker, mention: Mention | None, name: str | None) -> Speaker:
    return Speaker(text=base.text, resolved=name, code=mention.code if mention else None,
                   start=base.start, end=base.end, actor=mention.actor if mention else None)


def _like(base: Speaker, other: Speaker) -> Speaker:
    """`base` as written, resolved as `other` was."""
    return Speaker(text=base.text, resolved=other.resolved, code=other.code,
                   start=base.start, end=base.end, actor=other.actor)


def _resolve_pronoun(base: Speaker, pronoun: str, ctx: _Context,
                     previous: Speaker | None) -> Speaker:
    """"He added": the previous named speaker or the nearest earlier person outside quoted
    text, whichever was named last; other pronouns only as the actor module resolved them."""
    start = base.start or 0
    own = _mention_in((start, base.end or start), None, ctx)
    if own is not None and own.name:  # the actor module's coreference already knows
        return _with(base, own, own.name)
    if pronoun not in PERSON_PRONOUNS:
        return base
    k = bisect.bisect_right(ctx.people_ends, start)
    nearest = ctx.people[k - 1] if k else None
    if previous is not None and previous.resolved and not previous.anonymous \
            and (nearest is None or (previous.end or 0) >= nearest.start):
        return _like(base, previous)
    if nearest is not None:
        return _with(base, nearest, nearest.name or nearest.text)
    return base


def _earlier_with_surname(surname: str, before: int, ctx: _Context,
                          previous: Speaker | None) -> Mention | Speaker | None:
    """The nearest earlier mention (or the previous speaker) whose name ends in `surname`."""
    found = _last_before(ctx.by_surname.get(surname, ()), before)
    if found is not None:
        return found
    if previous is not None and previous.resolved and not previous.anonymous \
            and _words(previous.resolved)[-1:] == [surname]:
        return previous
    return None


def _is_anonymous(doc, attr: Attribution, lexicon: CueLexicon) -> bool:
    """An unnamed source: a head like "official" or "diplomat" that neither is nor carries a
    name ("a diplomat in New York" is anonymous; "spokesman Ned Price" is not)."""
    span = doc.char_span(*attr.source, alignment_mode="expand")
    if span is None:
        return False
    head = doc[attr.source_head] if attr.source_head is not None else span.root
    if head.lower_ not in lexicon.anonymous and head.lemma_.lower() not in lexicon.anonymous:
        return False
    named = [c for c in children(head) if c.dep_ in ("compound", "appos", "flat", "nmod")]
    return not any(t.pos_ == "PROPN" and t.ent_type_ == "PERSON" for c in named for t in c.subtree)


_NAMED = frozenset({"PERSON", "ORG", "GPE", "NORP"})


def entity_mentions(text: str, entities: Sequence[tuple[int, int, str]]) -> list[Mention]:
    """Stand-in mentions from the parser's named entities, for when the actor module has
    not run: enough to resolve "Price" and "he" to "Ned Price", with no actor code."""
    return [Mention(text=text[s:e], start=s, end=e, sentence=-1, code=None,
                    how="person" if label == "PERSON" else "ner")
            for s, e, label in entities if label in _NAMED]


def is_named_person(speaker: Speaker, ctx: _Context) -> bool:
    if not speaker.resolved or speaker.anonymous or speaker.start is None:
        return False
    if (speaker.text or "").lower() in PERSON_PRONOUNS:
        return True
    return any(s < speaker.end and speaker.start < e for s, e in ctx.persons)
