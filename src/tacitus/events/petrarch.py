"""PETRARCH's reading of a verb phrase: who is the source and who the target.

Used when ``CodingOptions.petrarch_slots`` is on (``CodingOptions.petrarch()``), so that
PETRARCH/Phoenix dictionaries code the way their authors wrote them:

- the source is what the pattern marks ``$`` (or ``%`` before the verb); otherwise the
  subject of the verb (the agent of a passive); when the pattern took the subject as its
  target, the subject of a governing verb ("Gondor's minister noted that Mordor
  regretted …": Gondor's minister); failing that, the nearest actor before the verb;
- the target is what the pattern marks ``+`` (or ``%`` after the verb); otherwise the
  passive subject of a passive verb; otherwise the first actor in the verb's phrase, with
  the actors coordinated with it ("… ties with Gondor and Arnor").
"""

from __future__ import annotations

from collections.abc import Callable

from ..model import Mention
from .frames import Frame, subjects_of
from .match import PatternMatch, _coordinated, phrase_after, words_before

Lookup = Callable[[object], Mention | None]


def _distinct(mentions) -> list[Mention]:
    out: list[Mention] = []
    for m in mentions:
        if m is not None and not any(m is o for o in out):
            out.append(m)
    return out


def _without(mentions: list[Mention], excluded: list[Mention]) -> list[Mention]:
    return [m for m in mentions if not any(m is x or m.start == x.start for x in excluded)]


def petrarch_targets(frame: Frame, match: PatternMatch, at: Lookup, under: Lookup) -> list[Mention]:
    """The targets of a matched verb, read the PETRARCH way (see the module docstring)."""
    if match.targets:
        return _distinct(under(t) for t in match.targets)
    if frame.passive:
        return _distinct(under(o) for o in frame.objects if o.dep_ == "nsubjpass")
    subjects = _distinct(under(s) for s in frame.subjects)
    for token in phrase_after(frame.trigger):
        mention = at(token)
        if mention is None or _without([mention], subjects) == []:
            continue
        members = _coordinated(token, at)
        return _distinct(at(m) or under(m) for m in members) if members else [mention]
    return []


def petrarch_sources(
    frame: Frame, match: PatternMatch, targets: list[Mention], at: Lookup, under: Lookup
) -> list[Mention]:
    """The sources of a matched verb, read the PETRARCH way (see the module docstring)."""
    if match.sources:
        return _distinct(under(s) for s in match.sources)
    found = _without(_distinct(under(s) for s in frame.subjects), targets)
    if found:
        return found
    verb = frame.trigger
    for _ in range(4):  # a governing verb's subject
        if verb.head.i == verb.i:
            break
        verb = verb.head
        if verb.pos_ in ("VERB", "AUX"):
            found = _without(_distinct(under(s) for s in subjects_of(verb)), targets)
            if found:
                return found
    for token in words_before(frame.trigger):
        mention = at(token)
        if mention is not None and _without([mention], targets):
            return [mention]
    return []
