"""PETRARCH's reading of a clause: which verbs code, who is the source and who the target.

Used when ``CodingOptions.petrarch_slots`` is on (``CodingOptions.petrarch()``), so that
PETRARCH/Phoenix dictionaries code the way their authors wrote them:

- a verb inside the phrase of another coded verb is not coded on its own ("urged Bree to
  help …", "abandoned efforts to stop …"): the outer pattern has read that phrase;
- the source is what the pattern marks ``$`` (or ``%`` before the verb), else the subject
  before the verb (the agent of a passive with "by"); when the pattern took the subject
  as its target, the subject of a governing verb; failing that the nearest actor before
  the verb;
- the target is what the pattern marks ``+`` (or ``%`` after the verb), else the subject
  of a passive with "by", else the first actor in the verb's phrase;
- a noun phrase names every actor of its coordination ("Mordor, the Shire, Fornost and
  Bree"), and agents combine with the actors they are attached to: "soldiers from Gondor"
  is GONMIL, "lawmakers in Fornost and Gondor" FORLEG and GONLEG, "the ambassadors of
  Arnor, Osgiliath and Gondor" ARNGOV, OSGGOV and GONGOV, "West German world government
  activists" GMWGOV with WGO.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from ..model import Mention
from .frames import Frame, subjects_of
from .match import PatternMatch, phrase_after, words_before

Lookup = Callable[[object], Mention | None]

# Prepositions that attach an agent to its actor: "soldiers from Gondor", "officials in X".
COMPOSING_PREPS = frozenset({"of", "in", "from"})
# Dependents inside a noun phrase (its modifiers), as opposed to clauses and PPs.
NP_MODIFIERS = frozenset({"compound", "amod", "nmod", "poss", "det", "nummod", "quantmod", "case"})
CLAUSES = frozenset({"relcl", "acl", "ccomp", "advcl", "xcomp", "parataxis", "punct", "cc"})


def _distinct(mentions) -> list[Mention]:
    out: list[Mention] = []
    for m in mentions:
        if m is not None and not any(m is o or _same(m, o) for o in out):
            out.append(m)
    return out


def _same(a: Mention, b: Mention) -> bool:
    return (a.start, a.end, a.code, a.roles) == (b.start, b.end, b.code, b.roles)


def _without(mentions: list[Mention], excluded: list[Mention]) -> list[Mention]:
    return [m for m in mentions if not any(m.start == x.start and m.code == x.code for x in excluded)]


# ---------------------------------------------------------------------------------------
# What a noun phrase names
# ---------------------------------------------------------------------------------------


def coordination(token) -> list:
    """The members of the coordination `token` belongs to: conjuncts, and appositions that
    continue a comma-separated list ("Mordor, the Shire, Fornost and Bree")."""
    root = token
    while root.dep_ == "conj" and root.head.i != root.i:
        root = root.head
    chain = []
    stack = [root]
    while stack:
        t = stack.pop()
        chain.append(t)
        stack.extend(c for c in t.children if c.dep_ in ("conj", "appos"))
    listed = any(c.dep_ == "cc" for t in chain for c in t.children)
    members = [t for t in chain if t is root or t.dep_ != "appos" or (listed and _after_comma(t))]
    return sorted(set(members), key=lambda t: t.i)


def _after_comma(token) -> bool:
    first = token.left_edge.i
    return first > 0 and token.doc[first - 1].text == ","


def _chunks(code: str) -> list[str]:
    return [code[i : i + 3] for i in range(0, len(code), 3)]


def compose(base: Mention, roles: tuple[str, ...], like: Mention) -> Mention:
    """The actor `base` with agent `roles` added (those it does not already carry), as the
    mention `like` (the agent's words)."""
    parts = []
    for code in (base.code or "").split("/"):
        have = _chunks(code)[1:]
        parts.append(code + "".join(r for r in roles if r not in have))
    return replace(like, code="/".join(parts), country=base.country,
                   roles=tuple(dict.fromkeys((*base.roles, *roles))), actor=None)


def _inner(token, at: Lookup) -> list[Mention]:
    """Actors named by the modifiers of an unnamed head: "Eriadori and Calenardhon
    leaders" (ERI, CAL); "West German world government activists" (GMWGOV with the agent
    WGO)."""
    tokens = [t for t in token.subtree if t.i != token.i and _within_np(t, token)]
    tokens += [c for t in tokens for c in coordination(t) if c.i != token.i]
    found = _distinct(at(t) for t in tokens)
    coded = [m for m in found if m.code]
    roles = tuple(r for m in found if not m.code for r in m.roles)
    if len(coded) == 1 and roles:
        return [compose(coded[0], roles, coded[0])]
    return coded


def _within_np(t, head) -> bool:
    while t.i != head.i:
        if t.dep_ not in NP_MODIFIERS:
            return False
        t = t.head
    return True


def _attached_actors(token, at: Lookup, under: Lookup) -> list[Mention]:
    """Actors in prepositional phrases that attach an agent to them ("… in Fornost").

    When the recogniser already joined the agent with the first of them ("ambassadors of
    Arnor" as ARNGOV), that one counts by its country.
    """
    own = at(token)
    out = []
    for prep in token.children:
        if prep.dep_ == "prep" and prep.lower_ in COMPOSING_PREPS:
            for obj in prep.children:
                if obj.dep_ != "pobj":
                    continue
                for m in names(obj, at, under):
                    if m.code and not m.roles:
                        out.append(m)
                    elif own is not None and m.start == own.start and m.country:
                        out.append(replace(m, code=m.country, roles=()))
    return _distinct(out)


def np_head(token):
    """The head noun of the phrase a word modifies ("Minas" → "Tirith", "Gondor's" →
    "government")."""
    while token.dep_ in NP_MODIFIERS and token.head.i != token.i and token.head.pos_ in ("NOUN", "PROPN"):
        token = token.head
    return token


def names(token, at: Lookup, under: Lookup, climb: bool = True) -> list[Mention]:
    """The actors a noun phrase names, PETRARCH's way (see the module docstring)."""
    members = coordination(np_head(token) if climb else token)
    found: list[tuple[object, Mention]] = []
    for t in members:
        m = at(t)
        found.extend([(t, m)] if m is not None else [(t, x) for x in _inner(t, at)])
    if not found:  # an unnamed head: the first actor inside the phrase ("Resumption of ties between Arnor and Gondor")
        inside = [f for f in (_first_actor_token(t, at) for t in members) if f is not None]
        first = min(inside, key=lambda t: t.i, default=None)
        if first is not None and first.i not in {t.i for t in members}:
            return names(first, at, under, climb=False)
        return []
    plain = [m for _, m in found if m.code and not m.roles]
    agents = [(t, m) for t, m in found if not m.code and m.roles]
    composed = [(t, m) for t, m in found if m.code and m.roles]
    attached = _distinct(a for t, _ in found for a in _attached_actors(t, at, under))
    out: list[Mention] = []
    for t, m in composed:  # "the ambassadors of Arnor, Osgiliath and Gondor"
        own = _attached_actors(t, at, under)
        out.extend(compose(a, m.roles, m) for a in own) if len(own) > 1 else out.append(m)
    bases = _distinct([*plain, *attached])
    if agents and not bases:  # "Danish media and government": the agents share the country
        bases = _distinct(replace(m, code=m.country, roles=()) for _, m in composed if m.country)
    if agents and bases:
        out.extend(compose(b, m.roles, m) for b in bases for _, m in agents)
    else:
        out.extend(m for _, m in agents)
        out.extend(plain)
    return _distinct(out)


def _first_actor_token(token, at: Lookup):
    """The first token inside a phrase that belongs to an actor (clauses left out)."""
    best = None
    stack = [token]
    while stack:
        t = stack.pop()
        if at(t) is not None and (best is None or t.i < best.i):
            best = t
        stack.extend(c for c in t.children if c.dep_ not in CLAUSES)
    return best


# ---------------------------------------------------------------------------------------
# Sources and targets
# ---------------------------------------------------------------------------------------


def _agentive_passive(frame: Frame) -> bool:
    """A passive with a "by" agent: the agent is the source, the subject the target."""
    return frame.passive and any(c.dep_ == "agent" for c in frame.trigger.children)


def _subject_tokens(frame: Frame) -> list:
    """The subject words of a verb: its own, else those of the verbs and adjectives it
    is the complement of ("Arnor is about to restore": Arnor), else the frame's."""
    verb = frame.trigger
    if _agentive_passive(frame):
        return [o for c in verb.children if c.dep_ == "agent" for o in c.children if o.dep_ == "pobj"]
    clause = verb
    for _ in range(5):
        own = [c for c in clause.children if c.dep_ in ("nsubj", "nsubjpass")]
        if own:
            return own
        if clause.dep_ not in ("xcomp", "acomp") or clause.head.i == clause.i:
            break
        clause = clause.head
    return list(frame.subjects)


def petrarch_targets(frame: Frame, match: PatternMatch, at: Lookup, under: Lookup) -> list[Mention]:
    """The targets of a matched verb, read the PETRARCH way (see the module docstring)."""
    if match.compound_source:
        return []  # "% HAVE *": the event is between the members of the compound
    if match.targets:
        return _distinct(m for t in match.targets for m in names(t, at, under))
    if _agentive_passive(frame):
        subjects = [c for c in frame.trigger.children if c.dep_ == "nsubjpass"]
        return _distinct(m for t in subjects for m in names(t, at, under))
    subjects = _distinct(m for t in _subject_tokens(frame) for m in names(t, at, under))
    for token in phrase_after(frame.trigger):
        mention = at(token)
        if mention is None or not _without([mention], subjects):
            continue
        return _without(names(token, at, under), subjects) or [mention]
    return []


def petrarch_sources(
    frame: Frame, match: PatternMatch, targets: list[Mention], at: Lookup, under: Lookup
) -> list[Mention]:
    """The sources of a matched verb, read the PETRARCH way (see the module docstring)."""
    if match.sources:
        return _distinct(m for t in match.sources for m in names(t, at, under))
    trigger = frame.trigger
    written = _subject_tokens(frame)
    subjects = _distinct(m for t in written for m in names(t, at, under))
    if written and not subjects:
        return []  # the subject is there and names no actor ("he said …")
    if not _agentive_passive(frame):
        subjects = [m for m in subjects if m.start < trigger.idx]  # a subject precedes its verb
    found = _without(subjects, targets)
    if found:
        return found
    if subjects:  # the pattern made the subject its target: a governing verb's subject
        verb = trigger
        for _ in range(4):
            if verb.head.i == verb.i:
                break
            verb = verb.head
            if verb.pos_ in ("VERB", "AUX"):
                heads = subjects_of(verb)
                found = _without(_distinct(m for t in heads for m in names(t, at, under)), targets)
                if found:
                    return found
    for token in words_before(trigger):
        mention = at(token)
        if mention is not None and _without([mention], targets):
            return _without(names(token, at, under), targets) or [mention]
    return []


# ---------------------------------------------------------------------------------------
# Which verbs code
# ---------------------------------------------------------------------------------------


def clause_after(trigger) -> list:
    """The verb's phrase, and what its clause has after it when the verb is the complement
    of a raising or control word ("Arnor is about to restore X after Y burned …": the
    after-clause hangs on "is")."""
    head = trigger
    while head.dep_ in ("xcomp", "acomp") and head.head.i != head.i:
        head = head.head
    if head.i == trigger.i:
        return phrase_after(trigger)
    skip = {c.i for c in head.children if c.dep_ in ("conj", "cc")}
    out = [t for c in head.children if c.i not in skip for t in c.subtree]
    return [t for t in out if t.i > trigger.i and not t.is_punct]


def embedded_triggers(triggers: list) -> set[int]:
    """Triggers inside the phrase of another trigger: PETRARCH codes the outer verb only."""
    inside: set[int] = set()
    for outer in triggers:
        phrase = {t.i for t in clause_after(outer)}
        inside.update(t.i for t in triggers if t.i != outer.i and t.i in phrase)
    return inside


def has_object_phrase(trigger) -> bool:
    """Whether a verb's phrase has a noun phrase PETRARCH could take as a (null) target:
    "said on Saturday" has one, "said today" (a time adverbial) has none."""
    return any(
        t.pos_ in ("NOUN", "PROPN") and t.dep_ not in ("npadvmod", "compound")
        for t in phrase_after(trigger)
    )
