"""Match verb patterns against the frame of a trigger word and pick the most specific.

Every pattern tried leaves an :class:`Attempt` saying whether it matched and why not,
which is what ``tacitus explain`` prints.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from .frames import Frame
from .patterns import AnyPattern, Element, Pattern, SequencePattern


@dataclass(frozen=True, slots=True)
class Attempt:
    pattern: str
    code: str
    matched: bool
    reason: str
    score: int = 0


@dataclass(frozen=True)
class PatternMatch:
    pattern: AnyPattern
    score: int
    targets: tuple = ()  # tokens the pattern names as target (empty: find by default rules)
    sources: tuple = ()  # tokens the pattern names as source (sequence patterns with "$")
    target_rule: str = "auto"


def match_frame(
    frame: Frame,
    patterns: Sequence[AnyPattern],
    is_actor: Callable[[object], bool],
) -> tuple[PatternMatch | None, list[Attempt]]:
    """The best-matching pattern for a frame (highest specificity, then dictionary order)."""
    best: PatternMatch | None = None
    attempts: list[Attempt] = []
    for pattern in patterns:
        if isinstance(pattern, SequencePattern):
            result, reason = _match_sequence(frame, pattern, is_actor)
        else:
            result, reason = _match_constraints(frame, pattern)
        attempts.append(
            Attempt(pattern.id, pattern.code, result is not None, reason, result.score if result else 0)
        )
        if result is not None and (best is None or result.score > best.score):
            best = result
    return best, attempts


def _match_constraints(frame: Frame, p: Pattern) -> tuple[PatternMatch | None, str]:
    if p.passive is not None and p.passive != frame.passive:
        return None, "voice differs"
    if p.particle:
        verb_preps = {lemma for lemma, tok in frame.preps if tok.head.head.i == frame.trigger.i}
        if p.particle not in frame.particles and p.particle not in verb_preps:
            return None, f"no particle {p.particle!r}"
    if p.objects:
        objects = [o for o in frame.objects if o.lemma_.lower() in p.objects or o.lower_ in p.objects]
        if not objects:
            return None, f"object is not one of {sorted(p.objects)}"
    targets: tuple = ()
    if p.preps:
        hits = [tok for lemma, tok in frame.preps if lemma in p.preps]
        if not hits:
            return None, f"no preposition {'/'.join(sorted(p.preps))} with an object"
        if p.target == "prep":
            targets = tuple(hits)
    words = frame.domain_words
    if frame.pos == "noun":
        words = words | {t.lemma_.lower() for t in frame.trigger.subtree} | {
            t.lower_ for t in frame.trigger.subtree
        }
    for needed in p.words:
        if not (needed & words):
            return None, f"none of {sorted(needed)} in the phrase"
    if p.xcomp and not any(x.lemma_.lower() in p.xcomp for x in frame.xcomps):
        return None, f"no controlled verb {'/'.join(sorted(p.xcomp))}"
    if p.target == "object":
        targets = tuple(frame.objects)
    return PatternMatch(p, 10 + p.specificity, targets=targets, target_rule=p.target), "matched"


def _token_matches(element: Element, token) -> bool:
    lower, lemma = token.lower_, token.lemma_.lower()
    if element.prefix:
        return any(lower.startswith(w) or lemma.startswith(w) for w in element.words)
    return lower in element.words or lemma in element.words


def _match_sequence(frame: Frame, p: SequencePattern, is_actor) -> tuple[PatternMatch | None, str]:
    if p.particle and p.particle not in frame.particles and p.particle not in {
        lemma for lemma, _ in frame.preps
    }:
        return None, f"no particle {p.particle!r}"
    after = _subsequence(p.after, frame.domain, is_actor)
    if after is None:
        return None, "words after the verb not found in order"
    before = _subsequence(tuple(reversed(p.before)), list(reversed(frame.before)), is_actor)
    if before is None:
        return None, "words before the verb not found"
    targets = tuple(after["target"] + before["target"])
    sources = tuple(after["source"] + before["source"])
    return (
        PatternMatch(p, 10 + p.specificity, targets=targets, sources=sources,
                     target_rule="prep" if targets else "auto"),
        "matched",
    )


def _subsequence(elements: Sequence[Element], tokens: list, is_actor) -> dict | None:
    """Match elements in order against tokens (gaps allowed unless `adjacent`)."""
    found = {"target": [], "source": []}
    pos = 0
    previous = -1
    for element in elements:
        if element.kind == "any":
            continue
        hit = None
        for k in range(pos, len(tokens)):
            token = tokens[k]
            if element.adjacent and previous >= 0 and k != previous + 1:
                break
            if element.kind in ("target", "source"):
                if is_actor(token):
                    hit = k
                    found[element.kind].append(token)
                    break
            elif _token_matches(element, token):
                hit = k
                break
        if hit is None:
            if element.kind in ("target", "source"):
                continue  # an absent actor slot does not block the pattern
            return None
        previous = hit
        pos = hit + 1
    return found
