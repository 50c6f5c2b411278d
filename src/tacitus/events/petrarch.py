"""PETRARCH's reading of a clause: which verbs code, who is the source and who the target.

Used when ``CodingOptions.petrarch_slots`` is on (``CodingOptions.petrarch()``), so that
PETRARCH/Phoenix dictionaries code the way their authors wrote them:

- a verb inside the phrase of another coded verb is not coded on its own ("urged Bree to
  help …", "abandoned efforts to stop …"): the outer pattern has read that phrase;
- the source is what the pattern marks ``$`` (or ``%`` before the verb), else the subject
  before the verb (the agent of a passive with "by"); when the pattern took the subject
  as its target, the subject of a governing verb; with no subject at all, the nearest
  actor before the verb;
- the target is what the pattern marks ``+`` (or ``%`` after the verb), else the subject
  of a passive with "by", else the first actor in the verb's phrase; ``%`` before the
  verb makes the event one among the members of that compound;
- a noun phrase names every actor of its coordination ("Mordor, the Shire, Fornost and
  Bree"), and agents combine with the actors they are attached to: "soldiers from Gondor"
  is GONMIL, "lawmakers in Fornost and Gondor" FORLEG and GONLEG, "the ambassadors of
  Arnor, Osgiliath and Gondor" ARNGOV, OSGGOV and GONGOV, "West German world government
  activists" GMWGOV with WGO;
- with PETRARCH's ``new_actor_length`` N > 0, a noun phrase of at most N words that names
  no actor is an actor named by its text ("INJURY TOLL").
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace

from ..model import Mention
from ..nlp import children, sentence_index
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
        stack.extend(c for c in children(t) if c.dep_ in ("conj", "appos"))
    listed = any(c.dep_ == "cc" for t in chain for c in children(t))
    members = [t for t in chain if t is root or t.dep_ != "appos" or (listed and _after_comma(t))]
    return sorted(set(members), key=lambda t: t.i)


def _after_comma(token) -> bool:
    first = token.left_edge.i
    return first > 0 and token.doc[first - 1].text == ","


def np_head(token):
    """The head noun of the phrase a word modifies ("Minas" → "Tirith", "Gondor's" →
    "government")."""
    while token.dep_ in NP_MODIFIERS and token.head.i != token.i and token.head.pos_ in ("NOUN", "PROPN"):
        token = token.head
    return token


def _within_np(t, head) -> bool:
    while t.i != head.i:
        if t.dep_ not in NP_MODIFIERS:
            return False
        t = t.head
    return True


@dataclass(frozen=True)
class PhraseReader:
    """Reads what noun phrases name, given the actor mention at each token."""

    at: Lookup
    text_actors: int = 0  # PETRARCH new_actor_length: 0 means uncoded phrases are no actors

    def names(self, token, climb: bool = True) -> list[Mention]:
        """The actors a noun phrase names, PETRARCH's way (see the module docstring)."""
        members = coordination(np_head(token) if climb else token)
        found: list[tuple[object, Mention]] = []
        for t in members:
            m = self.at(t)
            found.extend([(t, m)] if m is not None else [(t, x) for x in self._inner(t)])
        if not found:  # an unnamed head: the first actor inside ("resumption of ties between …")
            inside = [f for f in (self._first_actor_token(t) for t in members) if f is not None]
            first = min(inside, key=lambda t: t.i, default=None)
            if first is not None and first.i not in {t.i for t in members}:
                return self.names(first, climb=False)
        unnamed = [t for t in members if not any(t is f for f, _ in found)]
        texts = [x for x in (self.text_actor(t) for t in unnamed) if x is not None]
        return _distinct([*self._combine(found), *texts])

    def _combine(self, found: list[tuple[object, Mention]]) -> list[Mention]:
        """Agents of a coordination combine with its actors ("lawmakers and officials in
        Fornost and Gondor"); an agent joined with several actors by "of" is each of them."""
        plain = [m for _, m in found if m.code and not m.roles]
        agents = [m for _, m in found if not m.code and m.roles]
        out: list[Mention] = []
        for t, m in found:
            if m.code and m.roles:  # "the ambassadors of Arnor, Osgiliath and Gondor"
                own = self._attached(t)
                out.extend([compose(a, m.roles, m) for a in own] if len(own) > 1 else [m])
        bases = _distinct([*plain, *(a for t, _ in found for a in self._attached(t))])
        if agents and not bases:  # "Danish media and government": the agents share the country
            bases = _distinct(replace(m, code=m.country, roles=()) for _, m in found
                              if m.code and m.roles and m.country)
        if agents and bases:
            return [*out, *(compose(b, a.roles, a) for b in bases for a in agents)]
        return [*out, *agents, *plain]

    def _inner(self, token) -> list[Mention]:
        """Actors named by the modifiers of an unnamed head: "Eriadori and Calenardhon
        leaders" (ERI, CAL); "West German world government activists" (GMWGOV + WGO)."""
        tokens = [t for t in token.subtree if t.i != token.i and _within_np(t, token)]
        tokens += [c for t in tokens for c in coordination(t) if c.i != token.i]
        found = _distinct(self.at(t) for t in tokens)
        coded = [m for m in found if m.code]
        roles = tuple(r for m in found if not m.code for r in m.roles)
        if len(coded) == 1 and roles:
            return [compose(coded[0], roles, coded[0])]
        return coded

    def _attached(self, token) -> list[Mention]:
        """Actors in prepositional phrases that attach an agent to them ("… in Fornost").

        When the recogniser already joined the agent with the first of them ("ambassadors
        of Arnor" as ARNGOV), that one counts by its country.
        """
        own = self.at(token)
        out = []
        for prep in children(token):
            if prep.dep_ != "prep" or prep.lower_ not in COMPOSING_PREPS:
                continue
            for obj in (c for c in children(prep) if c.dep_ == "pobj"):
                for m in PhraseReader(self.at).names(obj):
                    if m.code and not m.roles:
                        out.append(m)
                    elif own is not None and m.start == own.start and m.country:
                        out.append(replace(m, code=m.country, roles=()))
        return _distinct(out)

    def _first_actor_token(self, token):
        """The first token inside a phrase that belongs to an actor (clauses left out)."""
        best = None
        stack = [token]
        while stack:
            t = stack.pop()
            if self.at(t) is not None and (best is None or t.i < best.i):
                best = t
            stack.extend(c for c in children(t) if c.dep_ not in CLAUSES)
        return best

    def text_actor(self, token) -> Mention | None:
        """A phrase naming no actor, as an actor named by its words (new_actor_length)."""
        if not self.text_actors or token.pos_ not in ("NOUN", "PROPN"):
            return None
        skip = {t.i for c in children(token)
                if c.dep_ in ("conj", "cc", "relcl", "acl", "punct") or (c.dep_ == "appos" and _after_comma(c))
                for t in c.subtree}
        words = [t for t in token.subtree if t.i not in skip and not t.is_punct and t.tag_ != "POS"]
        if not words or len(words) > self.text_actors:
            return None
        start, end = words[0], words[-1]
        sentence = sentence_index(token.doc)[token.i]
        return Mention(
            text=token.doc[start.i : end.i + 1].text, start=start.idx, end=end.idx + len(end.text),
            sentence=sentence, code='"' + " ".join(w.text.upper() for w in words) + '"',
            how="text", head=token.idx,
        )

    def first_phrase(self, tokens) -> Mention | None:
        """The first noun phrase among `tokens`, as a text actor (new_actor_length)."""
        for t in tokens:
            if t.pos_ in ("NOUN", "PROPN") and t.dep_ in ("dobj", "pobj", "attr", "dative", "nsubjpass"):
                return self.text_actor(t)
        return None


# ---------------------------------------------------------------------------------------
# Sources and targets
# ---------------------------------------------------------------------------------------


def _agentive_passive(frame: Frame) -> bool:
    """A passive with a "by" agent: the agent is the source, the subject the target."""
    return frame.passive and any(c.dep_ == "agent" for c in children(frame.trigger))


def _subject_tokens(frame: Frame) -> list:
    """The subject words of a verb: its own, else those of the verbs and adjectives it
    is the complement of ("Arnor is about to restore": Arnor), else the frame's."""
    verb = frame.trigger
    if _agentive_passive(frame):
        return [o for c in children(verb) if c.dep_ == "agent" for o in children(c) if o.dep_ == "pobj"]
    clause = verb
    for _ in range(5):
        own = [c for c in children(clause) if c.dep_ in ("nsubj", "nsubjpass")]
        if own:
            return own
        if clause.dep_ not in ("xcomp", "acomp") or clause.head.i == clause.i:
            break
        clause = clause.head
    return list(frame.subjects)


def petrarch_targets(frame: Frame, match: PatternMatch, reader: PhraseReader) -> list[Mention]:
    """The targets of a matched verb, read the PETRARCH way (see the module docstring)."""
    if match.compound_source:
        return []  # "% HAVE *": the event is between the members of the compound
    if match.targets:
        return _distinct(m for t in match.targets for m in reader.names(t))
    if _agentive_passive(frame):
        subjects = [c for c in children(frame.trigger) if c.dep_ == "nsubjpass"]
        return _distinct(m for t in subjects for m in reader.names(t))
    subjects = _distinct(m for t in _subject_tokens(frame) for m in reader.names(t))
    after = phrase_after(frame.trigger)
    for token in after:
        mention = reader.at(token)
        if mention is None or not _without([mention], subjects):
            continue
        return _without(reader.names(token), subjects) or [mention]
    text = reader.first_phrase(after)
    return [text] if text is not None else []


def petrarch_sources(
    frame: Frame, match: PatternMatch, targets: list[Mention], reader: PhraseReader
) -> list[Mention]:
    """The sources of a matched verb, read the PETRARCH way (see the module docstring)."""
    if match.sources:
        return _distinct(m for t in match.sources for m in reader.names(t))
    trigger = frame.trigger
    written = _subject_tokens(frame)
    subjects = _distinct(m for t in written for m in reader.names(t))
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
                named = _distinct(m for t in subjects_of(verb) for m in reader.names(t))
                if _without(named, targets):
                    return _without(named, targets)
    for token in words_before(trigger):
        mention = reader.at(token)
        if mention is not None and _without([mention], targets):
            return _without(reader.names(token), targets) or [mention]
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
    skip = {c.i for c in children(head) if c.dep_ in ("conj", "cc")}
    out = [t for c in children(head) if c.i not in skip for t in c.subtree]
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
