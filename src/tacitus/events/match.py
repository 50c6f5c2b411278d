"""Match verb patterns against the frame of a trigger word and pick the most specific.

Every pattern tried leaves an :class:`Attempt` saying whether it matched and why not,
which is what ``tacitus explain`` prints.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from ..nlp import children, sentence_of
from .frames import Frame, coordinated_subjects
from .patterns import NO_PARTICLE, AnyPattern, Element, Pattern, SequencePattern


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
    compound_source: bool = False  # PETRARCH "%" before the verb: events among its members


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
        if result is None:
            attempts.append(_failed(pattern.id, pattern.code, reason))
        else:
            attempts.append(Attempt(pattern.id, pattern.code, True, reason, result.score))
        if result is not None and (best is None or result.score > best.score):
            best = result
    return best, attempts


def _match_constraints(frame: Frame, p: Pattern) -> tuple[PatternMatch | None, str]:
    if p.passive is not None and p.passive != frame.passive:
        return None, "voice differs"
    # A preposition on the verb can stand for its particle ("called on Israel", "appealed
    # to the UN for aid"), but not one that introduces a time ("called Morrison on
    # Wednesday"): Frame.verb_preps. A preposition standing in for the particle is weaker
    # evidence than the particle: "stopped work over the bill" is no stop-over.
    particle = p.particle  # (read once: tried ~7 times per trigger)
    weak_particle = False
    if particle == NO_PARTICLE:
        if frame.particles:
            return None, f"has the particle {sorted(frame.particles)[0]!r}"
    elif not particle or particle in frame.particles:
        pass
    elif particle in frame.verb_preps:
        weak_particle = True
    else:
        return None, _no_particle(particle)
    if p.objects and not _objects_fit(frame, p.objects):
        return None, _why("object is not one of {}", p.objects)
    targets: tuple = ()
    nested_prep = False
    if p.preps:
        hits = [tok for lemma, tok in frame.preps if lemma in p.preps]
        if not hits:
            return None, _why("no preposition {} with an object", p.preps, either=True)
        # a preposition of a phrase further in ("agreed to mediation in the talks with
        # the Palestinians") is weaker evidence than one on the trigger itself
        nested_prep = not any(tok.head.head.i == frame.trigger.i for tok in hits)
        if p.target in ("prep", "source-prep"):
            targets = tuple(hits)
    # The phrase's words are gathered only for patterns that name some, and only when the
    # sentence has some of them (most often it has none).
    for needed in p.words:
        if ((needed.isdisjoint(frame.sentence_words) or needed.isdisjoint(frame.domain_words))
                and not (JOINT in needed and coordinated_subjects(frame))):
            return None, _why("none of {} in the phrase", needed)
    if p.xcomp and not any(x.lemma_.lower() in p.xcomp or "*" in p.xcomp for x in frame.xcomps):
        return None, _why("no controlled verb {}", p.xcomp, either=True)
    if p.subjects:
        heads = [t for group in (frame.subjects, *frame.source_alternatives) for t in group]
        if not any(t.lemma_.lower() in p.subjects or t.lower_ in p.subjects for t in heads):
            return None, _why("subject is not one of {}", p.subjects)
    if p.subject_words:
        words = subject_words(frame)
        for needed in p.subject_words:
            if needed.isdisjoint(words):
                return None, _why("none of {} in the subject", needed)
    if p.target == "object":
        targets = tuple(frame.objects)
    generic = "@any" in p.objects  # a generic reading loses every tie
    score = 10 + p.specificity - generic - weak_particle - nested_prep
    return PatternMatch(p, score, targets=targets, target_rule=p.target), "matched"


# A pattern's `words:` alternative that a subject of two or more parties also satisfies:
# "China and Russia held naval drills" are joint drills.
JOINT = "@joint"


def subject_words(frame: Frame) -> frozenset[str]:
    """Words and lemmas of the subject phrases ("peacekeeping troops arrived"), without
    the clauses that describe them."""
    words = set()
    for head in frame.subjects:
        stack = [head]
        while stack:
            t = stack.pop()
            words.update((t.lower_, t.lemma_.lower()))
            stack.extend(c for c in children(t) if c.dep_ not in ("relcl", "acl", "appos", "conj", "punct"))
    return frozenset(words)


# Object classes a pattern may name instead of words: "@person" is a named person or a
# group named by nationality, religion or politics ("released Pablo Moncayo", "freed 19
# Christians"); "@any" is any object at all (the generic reading of a verb, which ranks
# below every pattern that names its object).
OBJECT_CLASSES = {"@person": frozenset({"PERSON", "NORP"})}


def _objects_fit(frame: Frame, wanted: frozenset[str]) -> bool:
    """Whether some object of the frame is one of the `wanted` words (by form or lemma),
    any object at all for "@any", or of a wanted object class."""
    if not frame.objects:
        return False
    if "@any" in wanted or not wanted.isdisjoint(frame.object_words):
        return True
    classes = _classes_in(wanted)
    return bool(classes) and any(_named_as(o, classes) for o in frame.objects)


def _named_as(token, classes: tuple[frozenset[str], ...]) -> bool:
    """Whether the token, or a name in apposition to it ("the governor, Alan Jara"), is an
    entity of one of the classes' labels."""
    named = [token, *(c for c in children(token) if c.dep_ == "appos")]
    return any(t.ent_type_ in labels for labels in classes for t in named)


@functools.lru_cache(maxsize=4096)
def _classes_in(wanted: frozenset[str]) -> tuple[frozenset[str], ...]:
    """The entity labels of each object class a pattern's object words name (most name none)."""
    return tuple(OBJECT_CLASSES[c] for c in wanted if c in OBJECT_CLASSES)


# The reason of a failed attempt, with the pattern's words as a list (or "a/b"): built once
# per reason and set of words (the same few hundred sets are tried tens of thousands of times).
@functools.lru_cache(maxsize=8192)
def _why(template: str, words: frozenset[str], either: bool = False) -> str:
    return template.format("/".join(sorted(words)) if either else str(sorted(words)))


@functools.lru_cache(maxsize=1024)
def _no_particle(particle: str) -> str:
    return f"no particle {particle!r}"


# A failed attempt, shared by every frame its pattern fails on for the same reason: an
# Attempt is frozen, and building one (per pattern tried, ~7 per trigger) cost more than
# most of the tests that failed.
@functools.lru_cache(maxsize=1 << 15)
def _failed(pattern: str, code: str, reason: str) -> Attempt:
    return Attempt(pattern, code, False, reason)


def _token_matches(element: Element, token) -> bool:
    lower = token.lower_
    lemma = token.lemma_.lower() if element.lemmas else lower
    if element.prefix:
        return any(lower.startswith(w) or lemma.startswith(w) for w in element.words)
    return lower in element.words or lemma in element.words


def _phrase_length_at(element: Element, tokens: Sequence, k: int, reverse: bool) -> int:
    """How many tokens from `k` one of the element's alternatives covers (0: no match)."""
    best = 1 if element.words and _token_matches(element, tokens[k]) else 0
    for phrase in element.phrases:
        words = tuple(reversed(phrase)) if reverse else phrase
        end = k + len(words)
        if end <= len(tokens) and len(words) > best and all(
            tokens[k + j].lower_ == w for j, w in enumerate(words)
        ):
            best = len(words)
    return best


def phrase_after(trigger) -> list:
    """The tokens a sequence pattern reads after its verb: the verb's own phrase to its
    right (objects, prepositional phrases and their clauses), without coordinated verbs
    and punctuation."""
    skip = {c.i for c in children(trigger) if c.i > trigger.i and c.dep_ in ("conj", "cc")}
    out = []
    for child in children(trigger):
        if child.i <= trigger.i or child.i in skip:
            continue
        out.extend(t for t in child.subtree if not t.is_punct)
    out.sort(key=lambda t: t.i)
    return out


def words_before(trigger) -> list:
    """The tokens a sequence pattern reads before its verb: the sentence up to the verb,
    nearest first, without punctuation."""
    sent = sentence_of(trigger)
    return [t for t in reversed(trigger.doc[sent.start : trigger.i]) if not t.is_punct]


def _match_sequence(frame: Frame, p: SequencePattern, is_actor) -> tuple[PatternMatch | None, str]:
    """Match a PETRARCH-style pattern: `after` in order through the verb's phrase,
    `before` leftwards through the sentence. `is_actor(token)` returns the actor mention
    at a token (or None); actor slots must be filled."""
    if p.particle and p.particle not in frame.particles and p.particle not in {
        lemma for lemma, _ in frame.preps
    }:
        return None, f"no particle {p.particle!r}"
    after = _subsequence(p.after, phrase_after(frame.trigger), is_actor)
    if after is None:
        return None, "words after the verb not found in order"
    before = _subsequence(tuple(reversed(p.before)), words_before(frame.trigger), is_actor, reverse=True)
    if before is None:
        return None, "words before the verb not found"
    targets = tuple(after["target"] + after["compound"] + before["target"])
    sources = tuple(before["source"] + before["compound"] + after["source"])
    return (
        PatternMatch(p, 10 + p.specificity, targets=targets, sources=sources,
                     target_rule="prep" if targets else "auto",
                     compound_source=bool(before["compound"])),
        "matched",
    )


def _subsequence(elements: Sequence[Element], tokens: list, is_actor, reverse: bool = False) -> dict | None:
    """Match elements in order against tokens, outwards from the verb.

    Gaps are allowed unless an element is `adjacent` (it must start right after the
    previous element, the first one right next to the verb). An actor slot takes a whole
    mention; a compound slot the whole coordination it belongs to.
    """
    found: dict[str, list] = {"target": [], "source": [], "compound": [], "skip": []}
    pos = 0
    for element in elements:
        if element.kind == "any":
            continue
        last = pos if element.adjacent else len(tokens) - 1
        hit = None
        for k in range(pos, min(last, len(tokens) - 1) + 1):
            if element.kind == "word":
                length = _phrase_length_at(element, tokens, k, reverse)
                if length:
                    hit = k + length
                    break
                continue
            mention = is_actor(tokens[k])
            if not mention:
                continue
            members = _coordinated(tokens[k], is_actor) if element.kind == "compound" else [tokens[k]]
            if not members:
                continue
            found[element.kind].extend(members)
            hit = _past_mention(tokens, k, mention, is_actor, members)
            break
        if hit is None:
            return None
        pos = hit
    return found


def _past_mention(tokens: list, k: int, mention, is_actor, members: list) -> int:
    """The position after the actor at `k` (after the whole coordination for compounds)."""
    span = {t.i for m in members for t in _mention_tokens(m, is_actor)}
    end = k + 1
    while end < len(tokens) and (is_actor(tokens[end]) is mention or tokens[end].i in span
                                 or (span and tokens[end].dep_ == "cc" and min(span) < tokens[end].i < max(span))):
        end += 1
    return end


def _mention_tokens(token, is_actor) -> list:
    """The tokens of the sentence that belong to the same mention as `token`."""
    mention = is_actor(token)
    out = [token]
    for step in (-1, 1):
        i = token.i + step
        while 0 <= i < len(token.doc) and is_actor(token.doc[i]) is mention:
            out.append(token.doc[i])
            i += step
    return out


def _coordinated(token, is_actor) -> list:
    """The actors coordinated with the one at `token` ("Gondor and Osgiliath"), one token
    each, when there are at least two; else an empty list."""
    from .frames import expand_conjuncts

    head = token
    while head.dep_ != "conj" and head.head.i != head.i and is_actor(head.head) is is_actor(token):
        head = head.head
    root = head
    while root.dep_ == "conj":
        root = root.head
    members = []
    seen = []
    for member in expand_conjuncts(root):
        mention = is_actor(member) or _actor_inside(member, is_actor)
        if mention and not any(mention is m for m in seen):
            seen.append(mention)
            members.append(member)
    return members if len(members) >= 2 else []


def _actor_inside(token, is_actor):
    for t in token.subtree:
        if t.dep_ in ("conj", "cc", "appos", "relcl", "acl"):
            continue
        mention = is_actor(t)
        if mention:
            return mention
    return None
